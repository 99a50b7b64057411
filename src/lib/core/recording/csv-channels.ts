/**
 * The channels a recording's CSV rows fill: each takes the rows where its cells are filled, into
 * growable Float64Array buffers, and the filled ones become the Recording.
 */
import type { Recording } from './recording';
import { AX, AY, AZ, ECG, RESP, RR } from './csv-columns';
import { CsvError, quote } from './csv-text';

const ACC_MASK = (1 << AX) | (1 << AY) | (1 << AZ);

/** A Float64Array that doubles when full; `done()` returns an exactly sized copy. */
class Grow {
	a = new Float64Array(4096);
	n = 0;
	push(v: number): void {
		if (this.n === this.a.length) {
			const b = new Float64Array(this.a.length * 2);
			b.set(this.a);
			this.a = b;
		}
		this.a[this.n++] = v;
	}
	done(): Float64Array {
		return this.a.slice(0, this.n);
	}
}

/** Which channels the header has, and how a role's column is named in messages. */
export interface ChannelColumns {
	hasResp: boolean;
	hasAcc: boolean;
	hasRr: boolean;
	hasEcg: boolean;
	label: (role: number) => string;
}

export class Channels {
	private readonly respT = new Grow();
	private readonly respV = new Grow();
	private readonly accT = new Grow();
	private readonly accX = new Grow();
	private readonly accY = new Grow();
	private readonly accZ = new Grow();
	private readonly rrT = new Grow();
	private readonly rrV = new Grow();
	private readonly ecgT = new Grow();
	private readonly ecgV = new Grow();

	constructor(private readonly columns: ChannelColumns) {}

	/**
	 * One row at time `t`: `vals[role]` holds a number where bit `role` of `mask` is set; `cells`
	 * are the row's texts for messages.
	 */
	add(t: number, mask: number, vals: Float64Array, cells: string[], lineNo: number): void {
		if (mask & (1 << RESP)) {
			this.respT.push(t);
			this.respV.push(vals[RESP]);
		}
		const acc = mask & ACC_MASK;
		if (acc === ACC_MASK) {
			this.accT.push(t);
			this.accX.push(vals[AX]);
			this.accY.push(vals[AY]);
			this.accZ.push(vals[AZ]);
		} else if (acc !== 0) {
			const label = this.columns.label;
			const have = [AX, AY, AZ].filter((r) => mask & (1 << r)).map((r) => label(r));
			const lack = [AX, AY, AZ].filter((r) => !(mask & (1 << r))).map((r) => label(r));
			throw new CsvError(
				`partial accelerometer row: ${have.join(' and ')} ${have.length > 1 ? 'have values' : 'has a value'} but ${lack.join(' and ')} ${lack.length > 1 ? 'are' : 'is'} empty (fill all three or none)`,
				lineNo
			);
		}
		if (mask & (1 << RR)) {
			const rr = vals[RR];
			if (!(rr > 0)) {
				throw new CsvError(
					`column ${this.columns.label(RR)}: ${quote(cells[RR].trim())} is not a positive R-R interval in ms`,
					lineNo
				);
			}
			this.rrT.push(t);
			this.rrV.push(rr);
		}
		if (mask & (1 << ECG)) {
			this.ecgT.push(t);
			this.ecgV.push(vals[ECG]);
		}
	}

	/** The channels that got values, as a Recording; empty channels are left out with a warning. */
	recording(warnings: string[]): Recording {
		const { hasResp, hasAcc, hasRr, hasEcg, label } = this.columns;
		const { respT, respV, accT, accX, accY, accZ, rrT, rrV, ecgT, ecgV } = this;
		const recording: Recording = {};
		const empty: string[] = [];
		if (hasResp) {
			if (respT.n) recording.resp = { t: respT.done(), value: respV.done() };
			else empty.push(label(RESP));
		}
		if (hasAcc) {
			if (accT.n) recording.acc = { t: accT.done(), x: accX.done(), y: accY.done(), z: accZ.done() };
			else empty.push(`${label(AX)}/${label(AY)}/${label(AZ)}`);
		}
		if (hasRr) {
			if (rrT.n) recording.rr = { t: rrT.done(), rrMs: rrV.done() };
			else empty.push(label(RR));
		}
		if (hasEcg) {
			if (ecgT.n) recording.ecg = { t: ecgT.done(), value: ecgV.done() };
			else empty.push(label(ECG));
		}
		if (!recording.resp && !recording.acc && !recording.rr && !recording.ecg) {
			throw new CsvError(
				`no data: ${empty.join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty on every row`
			);
		}
		for (const e of empty) warnings.push(`column ${e} has no values and was left out`);
		return recording;
	}
}
