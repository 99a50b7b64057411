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
 * beat of delay, so it is used only while a ripple is seen and shows above the noise on the flow
 * (`FlowEstimator.chooseSpan`): a clean belt is read as fast as before. (The slope, not the
 * signal, is averaged: the flow's white-noise estimate stays true.)
 *
 * A ripple is seen when the belt's spectrum over the last `WINDOW_SECONDS` has a peak in the
 * heart's band, well above the band's floor, clear of the breathing's harmonics, and big enough
 * that its flow would reach the detector's flat level; seen twice running, once if very clear, or
 * once where the heart rate is known and agrees with it. The heart rate comes from beats when the
 * session has them; a belt alone is enough.
 */

const WINDOW_SECONDS = 12;
/** A check needs this much signal (a first look at a ripple comes sooner than a full window). */
const MIN_WINDOW_SECONDS = 6;
/**
 * The belt is listened to (its samples kept, its spectrum looked at) only once the live phase
 * wavered: a ripple the levels hide needs no taking off, and a clean belt costs nothing more.
 * While listening, the spectrum is looked at every `CHECK_SECONDS`, and soon after a waver or a
 * first sight of a ripple (to confirm it); listening stops after `QUIET_CHECKS` checks with no
 * ripple and no waver.
 */
const CHECK_SECONDS = 8;
const QUIET_CHECKS = 1;
const SOON_SECONDS = 2;
/** Breathing band (its fundamental) and the heart's band, Hz. */
const F_LO = 0.06;
const HEART_LO = 0.7;
const F_HI = 2.6;
const F_STEP = 0.04;
/**
 * A ripple's peak stands this many times above the median of the heart's band; at the first
 * look, `CLEAR_OVER_FLOOR` times (white noise's highest bin of a few dozen is ~5 times).
 */
const PEAK_OVER_FLOOR = 10;
const CLEAR_OVER_FLOOR = 100;
/**
 * A ripple matters when its flow is at least this share of the breath's (ripple and breath
 * amplitude ratio times their frequency ratio; 2 % of the depth on a 6/min belt is about 0.2, and
 * the harmonics of a clean 5-1-4 breath reach 0.07).
 */
const FLOW_SHARE = 0.1;
/**
 * A ripple lies at least this many times above the breathing's typical rate (a heart at 60/min
 * over a 6/min breath is 10; 21/min breathing puts its second and third harmonics at 0.7 and
 * 1 Hz, where a slow heart would be).
 */
const HARMONIC_CLEAR = 3;
/** The heart rate and the peak agree within this share. */
const AGREE = 0.1;
/** Checks without a ripple before it counts as gone (one noisy window is no end). */
const OFF_AFTER_CHECKS = 3;

export class BeltRipple {
	private readonly spectrum: BandSpectrum;
	private readonly ring: Float64Array;
	private readonly window: number;
	private readonly minWindow: number;
	/** Samples are wanted (see `listen`). */
	listening = false;
	/** Checks in a row with no ripple and no waver. */
	private quiet = 0;
	private readonly heartBin: number;
	private next = 0;
	private filled = 0;
	private untilCheck: number;
	private misses = 0;
	/** The peak seen at the check before (Hz, 0: none): a peak counts when seen twice. */
	private candidateHz = 0;
	/** The beat of the ripple seen, seconds (0: none). */
	beatSeconds = 0;
	/** Its amplitude (signal units; the fundamental's). */
	amplitude = 0;

	/** `heartRate`: the heart rate known now (/min, NaN unknown), asked at the checks only. */
	constructor(
		readonly rateHz: number,
		private readonly heartRate: () => number
	) {
		this.window = Math.round(WINDOW_SECONDS * rateHz);
		this.ring = new Float64Array(this.window);
		this.spectrum = new BandSpectrum(rateHz, F_LO, Math.min(F_HI, 0.45 * rateHz), F_STEP, this.window);
		this.heartBin = Math.ceil((HEART_LO - F_LO) / F_STEP);
		this.minWindow = Math.round(MIN_WINDOW_SECONDS * rateHz);
		this.untilCheck = this.minWindow;
	}

	/** The signal stopped: the window fills again (the ripple seen is kept meanwhile). */
	reset(): void {
		this.filled = 0;
		this.untilCheck = this.minWindow;
	}

	/** The live phase wavered: listen (keep the samples, look at the spectrum soon). */
	listen(): void {
		this.quiet = 0;
		if (this.listening) {
			this.soon();
			return;
		}
		this.listening = true;
		this.filled = 0;
		this.untilCheck = this.minWindow;
	}

	/**
	 * One sample, while `listening`. True after a check that sees a ripple or stops seeing one
	 * (`beatSeconds`, `amplitude`).
	 */
	push(v: number): boolean {
		this.ring[this.next] = v;
		this.next = this.next + 1 === this.window ? 0 : this.next + 1;
		if (this.filled < this.window) this.filled++;
		if (--this.untilCheck > 0) return false;
		const before = this.beatSeconds;
		this.check(this.heartRate());
		return this.beatSeconds !== before || this.beatSeconds > 0;
	}

	private soon(): void {
		const soon = Math.round(SOON_SECONDS * this.rateHz);
		if (this.untilCheck > soon) this.untilCheck = soon;
	}

	private check(heartRate: number): void {
		this.untilCheck = Math.round(CHECK_SECONDS * this.rateHz);
		if (this.filled < this.minWindow) {
			this.untilCheck = this.minWindow - this.filled;
			return;
		}
		const sp = this.spectrum;
		sp.compute(this.ring, this.next, this.filled);
		const p = sp.power;
		// The breathing: its strongest bin under the heart's band, and the band's centroid (a
		// person's breath varies; the centroid sits near the typical rate).
		let breath = 0;
		let sum = 0;
		let moment = 0;
		for (let k = 0; k < this.heartBin; k++) {
			if (p[k] > p[breath]) breath = k;
			sum += p[k];
			moment += p[k] * k;
		}
		let peak = this.heartBin;
		for (let k = peak; k < sp.bins; k++) if (p[k] > p[peak]) peak = k;
		const floor = median(p.subarray(this.heartBin, sp.bins));
		const fBreath = sp.frequency(breath);
		const local = p[peak] > p[peak - 1] && (peak + 1 === sp.bins || p[peak] > p[peak + 1]);
		// (between bins: the vertex of the parabola through the peak and its neighbours)
		const a = p[peak - 1];
		const c = peak + 1 < sp.bins ? p[peak + 1] : a;
		const curve = a - 2 * p[peak] + c;
		const fPeak = sp.frequency(local && curve < 0 ? peak + (0.5 * (a - c)) / curve : peak);
		// A fast breath's harmonics fall in the heart's band; a heartbeat is well clear of them.
		const harmonic = fPeak < HARMONIC_CLEAR * sp.frequency(moment / sum);
		const flowShare = (fPeak / fBreath) * Math.sqrt(p[peak] / p[breath]);
		const seen = local && !harmonic && p[peak] > PEAK_OVER_FLOOR * floor && flowShare > FLOW_SHARE;
		const agrees = heartRate > 30 && Math.abs(heartRate / 60 / fPeak - 1) < AGREE;
		// Noise makes a lone peak now and then; one this clear, or seen again, or at the heart
		// rate, is a ripple.
		const clear = p[peak] > CLEAR_OVER_FLOOR * floor;
		const again = Math.abs(fPeak - this.candidateHz) <= F_STEP * 1.5;
		if (seen && (clear || agrees || again)) {
			this.misses = 0;
			// The peak's own period, not the heart rate's: the rate of the samples, told from their
			// times, may be a few % off, and the span is counted in samples.
			this.beatSeconds = 1 / fPeak;
			// A sine of amplitude A gives A·n/4 under a Hann window of n samples.
			this.amplitude = (4 * Math.sqrt(p[peak])) / Math.min(this.filled, this.window);
		} else if (++this.misses >= OFF_AFTER_CHECKS) this.beatSeconds = 0;
		this.candidateHz = seen ? fPeak : 0;
		if (seen && this.beatSeconds === 0) this.soon();
		if (seen || this.beatSeconds > 0) this.quiet = 0;
		else if (++this.quiet >= QUIET_CHECKS) this.listening = false;
	}
}
