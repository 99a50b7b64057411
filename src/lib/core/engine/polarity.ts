import type { BreathPhase, PolarityBasis } from '../types';

/**
 * Which way the chest signal moves on an inhale, from evidence (for `BreathTracker`).
 *
 * - Pacer (primary, live sessions): each inhale or exhale cue is compared with the breathing
 *   phase that starts after it. A rise that follows an inhale cue agrees with "rise = inhale", a
 *   rise that follows an exhale cue disagrees. Confidence 1 − 2^−(net agreement) over the recent
 *   votes, so the three breaths of the pacer's calibration (six edges) already give ≈ 0.98.
 * - Heart rate (offline, and as a check): heart rate follows lung volume (RSA), a little late. The
 *   heart rate and the signal's level are fitted with a sinusoid at the breathing rate over the
 *   last several breaths; their phase difference tells the sign when it is clearly inside ±90°
 *   (≤ 70° from 0° or 180°: at 6/min a lag up to ≈ 2 s) and the heart-rate swing is clearly above
 *   its noise. Comparing with the level, not the airflow, is what makes this work: at 6/min
 *   airflow leads volume by 90°, so a comparison with airflow is a coin toss.
 * Otherwise the sign is "assumed" with confidence 0. A later decision replaces the current one
 * only when it is more confident.
 */

/** A phase start this long before its cue still answers it (anticipation), and this long after. */
const CUE_LEAD_SECONDS = 0.6;
const CUE_LAG_SECONDS = 2.5;
const CUES = 16;
/** Pacer votes weighed: the recent ones, so a correction can win. */
const VOTES = 12;

const GRID_HZ = 4;
/** Beats kept for filling the heart-rate grid: the level comes up to a few seconds late. */
const BEATS = 16;
const GRID = 256; // 64 s
/** The fit needs this many breath cycles and seconds of both signals. */
const MIN_CYCLES = 3;
const MIN_SECONDS = 24;
/** Heart-rate swing at the breathing rate: at least its noise (variance ratio). */
const MIN_HEART_SNR = 1;
/** Clearly inside ±90°: within this of 0° (same sign) or 180° (inverted). */
const MAX_PHASE_DEG = 70;

export interface PolarityDecision {
	/** +1: the signal rises on inhale. */
	sign: 1 | -1;
	basis: PolarityBasis;
	/** 0 … 1. */
	confidence: number;
}

export class PolarityEvidence {
	// ---- pacer ----
	private readonly cueT = new Float64Array(CUES);
	private readonly cueInhale = new Uint8Array(CUES);
	private cueNext = 0;
	private cueCount = 0;
	private readonly votes = new Int8Array(VOTES);
	private voteNext = 0;
	private voteCount = 0;

	// ---- breathing level and heart rate on a common 4 Hz grid (ring) ----
	private readonly level = new Float64Array(GRID);
	private readonly heart = new Float64Array(GRID);
	private gridT0 = NaN;
	private gridN = 0;
	private sumV = 0;
	private countV = 0;
	private lastV = NaN;
	/** Slots whose heart rate is filled in (≤ gridN). */
	private heartN = 0;
	/** The latest beats: middle of each interval and its heart rate (ring). */
	private readonly beatT = new Float64Array(BEATS);
	private readonly beatHr = new Float64Array(BEATS);
	private beatNext = 0;
	private beatCount = 0;
	/** The signal was interrupted since the last level sample. */
	private broken = false;
	/** Fit results of the latest `heartDecision()`, for tests and reports. */
	lastPhaseDeg = NaN;
	lastHeartSnr = NaN;

	/** The pacer told the person to start `phase` at `t`. */
	cue(t: number, phase: BreathPhase): void {
		if (phase !== 'inhale' && phase !== 'exhale') return;
		const i = this.cueNext;
		this.cueT[i] = t;
		this.cueInhale[i] = phase === 'inhale' ? 1 : 0;
		this.cueNext = (i + 1) % CUES;
		if (this.cueCount < CUES) this.cueCount++;
	}

	/** A proven phase of the signal, rising (1) or falling (−1), started at `t`. */
	phase(dir: 1 | -1, t: number): void {
		// The latest cue the phase can answer.
		let best = -1;
		for (let k = 0; k < this.cueCount; k++) {
			const i = (this.cueNext - 1 - k + CUES) % CUES;
			if (this.cueT[i] <= t + CUE_LEAD_SECONDS) {
				best = i;
				break;
			}
		}
		if (best < 0 || t - this.cueT[best] > CUE_LAG_SECONDS) return;
		const agree = dir > 0 === (this.cueInhale[best] === 1);
		this.votes[this.voteNext] = agree ? 1 : -1;
		this.voteNext = (this.voteNext + 1) % VOTES;
		if (this.voteCount < VOTES) this.voteCount++;
	}

	/** One sample of the breathing signal (any rate ≥ 4 Hz). */
	sample(t: number, v: number): void {
		if (this.gridT0 !== this.gridT0) this.gridT0 = t;
		const slot = Math.floor((t - this.gridT0) * GRID_HZ);
		if (slot > this.gridN) {
			// Close the grid slot(s) behind: the level is the slot's mean (or the last one seen);
			// across an interruption it is unknown.
			if (this.broken) {
				if (this.countV > 0) this.closeSlot(this.sumV / this.countV);
				if (slot - this.gridN > GRID) this.gridN = slot - GRID;
				while (this.gridN < slot) this.closeSlot(NaN);
				this.broken = false;
			} else {
				const mean = this.countV > 0 ? this.sumV / this.countV : this.lastV;
				while (this.gridN < slot) this.closeSlot(mean);
			}
			this.sumV = this.countV = 0;
		}
		this.sumV += v;
		this.countV++;
		this.lastV = v;
	}

	/** A clean beat at `t` ending an interval of `rrMs`. */
	beat(t: number, rrMs: number): void {
		// The interval's heart rate belongs to its middle.
		const t1 = t - rrMs / 2000;
		const hr1 = 60000 / rrMs;
		const b = this.beatNext;
		this.beatT[b] = t1;
		this.beatHr[b] = hr1;
		this.beatNext = (b + 1) % BEATS;
		if (this.beatCount < BEATS) this.beatCount++;
		// Grid slots up to this beat get their heart rate, between the two beats around them
		// (beats may come before or after the level they go with); between beats far apart it is
		// unknown.
		if (this.gridN - this.heartN > GRID) this.heartN = this.gridN - GRID;
		let k = 1;
		while (this.heartN < this.gridN) {
			const ts = this.gridT0 + (this.heartN + 0.5) / GRID_HZ;
			if (ts > t1) break;
			// The latest beat at or before the slot (k back from the newest), and the one after it.
			while (k < this.beatCount && this.beatT[(b - k + BEATS) % BEATS] > ts) k++;
			const i0 = (b - k + BEATS) % BEATS;
			const i1 = (i0 + 1) % BEATS;
			const t0 = this.beatT[i0];
			const tb = this.beatT[i1];
			const known = k < this.beatCount && ts >= t0 && tb - t0 < 3;
			const hr0 = this.beatHr[i0];
			this.heart[this.heartN % GRID] = known ? hr0 + ((ts - t0) / (tb - t0)) * (this.beatHr[i1] - hr0) : NaN;
			this.heartN++;
			k = 1;
		}
	}

	/**
	 * The signal stopped (gap, motion). The heart rate goes on; the level is unknown until the
	 * signal is back, and then measured from another point (the fit takes each stretch of level on
	 * its own), so stretches between stretch holds and rests add up to a decision.
	 */
	interrupted(): void {
		this.broken = true;
	}

	/** The pacer's verdict over the recent votes, or null without enough of them. */
	pacerDecision(): PolarityDecision | null {
		let net = 0;
		for (let k = 0; k < this.voteCount; k++) net += this.votes[k];
		// Two more agreeing than disagreeing edges at least (one breath, or a calibration breath).
		if (this.voteCount < 3 || Math.abs(net) < 2) return null;
		return { sign: net > 0 ? 1 : -1, basis: 'pacer', confidence: 1 - Math.pow(2, -Math.abs(net)) };
	}

	/**
	 * Heart rate against the signal's level at the breathing rate (`cycleSeconds` per breath) over
	 * the last minute, or null when the fit cannot tell.
	 */
	heartDecision(cycleSeconds: number): PolarityDecision | null {
		this.lastPhaseDeg = this.lastHeartSnr = NaN;
		if (!(cycleSeconds > 0)) return null;
		// The slots of the last minute with both the level and the heart rate known, in runs of at
		// least half a breath (shorter ones tell nothing of the phase once their trend is taken out).
		const start = Math.max(0, this.heartN - GRID);
		const m = this.heartN - start;
		const minRun = (cycleSeconds * GRID_HZ) / 2;
		const w = (2 * Math.PI) / (cycleSeconds * GRID_HZ);
		const fv = fitSine(this.level, this.heart, start, m, w, minRun, this.level);
		const fh = fitSine(this.level, this.heart, start, m, w, minRun, this.heart);
		if (!fv || !fh) return null;
		const seconds = fv.n / GRID_HZ;
		if (seconds < MIN_SECONDS || seconds < MIN_CYCLES * cycleSeconds) return null;
		let d = Math.atan2(fh.s, fh.c) - Math.atan2(fv.s, fv.c);
		while (d > Math.PI) d -= 2 * Math.PI;
		while (d < -Math.PI) d += 2 * Math.PI;
		const deg = (Math.abs(d) * 180) / Math.PI;
		this.lastPhaseDeg = deg;
		this.lastHeartSnr = fh.snr;
		if (fh.snr < MIN_HEART_SNR || fv.snr < MIN_HEART_SNR) return null;
		const sign = deg <= MAX_PHASE_DEG ? 1 : deg >= 180 - MAX_PHASE_DEG ? -1 : 0;
		if (sign === 0) return null;
		// Half for being on the right side of 90°, the rest for the margin; scaled by the swing's SNR.
		const margin = 1 - (sign > 0 ? deg : 180 - deg) / 90;
		return { sign, basis: 'heart-rate', confidence: (0.5 + 0.5 * margin) * (fh.snr / (fh.snr + 1)) };
	}

	private closeSlot(level: number): void {
		this.level[this.gridN % GRID] = level;
		this.gridN++;
	}
}

/**
 * Least-squares fit of c·cos(wi) + s·sin(wi) to the ring `y`, over the `m` slots from `start`
 * where both `a` and `b` are known, each run of such slots (≥ `minRun` long) detrended on its own
 * (mean and slope: a run after an interruption is measured from another point). `snr` is the
 * sinusoid's variance over the residual's, `n` the slots used. Null when the fit is degenerate.
 */
function fitSine(
	a: Float64Array,
	b: Float64Array,
	start: number,
	m: number,
	w: number,
	minRun: number,
	y: Float64Array
): { c: number; s: number; snr: number; n: number } | null {
	let cc = 0;
	let ss = 0;
	let cs = 0;
	let yc = 0;
	let ys = 0;
	let yy = 0;
	let used = 0;
	const known = (i: number) => {
		const k = (start + i) % GRID;
		return a[k] === a[k] && b[k] === b[k];
	};
	let i = 0;
	while (i < m) {
		if (!known(i)) {
			i++;
			continue;
		}
		let j = i;
		while (j < m && known(j)) j++;
		const n = j - i;
		if (n >= minRun && n >= 3) {
			// Detrend the run (mean and slope), then add it to the normal equations of cos and sin,
			// themselves taken out of the run's mean and slope.
			const tm = (i + j - 1) / 2;
			let sy = 0;
			let sty = 0;
			let stt = 0;
			let sc = 0;
			let sct = 0;
			let sn = 0;
			let snt = 0;
			for (let q = i; q < j; q++) {
				const v = y[(start + q) % GRID];
				const d = q - tm;
				sy += v;
				sty += d * v;
				stt += d * d;
				sc += Math.cos(w * q);
				sct += d * Math.cos(w * q);
				sn += Math.sin(w * q);
				snt += d * Math.sin(w * q);
			}
			const mean = sy / n;
			const slope = sty / stt;
			const cm = sc / n;
			const cSlope = sct / stt;
			const sm = sn / n;
			const sSlope = snt / stt;
			for (let q = i; q < j; q++) {
				const d = q - tm;
				const v = y[(start + q) % GRID] - mean - slope * d;
				const c = Math.cos(w * q) - cm - cSlope * d;
				const s = Math.sin(w * q) - sm - sSlope * d;
				cc += c * c;
				ss += s * s;
				cs += c * s;
				yc += v * c;
				ys += v * s;
				yy += v * v;
			}
			used += n;
		}
		i = j;
	}
	const det = cc * ss - cs * cs;
	if (!(det > 0) || !(yy > 0)) return null;
	const fc = (yc * ss - ys * cs) / det;
	const fs = (ys * cc - yc * cs) / det;
	const fitted = fc * yc + fs * ys;
	const residual = Math.max(1e-12, yy - fitted);
	return { c: fc, s: fs, snr: fitted / residual, n: used };
}
