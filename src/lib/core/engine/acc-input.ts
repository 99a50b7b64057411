import type { AccChunk } from '../types';
import type { Vec3Fields } from '../dsp/biquad';
import { medianInterval } from '../dsp/median';
import { GAP_SECONDS } from './belt';

/** Decimation target: factor = floor(input rate / 20), so 20–40 Hz internally. */
const LOW_RATE_MIN = 20;
const RATE_ESTIMATE_SECONDS = 1;
const RATE_ESTIMATE_MAX = 512;
/** Rate drift tracked from block times (dropped samples, clock skew) beyond which the input is re-tuned. */
const RETUNE_ABOVE = 1.15;
const RETUNE_BELOW = 0.87;

/**
 * One block: the mean time and the mean x, y, z of `factor` samples, `dt` since the last block
 * (0 for a segment's first) and `last`, the time of its last sample (events are stamped with it).
 */
export interface AccBlock extends Vec3Fields {
	t: number;
	dt: number;
	last: number;
}

export interface AccSink {
	/** The input rate is known, or changed: `blockRate` = `inputRate` / `factor`. A new segment starts. */
	configure(inputRate: number, factor: number, blockRate: number): void;
	/**
	 * The next block, in one record the input fills again for every block (an object, not six
	 * numbers: a double passed to a call V8 does not inline is boxed).
	 */
	block(b: AccBlock): void;
	/** No samples from `start` to `end` (seconds); a new segment starts (before the rate is known: nothing else). */
	gap(start: number, end: number): void;
}

/**
 * The chest accelerometer's front end, as `BeltInput` is the belt's: finds the sample rate from
 * the timestamps (median interval of the first second), drops samples that go back in time,
 * reports gaps, and block-averages x, y, z by an integer factor to 20–40 Hz. A block's time is the
 * mean of its sample times, which is exactly the boxcar's centre, so it adds no delay. The rate is
 * re-checked from block times while running. This loop sees every sample, so it does nothing else.
 */
export class AccInput {
	private readonly estT = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estX = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estY = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estZ = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly current: AccBlock = { t: 0, x: 0, y: 0, z: 0, dt: 0, last: 0 };
	private estN = 0;
	private configured = false;
	private factor = 1;
	private blockRate = 0;
	private blockDtEma = 0;
	private prevBlockT = 0;
	private newSegment = true;
	private lastT = -Infinity;
	private accN = 0;
	private accT = 0;
	private accX = 0;
	private accY = 0;
	private accZ = 0;

	constructor(private readonly sink: AccSink) {}

	/** Internal (block) rate in Hz, 0 until the input rate is known. */
	get internalRate(): number {
		return this.blockRate;
	}

	/** Decimation factor in use (1 until the input rate is known). */
	get decimation(): number {
		return this.factor;
	}

	push(chunk: AccChunk): void {
		if (this.configured) this.run(chunk.t, chunk.x, chunk.y, chunk.z, 0, chunk.n);
		else this.collect(chunk.t, chunk.x, chunk.y, chunk.z, chunk.n);
	}

	/** Collects the first second to learn the rate, then replays it. */
	private collect(t: Float64Array, x: Float64Array, y: Float64Array, z: Float64Array, n: number): void {
		for (let i = 0; i < n; i++) {
			const ti = t[i];
			if (!(ti > this.lastT)) continue;
			if (this.estN > 0 && ti - this.lastT > GAP_SECONDS) {
				this.sink.gap(this.lastT, ti);
				this.estN = 0;
			}
			this.lastT = ti;
			const k = this.estN++;
			this.estT[k] = ti;
			this.estX[k] = x[i];
			this.estY[k] = y[i];
			this.estZ[k] = z[i];
			if (ti - this.estT[0] >= RATE_ESTIMATE_SECONDS || this.estN === RATE_ESTIMATE_MAX) {
				const dt = medianInterval(this.estT, this.estN);
				this.configure(dt > 0 ? 1 / dt : 50);
				this.lastT = -Infinity;
				this.run(this.estT, this.estX, this.estY, this.estZ, 0, this.estN);
				this.estN = 0;
				this.run(t, x, y, z, i + 1, n);
				return;
			}
		}
	}

	private configure(rate: number): void {
		this.factor = Math.max(1, Math.floor(rate / LOW_RATE_MIN));
		this.blockRate = rate / this.factor;
		this.blockDtEma = 1 / this.blockRate;
		this.configured = true;
		this.newSegment = true;
		this.accN = 0;
		this.accT = this.accX = this.accY = this.accZ = 0;
		this.sink.configure(rate, this.factor, this.blockRate);
	}

	// (hot loop)
	private run(
		t: Float64Array,
		x: Float64Array,
		y: Float64Array,
		z: Float64Array,
		from: number,
		to: number
	): void {
		const factor = this.factor;
		let last = this.lastT;
		let k = this.accN;
		let st = this.accT;
		let sx = this.accX;
		let sy = this.accY;
		let sz = this.accZ;
		for (let i = from; i < to; i++) {
			const ti = t[i];
			if (!(ti > last)) continue; // repeated, out-of-order or NaN timestamp
			if (ti - last > GAP_SECONDS && last > -Infinity) {
				this.sink.gap(last, ti);
				this.newSegment = true;
				k = 0;
				st = sx = sy = sz = 0;
			}
			last = ti;
			st += ti;
			sx += x[i];
			sy += y[i];
			sz += z[i];
			if (++k === factor) {
				this.lastT = ti;
				const inv = 1 / factor;
				const b = this.current;
				b.t = st * inv;
				b.x = sx * inv;
				b.y = sy * inv;
				b.z = sz * inv;
				this.block();
				k = 0;
				st = sx = sy = sz = 0;
				if (this.factor !== factor) {
					// Re-tuned in block(): continue with the new factor.
					this.lastT = last;
					this.run(t, x, y, z, i + 1, to);
					return;
				}
			}
		}
		this.lastT = last;
		this.accN = k;
		this.accT = st;
		this.accX = sx;
		this.accY = sy;
		this.accZ = sz;
	}

	/**
	 * The block in `current` (its time and means) is complete: tracks the block rate (dropped
	 * samples and clock skew included), re-tunes when it has moved, else hands the block on.
	 */
	private block(): void {
		const b = this.current;
		const t = b.t;
		const dt = this.newSegment ? 0 : t - this.prevBlockT;
		this.newSegment = false;
		this.prevBlockT = t;
		if (dt > 0) {
			this.blockDtEma += 0.002 * (dt - this.blockDtEma);
			const ratio = this.blockDtEma * this.blockRate;
			if (ratio > RETUNE_ABOVE || ratio < RETUNE_BELOW) {
				this.configure(1 / (this.blockDtEma / this.factor));
				return;
			}
		}
		b.dt = dt;
		b.last = this.lastT;
		this.sink.block(b);
	}
}
