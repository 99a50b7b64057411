import type { RespChunk } from '../types';
import { medianInterval } from '../dsp/median';

/** Longest silence that still counts as one continuous recording (an issue-level rule). */
export const GAP_SECONDS = 1;
/**
 * Lowest rate the phase logic runs at: belts are block-averaged by floor(rate / 10), to 10–20 Hz.
 * Breathing needs no more (the edges are fitted in continuous time), and every sample the phase
 * logic sees costs about as much as ten the block average sees.
 */
const INTERNAL_HZ = 10;
const RATE_PROBE = 8;

export interface BeltSink {
	/** One block-averaged sample at about INTERNAL_HZ; the first call tells the rate. */
	sample(t: number, v: number, rateHz: number): void;
	/** No samples from `start` to `end` (seconds). */
	gap(start: number, end: number): void;
}

/**
 * The belt's front end: finds the sample rate from the timestamps, drops samples that go back in
 * time, reports gaps, and block-averages high-rate belts down to ~20 Hz. This loop sees every
 * sample, so it does nothing else.
 */
export class BeltInput {
	private readonly probeT = new Float64Array(RATE_PROBE + 1);
	private readonly probeV = new Float64Array(RATE_PROBE + 1);
	private probed = 0;
	private factor = 0;
	private rateHz = 0;
	private lastT = -Infinity;
	private sumT = 0;
	private sumV = 0;
	private count = 0;
	/** Samples skipped because their time did not move forward or their value was not a number. */
	skipped = 0;

	constructor(
		private readonly sink: BeltSink,
		private readonly sign: 1 | -1
	) {}

	push(chunk: RespChunk): void {
		const { t, value, n } = chunk;
		let i = 0;
		while (this.factor === 0 && i < n) this.probe(t[i], value[i++]);
		const sign = this.sign;
		const factor = this.factor;
		let { lastT, sumT, sumV, count } = this;
		for (; i < n; i++) {
			const ti = t[i];
			const dt = ti - lastT;
			const vi = value[i];
			// A sample whose time does not move forward, or a non-number, is skipped (and counted):
			// one NaN would otherwise stay in the filters for the rest of the session.
			// (vi − vi is NaN for NaN and ±Infinity alike: one test.)
			if (!(dt > 0) || !(vi - vi === 0)) {
				this.skipped++;
				continue;
			}
			if (dt > GAP_SECONDS) {
				if (lastT !== -Infinity) this.sink.gap(lastT, ti);
				sumT = sumV = count = 0;
			}
			lastT = ti;
			sumT += ti;
			sumV += vi;
			if (++count === factor) {
				this.sink.sample(sumT / factor, (sign * sumV) / factor, this.rateHz);
				sumT = sumV = count = 0;
			}
		}
		this.lastT = lastT;
		this.sumT = sumT;
		this.sumV = sumV;
		this.count = count;
	}

	/** Collects the first samples to learn the rate, then replays them. */
	private probe(t: number, v: number): void {
		if (
			!Number.isFinite(t) ||
			!Number.isFinite(v) ||
			(this.probed > 0 && !(t > this.probeT[this.probed - 1]))
		) {
			this.skipped++;
			return;
		}
		this.probeT[this.probed] = t;
		this.probeV[this.probed++] = v;
		if (this.probed <= RATE_PROBE) return;
		const dt = Math.min(medianInterval(this.probeT, this.probed), GAP_SECONDS);
		// (A rate a hair under a multiple of 10 Hz, as a clock measures it, counts as that multiple.)
		this.factor = Math.max(1, Math.floor(1 / INTERNAL_HZ / dt + 0.05));
		this.rateHz = 1 / (dt * this.factor);
		const replay: RespChunk = { kind: 'resp', n: this.probed, t: this.probeT, value: this.probeV };
		this.push(replay);
	}
}
