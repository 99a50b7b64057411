/**
 * The breathing signal for the live chart, at 5 points a second (about one per pixel of a phone's
 * 60-s chart): the belt's stretch, or the chest
 * accelerometer projected on the axis it moves most along (found continuously, as it changes with
 * posture). A pause in the samples becomes a NaN point, so the chart shows a gap, never a line
 * drawn across missing data. Runs in the worker with the engine; allocation only per output point.
 * It is drawn the way up the engine says an inhale goes (`orient`): the chart and the breaths
 * share one decision of which way is "in". When that decision turns the signal over (calibration
 * decides, or a stronger decision corrects it), the line already drawn turns over with it
 * (`TracePoints.turned`): one continuous line the right way up, never a step or a kink where the
 * engine made up its mind.
 */
import type { InhaleDirection } from '../engine/engine';
import type { SampleChunk } from '../types';

const OUT_HZ = 5;
/** A jump in sample times longer than this is a gap in the chart. */
const GAP_S = 1;
/** Time constants (s): the chest's resting position, and the axis it breathes along. */
const MEAN_TAU = 8;
const AXIS_TAU = 20;

export interface TracePoints {
	t: number[];
	v: number[];
	/** The points drawn before these are to be turned over (negated) before these are added. */
	turned: boolean;
}

function noPoints(): TracePoints {
	return { t: [], v: [], turned: false };
}

export class DisplaySignal {
	private out = noPoints();
	private sumT = 0;
	private sum = [0, 0, 0];
	private count = 0;
	private binEnd = NaN;
	private lastT = NaN;
	// Chest: running mean, covariance and breathing axis.
	private mean: number[] | null = null;
	private cov = [0, 0, 0, 0, 0, 0];
	private axis = [1, 0, 0];
	/** Which way is "in", from the engine; until it says, the signal as it comes. */
	private inhale: InhaleDirection | null = null;
	/** The sign every point so far is drawn with (the ones taken and the ones waiting). */
	private up: 1 | -1 = 1;

	/** The signal to follow ('resp' when there is a belt, else 'acc'); the other is ignored. */
	constructor(public source: 'resp' | 'acc') {}

	push(chunk: SampleChunk): void {
		if (chunk.kind !== this.source) return;
		for (let i = 0; i < chunk.n; i++) {
			const t = chunk.t[i];
			if (!(t > this.lastT) && this.lastT === this.lastT) continue;
			if (t - this.lastT > GAP_S) {
				this.flushBin();
				this.emit((this.lastT + t) / 2, NaN);
			}
			this.lastT = t;
			if (!(t < this.binEnd)) {
				this.flushBin();
				this.binEnd = (Math.floor(t * OUT_HZ) + 1) / OUT_HZ;
			}
			this.sumT += t;
			if (chunk.kind === 'acc') {
				this.sum[0] += chunk.x[i];
				this.sum[1] += chunk.y[i];
				this.sum[2] += chunk.z[i];
			} else if (chunk.kind === 'resp') this.sum[0] += chunk.value[i];
			this.count++;
		}
	}

	/** Draw an inhale upwards, as the engine decided it (the line drawn so far turns over if need be). */
	orient(inhale: InhaleDirection | null): void {
		this.inhale = inhale;
	}

	/** Points since the last call. */
	take(): TracePoints {
		const out = this.out;
		this.out = noPoints();
		return out;
	}

	private flushBin(): void {
		if (!this.count) return;
		const n = this.count;
		const t = this.sumT / n;
		const inhale = this.inhale;
		let v: number;
		if (this.source === 'resp') {
			v = this.sum[0] / n;
			this.turn(inhale?.source === 'resp' ? inhale.sign : 1);
		} else v = this.project(this.sum[0] / n, this.sum[1] / n, this.sum[2] / n);
		this.sumT = 0;
		this.sum = [0, 0, 0];
		this.count = 0;
		if (Number.isFinite(v)) this.emit(t, this.up * v);
	}

	/**
	 * Draw with `up` from now on. A change turns over what is drawn already, so the line stays
	 * continuous: the points waiting here, and (by `turned`) those the chart holds.
	 */
	private turn(up: 1 | -1): void {
		if (up === this.up) return;
		this.up = up;
		const v = this.out.v;
		for (let i = 0; i < v.length; i++) v[i] = -v[i];
		this.out.turned = !this.out.turned;
	}

	private emit(t: number, v: number): void {
		this.out.t.push(t);
		this.out.v.push(v);
	}

	/** Distance along the breathing axis from the resting position (milli-g). */
	private project(x: number, y: number, z: number): number {
		const dt = 1 / OUT_HZ;
		if (!this.mean) this.mean = [x, y, z];
		const m = this.mean;
		const a = dt / MEAN_TAU;
		m[0] += a * (x - m[0]);
		m[1] += a * (y - m[1]);
		m[2] += a * (z - m[2]);
		const d = [x - m[0], y - m[1], z - m[2]];
		const c = this.cov;
		const b = dt / AXIS_TAU;
		const prods = [d[0] * d[0], d[0] * d[1], d[0] * d[2], d[1] * d[1], d[1] * d[2], d[2] * d[2]];
		for (let k = 0; k < 6; k++) c[k] += b * (prods[k] - c[k]);
		// One power-iteration step per point keeps the axis on the largest variance.
		const ax = this.axis;
		const nx = c[0] * ax[0] + c[1] * ax[1] + c[2] * ax[2];
		const ny = c[1] * ax[0] + c[3] * ax[1] + c[4] * ax[2];
		const nz = c[2] * ax[0] + c[4] * ax[1] + c[5] * ax[2];
		const len = Math.hypot(nx, ny, nz);
		if (len > 1e-12) {
			// Keep the direction continuous: an axis may not flip sign from one point to the next.
			const s = nx * ax[0] + ny * ax[1] + nz * ax[2] < 0 ? -1 : 1;
			ax[0] = (s * nx) / len;
			ax[1] = (s * ny) / len;
			ax[2] = (s * nz) / len;
		}
		// The chart's axis is its own (it follows every move at once); its sign is the engine's.
		const inhale = this.inhale;
		this.turn(
			inhale?.source === 'acc' && ax[0] * inhale.axis[0] + ax[1] * inhale.axis[1] + ax[2] * inhale.axis[2] < 0
				? -1
				: 1
		);
		return d[0] * ax[0] + d[1] * ax[1] + d[2] * ax[2];
	}
}
