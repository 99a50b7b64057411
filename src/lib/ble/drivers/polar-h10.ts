/**
 * Polar H10: the standard heart-rate stream plus the PMD service (chest ACC and ECG), with sample
 * times rebuilt from the frames' own timestamps. Streams are stopped before a deliberate
 * disconnect: an H10 left streaming stays powered until its battery is flat.
 */
import {
	buildPmdStart,
	buildPmdStop,
	decodePmdControlPoint,
	decodePmdDataFrame,
	decodePmdFeatures,
	mergePmdContinuation,
	PMD_CONTROL_POINT,
	PMD_DATA,
	PMD_SERVICE,
	PmdMeasurement,
	pmdStartScalingFactor,
	PmdStatus,
	type PmdResponse
} from '$lib/core/protocols/pmd';
import { DeviceClock } from '../timing';
import { withTimeout } from '../timeout';
import type { Driver, DriverContext } from './driver';
import { HeartRateDriver } from './heart-rate';

export interface PolarH10Options {
	/** 25, 50, 100 or 200 Hz (default 50). */
	accRateHz?: number;
	/** Full scale in G: 2, 4 or 8 (default 2; breathing tilts are small). */
	accRangeG?: number;
	/** Stream ECG at 130 Hz too (default true). */
	ecg?: boolean;
}

interface Pending {
	op: number;
	type: number;
	partial: PmdResponse | null;
	resolve: (r: PmdResponse) => void;
	reject: (e: Error) => void;
}

const ECG_RATE = 130;

/** A start reply that means the stream runs (it may already have been running). */
function started(reply: PmdResponse): boolean {
	return reply.status === PmdStatus.SUCCESS || reply.status === PmdStatus.ALREADY_IN_STATE;
}

export class PolarH10Driver implements Driver {
	private readonly hr = new HeartRateDriver();
	private readonly accClock = new DeviceClock();
	private readonly ecgClock = new DeviceClock();
	private prevAcc: bigint | null = null;
	private prevEcg: bigint | null = null;
	private accFactor = 1;
	private pending: Pending | null = null;
	private running = new Set<number>();
	private readonly accRate: number;
	private readonly accRange: number;
	private readonly wantEcg: boolean;

	constructor(options: PolarH10Options = {}) {
		const rate = options.accRateHz ?? 50;
		this.accRate = [25, 50, 100, 200].includes(rate) ? rate : 50;
		const range = options.accRangeG ?? 2;
		this.accRange = [2, 4, 8].includes(range) ? range : 2;
		this.wantEcg = options.ecg ?? true;
	}

	async start(ctx: DriverContext): Promise<void> {
		await this.hr.start(ctx);
		const { link } = ctx;
		this.running.clear();
		this.pending = null;
		if (!(await link.hasService(PMD_SERVICE))) {
			ctx.notice({
				message: 'This strap sends heart rate only, so chest movement is not shown.',
				canRetry: false,
				detail: `${link.name} offers no PMD service`
			});
			return;
		}
		// Read the feature map before subscribing, so the read is not mistaken for a reply.
		const features = decodePmdFeatures(await link.read(PMD_SERVICE, PMD_CONTROL_POINT));
		const types = features.ok
			? features.value.supportedMeasurementTypes
			: [PmdMeasurement.ECG, PmdMeasurement.ACC];
		if (!features.ok) ctx.skipPacket(features.error);
		await link.subscribe(PMD_SERVICE, PMD_CONTROL_POINT, (v) => this.onControl(v, ctx));
		await link.subscribe(PMD_SERVICE, PMD_DATA, (v) => this.onData(v, ctx));
		this.prevAcc = null;
		this.prevEcg = null;
		if (types.includes(PmdMeasurement.ACC)) {
			const reply = await this.command(
				ctx,
				buildPmdStart(PmdMeasurement.ACC, {
					sampleRateHz: this.accRate,
					resolutionBits: 16,
					range: this.accRange
				})
			);
			if (started(reply)) {
				const factor = pmdStartScalingFactor(reply);
				this.accFactor = factor.ok ? factor.value : 1;
				this.running.add(PmdMeasurement.ACC);
			} else
				ctx.notice({
					message: 'The strap did not start measuring chest movement. Heart rate still comes in.',
					canRetry: true,
					detail: `ACC start refused: ${reply.statusName}`
				});
		}
		if (this.wantEcg && types.includes(PmdMeasurement.ECG)) {
			const reply = await this.command(
				ctx,
				buildPmdStart(PmdMeasurement.ECG, { sampleRateHz: ECG_RATE, resolutionBits: 14 })
			);
			if (started(reply)) this.running.add(PmdMeasurement.ECG);
			else
				ctx.notice({
					message: 'The strap did not start its ECG. Heart rate and chest movement still come in.',
					canRetry: true,
					detail: `ECG start refused: ${reply.statusName}`
				});
		}
	}

	async stop(ctx: DriverContext): Promise<void> {
		if (!ctx.link.connected) return;
		for (const type of [...this.running]) {
			try {
				await this.command(ctx, buildPmdStop(type), 2000);
			} catch {
				// Best effort; the link is going down anyway.
			}
			this.running.delete(type);
		}
	}

	private command(ctx: DriverContext, bytes: Uint8Array, timeoutMs = 5000): Promise<PmdResponse> {
		const reply = new Promise<PmdResponse>((resolve, reject) => {
			this.pending = { op: bytes[0], type: bytes[1] & 0x7f, partial: null, resolve, reject };
		});
		return withTimeout(
			ctx.link.write(PMD_SERVICE, PMD_CONTROL_POINT, bytes).then(() => reply),
			timeoutMs,
			'PMD command'
		).finally(() => {
			this.pending = null;
		});
	}

	private onControl(view: DataView, ctx: DriverContext): void {
		const p = this.pending;
		if (p?.partial) {
			const merged = mergePmdContinuation(p.partial, view);
			if (!merged.ok) return p.reject(new Error(merged.error));
			if (merged.value.more) p.partial = merged.value;
			else p.resolve(merged.value);
			return;
		}
		const d = decodePmdControlPoint(view);
		if (!d.ok) return ctx.skipPacket(d.error);
		const msg = d.value;
		if (msg.kind === 'stopped') {
			for (const t of msg.measurementTypes) this.running.delete(t);
			const what = msg.measurementTypes.includes(PmdMeasurement.ACC) ? 'chest movement' : 'its ECG';
			ctx.notice({
				message: `The strap stopped measuring ${what}.`,
				canRetry: true,
				detail: `sensor stopped measurement types ${msg.measurementTypes.join(', ')}`
			});
			return;
		}
		if (!p || msg.opCode !== p.op || msg.measurementType !== p.type) return;
		if (msg.more) p.partial = msg;
		else p.resolve(msg);
	}

	private onData(view: DataView, ctx: DriverContext): void {
		const arrival = ctx.now();
		const type = view.byteLength > 0 ? view.getUint8(0) & 0x3f : -1;
		const isAcc = type === PmdMeasurement.ACC;
		const rate = isAcc ? this.accRate : ECG_RATE;
		const prev = isAcc ? this.prevAcc : this.prevEcg;
		let d = decodePmdDataFrame(view, {
			sampleRateHz: rate,
			previousTimestampNs: prev,
			factor: this.accFactor
		});
		// The decoder spaces samples between this frame and the previous one. After lost frames
		// that would smear the samples across the hole; place them at the nominal rate instead so
		// the missing span stays empty.
		if (
			d.ok &&
			prev !== null &&
			Number(d.value.timestampNs - prev) > (1.5 * d.value.sampleCount * 1e9) / rate
		) {
			d = decodePmdDataFrame(view, { sampleRateHz: rate, previousTimestampNs: null, factor: this.accFactor });
		}
		if (!d.ok) {
			// A frame older than the last (e.g. replayed) is dropped; restart spacing from scratch.
			if (isAcc) this.prevAcc = null;
			else this.prevEcg = null;
			return ctx.skipPacket(d.error);
		}
		const f = d.value;
		if (f.kind === 'acc') {
			this.prevAcc = f.timestampNs;
			const t = this.accClock.place(f.sampleTimestampsNs, arrival);
			ctx.emit({ kind: 'acc', n: t.length, t, x: f.x, y: f.y, z: f.z });
		} else {
			this.prevEcg = f.timestampNs;
			const t = this.ecgClock.place(f.sampleTimestampsNs, arrival);
			ctx.emit({ kind: 'ecg', n: t.length, t, value: f.microVolts });
		}
	}
}
