/**
 * RSA breathing rate: clean RR values are linearly interpolated onto a 4 Hz grid (ring buffer of
 * 128 s). Every 5 s of beat time the last 60 s (at least 30 s) are detrended (linear), Hann
 * windowed and their power evaluated on a 0.0025 Hz grid over 0.04–0.7 Hz. The peak is chosen on
 * the power weighted by f² (the spectrum of the RR slope): at rest, slow heart-rate waves
 * (Mayer waves near 0.1 Hz, trends) often carry more RR power than the RSA of normal breathing
 * and would otherwise win (NeuroKit 5-min recording: 11.8 instead of 16.9 br/min). The weight
 * only chooses the peak; its frequency is then read on the plain power (the weight would tilt it
 * upwards) and refined with a parabola. The estimate is reported only when it is trustworthy: the
 * peak holds ≥ 30 % of the weighted band power, the window spans at least two breath cycles, and
 * the frequency stays below 0.45 × the heart rate (RSA above half the heart rate is aliased by the
 * heartbeat sampling; it cannot be told from a slower rhythm, so null is reported rather than a
 * rate above that limit). Valid estimates that agree within 15 % with the running rate are
 * smoothed (0.2 × new + 0.8 × running); a larger change replaces it; an invalid estimate reports
 * null and leaves the running rate, which is forgotten after 30 s without a valid estimate.
 *
 * Limits (measured): when a slow paced rhythm (3–4 br/min) coexists with an independent 0.1 Hz
 * wave of comparable size, the weighted peak picks the 0.1 Hz wave. A subharmonic check (prefer
 * f/2 when it holds more plain power) would fix 3 br/min but picked the 8 br/min Mayer wave
 * instead of 16.5 br/min breathing on the NeuroKit 5-min recording, so it is not used. Breathing
 * just above HR/2 shows up as its alias HR − f (e.g. 36 br/min at HR 60 → 24) and is reported.
 */
import { BandSpectrum } from '../dsp/spectrum';

const GRID_HZ = 4;
const GRID_DT = 1 / GRID_HZ;
const GRID_RING = 512; // 128 s
const RSA_WIN_S = 60;
const RSA_MIN_S = 30;
const RSA_MAX_INTERP_S = 6;
const F_LO = 0.04;
const F_HI = 0.7;
const F_STEP = 0.0025;
const N_FREQ = Math.floor((F_HI - F_LO) / F_STEP) + 1;
/** Minimum share of the slope-weighted 0.04–0.7 Hz power within ±0.03 Hz of the peak. */
const PEAK_SHARE_MIN = 0.3;
/** Largest distance (bins, 0.02 Hz) from the weighted maximum to the plain-power peak. */
const PEAK_SHIFT_MAX = 8;
/** Reference frequency of the slope weight (f / F_REF)², Hz (only scales it). */
const F_REF = 0.1;
/** Weight of a new estimate in the running rate when it agrees with it… */
const SMOOTH_NEW = 0.2;
/** …within this fraction; a larger change replaces the running rate. */
const AGREE_FRAC = 0.15;
/** The running rate is forgotten after this long without a valid estimate, s. */
const SMOOTH_RESET_S = 30;

/** Slope weight of frequency bin k: (f / F_REF)². */
function slopeWeight(k: number): number {
	const r = (F_LO + k * F_STEP) / F_REF;
	return r * r;
}

/** Per frequency bin, fixed: the slope weight. */
const BIN_WEIGHT = new Float64Array(N_FREQ);
for (let k = 0; k < N_FREQ; k++) BIN_WEIGHT[k] = slopeWeight(k);

/** The breathing rate read from respiratory sinus arrhythmia, fed with clean beats (heart.ts). */
export class RsaRate {
	private rate: number | null = null;
	// 4 Hz resampled RR.
	private readonly grid = new Float64Array(GRID_RING);
	private gNext = 0;
	private gCount = 0;
	private gT = NaN; // time of the next grid sample
	private lastCleanT = NaN;
	private lastCleanRr = NaN;
	/** Spectrum of the RR series over 0.04–0.7 Hz (core/dsp). */
	private readonly spectrum = new BandSpectrum(GRID_HZ, F_LO, F_HI, F_STEP, GRID_RING);
	// (its bins are the N_FREQ below: the same grid from F_LO by F_STEP up to F_HI)
	private smooth = NaN;
	private smoothT = NaN;

	/** The reported rate (br/min), null when not trustworthy. */
	get breathsPerMin(): number | null {
		return this.rate;
	}

	/** A clean beat at `t` with its RR (ms): linear interpolation onto the 4 Hz grid. */
	add(t: number, rr: number): void {
		const lt = this.lastCleanT;
		if (lt !== lt || t - lt > RSA_MAX_INTERP_S) {
			// Start (or restart after a long hole): the grid begins at this beat.
			this.gCount = 0;
			this.gT = t;
		} else {
			const lr = this.lastCleanRr;
			while (this.gT <= t) {
				const a = (this.gT - lt) / (t - lt);
				this.grid[this.gNext] = lr + a * (rr - lr);
				this.gNext = (this.gNext + 1) % GRID_RING;
				if (this.gCount < GRID_RING) this.gCount++;
				this.gT += GRID_DT;
			}
		}
		this.lastCleanT = t;
		this.lastCleanRr = rr;
	}

	/**
	 * Every 5 s of beat time: the reported rate, the smoothed spectral estimate or null when it is
	 * not trustworthy; `heartRate` (bpm, null if unknown) bounds what can be told from RSA.
	 */
	update(t: number, heartRate: number | null): void {
		const r = this.spectralRate(heartRate);
		if (this.smoothT === this.smoothT && t - this.smoothT > SMOOTH_RESET_S) {
			this.smooth = NaN;
		}
		this.rate = null;
		if (r !== r) return;
		const s = this.smooth;
		if (s !== s) {
			this.smooth = r;
		} else if (Math.abs(r - s) <= AGREE_FRAC * s) {
			this.smooth = SMOOTH_NEW * r + (1 - SMOOTH_NEW) * s;
		} else {
			this.smooth = r;
		}
		this.smoothT = t;
		this.rate = this.smooth;
	}

	/** Spectral RSA rate (br/min) over the last 60 s of the 4 Hz RR series; NaN when not trustworthy. */
	private spectralRate(hr: number | null): number {
		const n = Math.min(this.gCount, RSA_WIN_S * GRID_HZ);
		if (n < RSA_MIN_S * GRID_HZ) return NaN;
		this.spectrum.compute(this.grid, this.gNext, n);
		// The peak is chosen on the slope-weighted power p · (f / F_REF)², `p` keeps the plain one.
		const p = this.spectrum.power;
		let best = 0;
		let bestK = -1;
		let total = 0;
		for (let k = 0; k < N_FREQ; k++) {
			const pwW = p[k] * BIN_WEIGHT[k];
			total += pwW;
			if (pwW > best) {
				best = pwW;
				bestK = k;
			}
		}
		if (bestK < 0 || total <= 0) return NaN;
		// The weight tilts a peak towards higher frequencies: locate it on the plain power.
		let k0 = bestK;
		while (k0 + 1 < N_FREQ && p[k0 + 1] > p[k0]) k0++;
		while (k0 > 0 && p[k0 - 1] > p[k0]) k0--;
		// A weighted maximum far from any plain one is the tilted flank of a slower peak, not a peak.
		if (k0 <= 0 || k0 >= N_FREQ - 1 || Math.abs(k0 - bestK) > PEAK_SHIFT_MAX) return NaN;
		// Parabolic refinement on log power.
		const l0 = Math.log(p[k0 - 1]);
		const l1 = Math.log(p[k0]);
		const l2 = Math.log(p[k0 + 1]);
		const den = l0 - 2 * l1 + l2;
		const off = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l0 - l2)) / den)) : 0;
		const f = F_LO + (k0 + off) * F_STEP;
		// Validity: share of the weighted band power within ±0.03 Hz of the peak.
		const half = Math.round(0.03 / F_STEP);
		let near = 0;
		for (let k = Math.max(0, k0 - half); k <= Math.min(N_FREQ - 1, k0 + half); k++)
			near += p[k] * BIN_WEIGHT[k];
		const share = near / total;
		const spanS = n / GRID_HZ;
		if (share < PEAK_SHARE_MIN) return NaN;
		if (f * spanS < 2) return NaN;
		if (f < 0.045 || f > 0.67) return NaN;
		if (hr === null || f > (0.45 * hr) / 60) return NaN;
		return f * 60;
	}
}
