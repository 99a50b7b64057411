import { median } from '../dsp/median';
import { BandSpectrum } from '../dsp/spectrum';

/**
 * The heartbeat's ripple on a belt (an impedance signal, a belt over the heart), taken off before
 * the phase detector reads it (item 2 of issue 8).
 *
 * Why: the detector reads the flow (the slope), and a heartbeat is six to ten times faster than a
 * slow breath, so a ripple of 5 % of the depth moves the flow half as much as the breath does: in
 * the flat at the top and at the end of the exhale it crosses the flow levels every beat, and the
 * live phase flips (hold, inhale, hold…) though the breaths, refined afterwards, come out right.
 * A slope taken across one beat (a one-beat average of the flow, as the chest's `BeatAverage`)
 * removes a periodic ripple of any shape and keeps a slow breath (98 % at 6/min); it costs half a
 * beat of delay, so it is used only while a ripple is seen: a clean belt is read as fast as before.
 * (The slope, not the signal, is averaged: the flow's white-noise estimate stays true.)
 *
 * A ripple is seen when the belt's spectrum over the last `WINDOW_SECONDS` has a narrow peak in
 * the heart's band, clear of the band's floor, not a harmonic of the breathing, and big enough
 * that its flow would reach the detector's flat level; seen twice running, or once where the heart
 * rate is known and agrees with it.
 */

const WINDOW_SECONDS = 12;
const CHECK_SECONDS = 4;
/** Breathing band (its fundamental) and the heart's band, Hz. */
const F_LO = 0.06;
const HEART_LO = 0.7;
const F_HI = 2.6;
const F_STEP = 0.02;
/** A ripple's peak stands this many times above the median of the heart's band. */
const PEAK_OVER_FLOOR = 10;
/**
 * A ripple matters when its flow is at least this share of the breath's (ripple and breath
 * amplitude ratio times their frequency ratio; 2 % of the depth on a 6/min belt is about 0.2, and
 * the harmonics of a clean 5-1-4 breath reach 0.07).
 */
const FLOW_SHARE = 0.1;
/** The heart rate and the peak agree within this share. */
const AGREE = 0.1;
/** Checks without a ripple before the average is turned off (a beat or two of noise is no end). */
const OFF_AFTER_CHECKS = 3;

export class BeltRipple {
	private readonly spectrum: BandSpectrum;
	private readonly ring: Float64Array;
	private readonly window: number;
	private readonly checkEvery: number;
	private readonly heartBin: number;
	private next = 0;
	private filled = 0;
	private untilCheck: number;
	private misses = 0;
	/** The peak seen at the check before (Hz, 0: none): a peak counts when seen twice. */
	private candidateHz = 0;
	/** The beat of the ripple seen, seconds (0: none). */
	beatSeconds = 0;

	constructor(readonly rateHz: number) {
		this.window = Math.round(WINDOW_SECONDS * rateHz);
		this.ring = new Float64Array(this.window);
		this.spectrum = new BandSpectrum(rateHz, F_LO, Math.min(F_HI, 0.45 * rateHz), F_STEP, this.window);
		this.heartBin = Math.ceil((HEART_LO - F_LO) / F_STEP);
		this.checkEvery = Math.round(CHECK_SECONDS * rateHz);
		this.untilCheck = this.window;
	}

	/** The signal stopped: the window fills again (the ripple seen is kept meanwhile). */
	reset(): void {
		this.filled = 0;
		this.untilCheck = this.window;
	}

	/** One sample. `heartRate` (/min, NaN unknown) is read at the checks only. True when `beatSeconds` changed. */
	push(v: number, heartRate: number): boolean {
		this.ring[this.next] = v;
		this.next = this.next + 1 === this.window ? 0 : this.next + 1;
		if (this.filled < this.window) this.filled++;
		if (--this.untilCheck > 0) return false;
		this.untilCheck = this.checkEvery;
		const before = this.beatSeconds;
		this.check(heartRate);
		return this.beatSeconds !== before;
	}

	private check(heartRate: number): void {
		if (this.filled < this.window) return;
		const sp = this.spectrum;
		sp.compute(this.ring, this.next, this.window);
		const p = sp.power;
		// The breathing: the strongest bin under the heart's band.
		let breath = 0;
		for (let k = 1; k < this.heartBin; k++) if (p[k] > p[breath]) breath = k;
		let peak = this.heartBin;
		for (let k = peak; k < sp.bins; k++) if (p[k] > p[peak]) peak = k;
		const floor = median(p.subarray(this.heartBin, sp.bins));
		const fBreath = sp.frequency(breath);
		// (between bins: the vertex of the parabola through the peak and its neighbours)
		const a = p[peak - 1];
		const c = peak + 1 < sp.bins ? p[peak + 1] : a;
		const curve = a - 2 * p[peak] + c;
		const fPeak = sp.frequency(curve < 0 ? peak + (0.5 * (a - c)) / curve : peak);
		const harmonic = Math.abs(fPeak - 2 * fBreath) < 2 * F_STEP || Math.abs(fPeak - 3 * fBreath) < 2 * F_STEP;
		const flowShare = (fPeak / fBreath) * Math.sqrt(p[peak] / p[breath]);
		const local = p[peak] > p[peak - 1] && (peak + 1 === sp.bins || p[peak] > p[peak + 1]);
		const seen = local && !harmonic && p[peak] > PEAK_OVER_FLOOR * floor && flowShare > FLOW_SHARE;
		const agrees = heartRate > 30 && Math.abs(heartRate / 60 / fPeak - 1) < AGREE;
		if (seen && (agrees || Math.abs(fPeak - this.candidateHz) <= F_STEP * 1.5)) {
			this.misses = 0;
			// The peak's own period, not the heart rate's: the rate of the samples, told from their
			// times, may be a few % off, and the span is counted in samples.
			this.beatSeconds = 1 / fPeak;
		} else if (++this.misses >= OFF_AFTER_CHECKS) this.beatSeconds = 0;
		this.candidateHz = seen ? fPeak : 0;
	}
}
