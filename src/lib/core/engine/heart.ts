/**
 * Heart rhythm from a stream of beats (RR intervals): artifact flags, heart rate, RMSSD and the
 * breathing rate read from respiratory sinus arrhythmia (RSA).
 *
 * Artifacts (one beat of lookahead): beat i is judged when beat i+1 arrives, so its `beat` event
 * has `at` = time of beat i+1 (one beat late; `finish()` flushes the last one). With prev = the
 * last clean RR and next = the following RR, and thr = max(15 %, 4 robust SD of this person's
 * clean beat-to-beat relative changes), a beat is an artifact when
 * - its RR is outside 300–2000 ms, or
 * - it is shorter than both prev and next by more than thr (premature beat, extra detection), or
 *   longer than both by more than thr (missed beat, compensatory pause), or
 * - it is short (by thr/2) and followed by a long one, the pair spanning two normal beats
 *   (premature beat + compensatory pause; both are flagged), or
 * - it and the next are both short and add up to about one median RR (split interval; both
 *   flagged), or it exceeds 2.2 × the median of the last 11 in-range RRs.
 * Comparing with the neighbours (not with a median) keeps large, fast RSA swings clean: the
 * physio ecg1 subject's RR jumps from 620 to 1180 ms within two beats at every exhalation.
 *
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
import type { EngineEvent } from '../types';
import { RecentValues } from '../dsp/median';
import { BandSpectrum } from '../dsp/spectrum';

const RR_MIN = 300;
const RR_MAX = 2000;
/** An RR this many times the median is a missed beat whatever its neighbours. */
const MISSED_FRAC = 2.2;
/** Minimum relative departure from both neighbours that makes a beat an artifact. */
const STEP_FLOOR = 0.15;
/** …or this many robust SDs of the person's clean beat-to-beat relative changes, if larger. */
const STEP_SD_K = 4;
/** Gap between beat times (beyond the RR itself) that breaks the chain, s. */
const BEAT_GAP_S = 2.5;

const BEAT_RING = 512; // ≥ 2 min at up to 250 bpm
const RMSSD_S = 60;
const HR_S = 10;
const RATE_EVERY_S = 5;

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

export interface HeartSnapshot {
	heartRate: number | null;
	rmssd: number | null;
	rsaBreathsPerMin: number | null;
}

export class HeartRhythm {
	// Pending beat (waiting for one beat of lookahead).
	private hasPending = false;
	private pendT = 0;
	private pendRr = 0;
	private forceNext = false;
	private lastT = NaN;

	// Artifact state.
	private readonly recent = new RecentValues(11);
	private readonly steps = new RecentValues(61);
	private prevCleanRr = NaN;
	private prevWasClean = false;

	// Clean beats: time, RR, squared successive difference (NaN when not a clean successive pair).
	private readonly bt = new Float64Array(BEAT_RING);
	private readonly brr = new Float64Array(BEAT_RING);
	private readonly bd2 = new Float64Array(BEAT_RING);
	private bNext = 0;
	private bCount = 0;

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

	private nextRateT = NaN;
	private rsa: number | null = null;
	private smooth = NaN;
	private smoothT = NaN;

	constructor(private readonly emit: (e: EngineEvent) => void) {}

	pushBeat(t: number, rrMs: number): void {
		if (!(Number.isFinite(t) && Number.isFinite(rrMs))) return;
		if (this.lastT === this.lastT && t <= this.lastT) return; // not after the last beat
		const gap = this.lastT === this.lastT && t - this.lastT > rrMs / 1000 + BEAT_GAP_S;
		if (this.hasPending) this.decide(gap ? NaN : rrMs, t);
		if (gap) this.breakChain();
		this.lastT = t;
		this.hasPending = true;
		this.pendT = t;
		this.pendRr = rrMs;
	}

	/** Mean heart rate (bpm) of clean beats with time in [t0, t1]: 60000 · n / Σ RR; NaN if none. */
	meanHeartRate(t0: number, t1: number): number {
		let n = 0;
		let sum = 0;
		for (let i = 0; i < this.bCount; i++) {
			const j = (this.bNext - 1 - i + BEAT_RING) % BEAT_RING;
			const tt = this.bt[j];
			if (tt < t0) break;
			if (tt <= t1) {
				n++;
				sum += this.brr[j];
			}
		}
		return n > 0 ? (60000 * n) / sum : NaN;
	}

	snapshot(): HeartSnapshot {
		return { heartRate: this.heartRateNow(), rmssd: this.rmssdNow(), rsaBreathsPerMin: this.rsa };
	}

	/** End of stream: judge the last beat without lookahead and report a final rate. */
	finish(at: number): void {
		if (this.hasPending) this.decide(NaN, at);
		this.hasPending = false;
		if (this.bCount > 0) this.emitRate(at);
	}

	private breakChain(): void {
		this.prevWasClean = false;
		this.prevCleanRr = NaN;
		this.forceNext = false;
	}

	/** Judge the pending beat, with `nextRr` (NaN if unknown) as lookahead; `at` = now. */
	private decide(nextRr: number, at: number): void {
		const t = this.pendT;
		const rr = this.pendRr;
		let artifact = false;
		if (rr < RR_MIN || rr > RR_MAX) {
			artifact = true;
		} else {
			const m = this.recent.length >= 3 ? this.recent.median() : rr;
			const nextOk = nextRr >= RR_MIN && nextRr <= RR_MAX;
			const prev = this.prevCleanRr;
			const hasPrev = prev === prev;
			// Relative step threshold, adaptive to this person's beat-to-beat variability.
			const sd = this.steps.length >= 10 ? 1.4826 * this.steps.median() : 0;
			const thr = Math.max(STEP_FLOOR, STEP_SD_K * sd);
			if (this.forceNext) {
				artifact = true;
				this.forceNext = false;
			}
			if (hasPrev || nextOk) {
				// Ratios to the neighbours: the last clean RR and the next RR (either may be missing).
				const a = hasPrev ? rr / prev : nextOk ? rr / nextRr : 1;
				const b = nextOk ? rr / nextRr : a;
				// Shorter than both neighbours: premature (ectopic) beat or extra detection.
				if (a < 1 - thr && b < 1 - thr) {
					artifact = true;
					// Followed by a compensatory pause (the pair spans about two normal beats):
					// the next interval is an artifact too, even when it is only mildly long.
					if (hasPrev && nextOk && Math.abs((rr + nextRr) / (2 * prev) - 1) < 0.15) this.forceNext = true;
				}
				// Short–long pair spanning about two normal beats (premature beat + compensatory
				// pause), caught at half the threshold since the pattern itself is the evidence.
				if (
					!artifact &&
					hasPrev &&
					nextOk &&
					a < 1 - thr / 2 &&
					nextRr / prev > 1 + thr / 2 &&
					Math.abs((rr + nextRr) / (2 * prev) - 1) < 0.1
				) {
					artifact = true;
					this.forceNext = true;
				}
				// Longer than both: missed beat or compensatory pause.
				if (a > 1 + thr && b > 1 + thr) artifact = true;
				if (hasPrev) {
					const step = Math.abs(rr / prev - 1);
					if (!artifact) this.steps.push(step);
				}
			}
			if (this.recent.length >= 3) {
				// Far beyond any plausible beat-to-beat change: twice the median or more.
				if (rr > MISSED_FRAC * m) artifact = true;
				if (nextOk && rr < 0.8 * m && nextRr < 0.8 * m && Math.abs((rr + nextRr) / m - 1) < 0.2) {
					// Two short intervals adding up to one: an extra detection split the interval.
					artifact = true;
					this.forceNext = true;
				}
			}
			this.recent.push(rr);
		}
		this.emit({ type: 'beat', t, rrMs: rr, artifact, at });
		if (artifact) this.prevWasClean = false;
		else this.addClean(t, rr);
		if (this.nextRateT !== this.nextRateT) this.nextRateT = t + RATE_EVERY_S;
		else if (t >= this.nextRateT) {
			this.nextRateT += RATE_EVERY_S;
			if (this.nextRateT <= t) this.nextRateT = t + RATE_EVERY_S;
			this.updateRsa(t);
			this.emitRate(at);
		}
	}

	private addClean(t: number, rr: number): void {
		const j = this.bNext;
		const prev = this.prevCleanRr;
		this.bt[j] = t;
		this.brr[j] = rr;
		this.bd2[j] = this.prevWasClean && prev === prev ? (rr - prev) * (rr - prev) : NaN;
		this.bNext = (j + 1) % BEAT_RING;
		if (this.bCount < BEAT_RING) this.bCount++;
		this.prevWasClean = true;
		this.prevCleanRr = rr;
		this.resample(t, rr);
	}

	/** Linear interpolation of clean RR onto the 4 Hz grid. */
	private resample(t: number, rr: number): void {
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

	private heartRateNow(): number | null {
		if (this.bCount === 0) return null;
		const tEnd = this.bt[(this.bNext - 1 + BEAT_RING) % BEAT_RING];
		// During a long run of artefacts the last clean beats grow old: say "unknown", not a stale rate.
		if (this.lastT - tEnd > HR_S) return null;
		const hr = this.meanHeartRate(tEnd - HR_S, tEnd);
		return hr === hr ? hr : null;
	}

	private rmssdNow(): number | null {
		if (this.bCount === 0) return null;
		const tEnd = this.bt[(this.bNext - 1 + BEAT_RING) % BEAT_RING];
		let n = 0;
		let sum = 0;
		for (let i = 0; i < this.bCount; i++) {
			const j = (this.bNext - 1 - i + BEAT_RING) % BEAT_RING;
			if (this.bt[j] < tEnd - RMSSD_S) break;
			const d2 = this.bd2[j];
			if (d2 === d2) {
				n++;
				sum += d2;
			}
		}
		return n >= 5 ? Math.sqrt(sum / n) : null;
	}

	private emitRate(at: number): void {
		this.emit({
			type: 'rate',
			breathsPerMin: null,
			rsaBreathsPerMin: this.rsa,
			heartRate: this.heartRateNow(),
			rmssd: this.rmssdNow(),
			at
		});
	}

	/** Update the reported RSA rate: smoothed spectral estimate, or null when not trustworthy. */
	private updateRsa(t: number): void {
		const r = this.spectralRate();
		if (this.smoothT === this.smoothT && t - this.smoothT > SMOOTH_RESET_S) {
			this.smooth = NaN;
		}
		this.rsa = null;
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
		this.rsa = this.smooth;
	}

	/** Spectral RSA rate (br/min) over the last 60 s of the 4 Hz RR series; NaN when not trustworthy. */
	private spectralRate(): number {
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
		const hr = this.heartRateNow();
		const spanS = n / GRID_HZ;
		if (share < PEAK_SHARE_MIN) return NaN;
		if (f * spanS < 2) return NaN;
		if (f < 0.045 || f > 0.67) return NaN;
		if (hr === null || f > (0.45 * hr) / 60) return NaN;
		return f * 60;
	}
}
