/**
 * Causal R-peak detector for single-lead ECG at 100–1000 Hz (Polar H10: 130 Hz).
 *
 * Pan–Tompkins structure with Hamilton-style details:
 * - 5–15 Hz band-pass (one high-pass and one low-pass Butterworth biquad), central-difference
 *   derivative, squaring, 120 ms moving-window integration (MWI);
 * - adaptive levels SPKI/NPKI (weight 0.125), threshold NPKI + 0.25 (SPKI − NPKI); a QRS candidate
 *   opens when the MWI crosses the threshold and is confirmed once the MWI has fallen to half its
 *   peak (≈ 100–200 ms after the R wave);
 * - 250 ms refractory period; T-wave test (slope < half the previous QRS slope within 360 ms);
 * - search-back at half threshold for the largest MWI peak when no beat came for 1.66 × the median
 *   of the last 8 RR intervals;
 * - the R wave itself is located on a 0.5 Hz high-passed copy of the ECG (the band-pass delays
 *   and reshapes the QRS), as the extremum of the learned polarity, then refined with a 3-point
 *   parabola, so the beat time is not quantised to the sample period.
 *
 * The sample rate comes from the timestamps (or `sampleRateHint`) and is re-checked every few
 * seconds; a change above 5 % redesigns the filters. A timestamp gap over 1 s (or time going
 * backwards) resets the detector; the first 2 s after a start/reset train the levels and are then
 * replayed from the ring buffers, so no beat is lost to the learning phase. The first beat after a
 * reset has no RR interval and is not reported.
 *
 * Memory is constant after the design (ring buffers of ≈ 6 s); the per-sample loop allocates
 * nothing.
 */
import { BiquadFilter, highPass, lowPass } from '../dsp/biquad';
import { medianInterval, RecentValues } from '../dsp/median';

const LEARN_S = 2;
const RING_S = 6;
const MWI_S = 0.12;
const REFRACTORY_S = 0.25;
const T_WAVE_S = 0.36;
const SEARCHBACK_FACTOR = 1.66;
const MAX_GAP_S = 1;
/** R wave search window: from this long before the MWI threshold crossing… */
const R_SEARCH_EXTRA_S = 0.05;
/** …to this long after it. */
const R_SEARCH_AFTER_S = 0.07;

export class RPeakDetector {
	private fs = 0;
	private hpClean!: BiquadFilter;
	private hpBand!: BiquadFilter;
	private lpBand!: BiquadFilter;
	private mask = 0;
	private ringT = new Float64Array(0);
	private ringClean = new Float64Array(0);
	private ringSq = new Float64Array(0);
	private ringMwi = new Float64Array(0);
	private mwiLen = 1;
	private learnLen = 1;
	private refractory = 0;
	private rSearchExtra = 1;
	private rSearchAfter = 1;

	// Filter stage.
	private k = 0; // samples since reset
	private started = false;
	private tLast = 0;
	private bp1 = 0;
	private bp2 = 0;
	private sqSum = 0;

	// Sample-rate check.
	private rateSpan = 0;
	private rateN = 0;

	// Detection stage.
	private det = 0; // next sample index to run detection on
	private learning = true;
	private learnMax = 0;
	private learnSum = 0;
	private spki = 0;
	private npki = 0;
	private m1 = 0; // MWI at det-1
	private m2 = 0; // MWI at det-2
	private inCand = false;
	private candMax = 0;
	private candIdx = 0;
	private candOnset = 0;
	private candSlope = 0;
	private lastSlope = 0;
	private haveBeat = false;
	private lastBeatIdx = 0;
	private lastBeatT = 0;
	private sbVal = 0;
	private sbIdx = -1;
	private polarity = 0;
	private polarityInit = false;
	private readonly rrRecent = new RecentValues(8);

	constructor(
		private readonly onBeat: (t: number, rrMs: number) => void,
		private readonly sampleRateHint?: number
	) {
		if (sampleRateHint && sampleRateHint > 0) this.design(sampleRateHint);
	}

	/** Forget everything except the sample-rate design. */
	reset(): void {
		this.k = 0;
		this.started = false;
		this.sqSum = 0;
		this.bp1 = 0;
		this.bp2 = 0;
		this.rateN = 0;
		this.det = 0;
		this.learning = true;
		this.learnMax = 0;
		this.learnSum = 0;
		this.spki = 0;
		this.npki = 0;
		this.m1 = 0;
		this.m2 = 0;
		this.inCand = false;
		this.candMax = 0;
		this.candSlope = 0;
		this.lastSlope = 0;
		this.haveBeat = false;
		this.sbVal = 0;
		this.sbIdx = -1;
		this.polarity = 0;
		this.polarityInit = false;
		this.rrRecent.clear();
		if (this.fs > 0) this.ringSq.fill(0);
	}

	private design(fs: number): void {
		this.fs = fs;
		this.hpClean = new BiquadFilter(highPass(0.5, fs));
		this.hpBand = new BiquadFilter(highPass(5, fs));
		this.lpBand = new BiquadFilter(lowPass(15, fs));
		let size = 1;
		while (size < RING_S * fs) size <<= 1;
		this.mask = size - 1;
		this.ringT = new Float64Array(size);
		this.ringClean = new Float64Array(size);
		this.ringSq = new Float64Array(size);
		this.ringMwi = new Float64Array(size);
		this.mwiLen = Math.max(2, Math.round(MWI_S * fs));
		this.learnLen = Math.round(LEARN_S * fs);
		this.refractory = REFRACTORY_S;
		this.rSearchExtra = Math.max(1, Math.round(R_SEARCH_EXTRA_S * fs));
		this.rSearchAfter = Math.max(2, Math.round(R_SEARCH_AFTER_S * fs));
		this.reset();
	}

	push(t: Float64Array, v: Float64Array, n: number): void {
		if (n <= 0) return;
		if (this.fs === 0) this.design(firstRate(t, n, this.sampleRateHint));
		for (let i = 0; i < n; i++) {
			const ti = t[i];
			const x = v[i];
			if (x !== x) continue; // NaN sample: skip
			if (this.started) {
				const gap = ti - this.tLast;
				if (gap > MAX_GAP_S || gap <= 0) {
					if (gap <= 0 && gap > -1e-9) continue; // duplicate timestamp
					this.reset();
				}
			}
			if (!this.started) this.start(ti, x);
			else this.checkRate(ti - this.tLast);
			this.tLast = ti;
			this.step(ti, x);
		}
	}

	private start(ti: number, x: number): void {
		this.started = true;
		this.hpClean.reset(x);
		this.hpBand.reset(x);
		this.lpBand.reset(0);
		this.rateSpan = 0;
		this.rateN = 0;
	}

	/**
	 * Every ≈ 4 s, compare the measured sample rate with the design; redesign on > 5 % change.
	 * Only ordinary intervals count: a lost packet is a hole in the data, not a slower clock.
	 */
	private checkRate(dt: number): void {
		if (dt > 1.5 / this.fs) return;
		this.rateN++;
		this.rateSpan += dt;
		if (this.rateSpan < 4) return;
		const measured = this.rateN / this.rateSpan;
		this.rateSpan = 0;
		this.rateN = 0;
		if (Math.abs(measured / this.fs - 1) > 0.05) {
			this.design(measured);
			// design() resets; the caller will start again with this sample.
		}
	}

	private step(ti: number, x: number): void {
		if (!this.started) this.start(ti, x);
		const k = this.k;
		const mask = this.mask;
		const j = k & mask;
		const clean = this.hpClean.step(x);
		const bp = this.lpBand.step(this.hpBand.step(x));
		const d = (bp - this.bp2) * this.fs * 0.5;
		this.bp2 = this.bp1;
		this.bp1 = bp;
		const sq = d * d;
		const w = this.mwiLen;
		let sum = this.sqSum + sq;
		if (k >= w) sum -= this.ringSq[(k - w) & mask];
		if ((k & 0xffff) === 0xffff) {
			// Re-sum now and then so rounding cannot accumulate over long sessions.
			sum = sq;
			for (let q = 1; q < w && q <= k; q++) sum += this.ringSq[(k - q) & mask];
		}
		this.sqSum = sum;
		this.ringT[j] = ti;
		this.ringClean[j] = clean;
		this.ringSq[j] = sq;
		this.ringMwi[j] = sum > 0 ? sum / w : 0;
		this.k = k + 1;

		if (this.learning) {
			if (k >= w) {
				const m = this.ringMwi[j];
				if (m > this.learnMax) this.learnMax = m;
				this.learnSum += m;
			}
			if (k + 1 >= this.learnLen) {
				this.learning = false;
				const mean = this.learnSum / Math.max(1, this.learnLen - w);
				this.spki = 0.5 * this.learnMax;
				this.npki = 0.5 * mean;
				this.det = Math.min(w, k);
				while (this.det <= k) this.detect(this.det++);
			}
		} else {
			this.detect(k);
			this.det = k + 1;
		}
	}

	/** Detection stage for sample index `i` (already in the rings). */
	private detect(i: number): void {
		const mask = this.mask;
		const m = this.ringMwi[i & mask];
		const ti = this.ringT[i & mask];
		const thr = this.npki + 0.25 * (this.spki - this.npki);
		if (this.inCand) {
			const sq = this.ringSq[i & mask];
			if (sq > this.candSlope) this.candSlope = sq;
			if (m > this.candMax) {
				this.candMax = m;
				this.candIdx = i;
			}
			if (m < 0.5 * this.candMax || i - this.candIdx > this.fs * 0.3) {
				this.inCand = false;
				this.finishCandidate();
			}
		} else {
			const since = this.haveBeat ? ti - this.lastBeatT : 1e9;
			if (m > thr && since > this.refractory) {
				this.inCand = true;
				this.candMax = m;
				this.candIdx = i;
				this.candOnset = i;
				this.candSlope = this.ringSq[i & mask];
			} else if (this.m1 > this.m2 && this.m1 >= m) {
				// Local MWI maximum at i-1 below the threshold: noise peak, search-back candidate.
				const pk = this.m1;
				this.npki += 0.125 * (pk - this.npki);
				const tp = this.ringT[(i - 1) & mask];
				if ((!this.haveBeat || tp - this.lastBeatT > this.refractory) && pk > this.sbVal) {
					this.sbVal = pk;
					this.sbIdx = i - 1;
				}
			}
			if (!this.inCand) this.searchBack(i, ti, thr);
		}
		this.m2 = this.m1;
		this.m1 = m;
	}

	private searchBack(i: number, ti: number, thr: number): void {
		if (!this.haveBeat) {
			// No beat at all for a long time after learning: the levels are too high; decay them.
			if (i > this.learnLen + 3 * this.fs && (i - this.learnLen) % Math.round(this.fs) === 0) {
				this.spki *= 0.7;
			}
			return;
		}
		const rrMed = this.rrRecent.length > 0 ? this.rrRecent.median() : 1;
		const since = ti - this.lastBeatT;
		if (since > SEARCHBACK_FACTOR * rrMed) {
			if (this.sbIdx >= 0 && this.sbVal > 0.5 * thr && this.k - this.sbIdx < this.mask - this.mwiLen * 3) {
				const pk = this.sbVal;
				const idx = this.sbIdx;
				this.spki += 0.25 * (pk - this.spki);
				this.sbVal = 0;
				this.sbIdx = -1;
				this.acceptBeat(idx - this.mwiLen - this.rSearchExtra, idx - 1, this.lastSlope);
			} else if (since > 3 * Math.max(rrMed, 0.6)) {
				// Still nothing: let the signal level sag so a weaker QRS can pass.
				this.spki *= 0.999;
			}
		}
	}

	private finishCandidate(): void {
		const mask = this.mask;
		const idx = this.candIdx;
		const pk = this.candMax;
		const tp = this.ringT[idx & mask];
		if (this.haveBeat) {
			const since = tp - this.lastBeatT;
			const tooSoon = this.rrRecent.length >= 4 && since < 0.5 * this.rrRecent.median();
			if (tooSoon || (since < T_WAVE_S && this.candSlope < 0.25 * this.lastSlope)) {
				// A T wave or a noise burst right after the last beat: count it as noise.
				this.npki += 0.125 * (pk - this.npki);
				return;
			}
		}
		this.spki += 0.125 * (pk - this.spki);
		// The R wave lies near the threshold crossing; anchoring there keeps a noise burst that
		// follows the QRS (and drags the MWI peak along) from capturing the beat.
		const on = this.candOnset;
		this.acceptBeat(on - this.rSearchExtra, Math.min(idx - 1, on + this.rSearchAfter), this.candSlope);
	}

	/** Locate the R wave in sample indices [lo, hi], refine it and report the beat. */
	private acceptBeat(lo: number, hi: number, slope: number): void {
		const mask = this.mask;
		const clean = this.ringClean;
		if (lo < 1) lo = 1;
		if (this.haveBeat && lo <= this.lastBeatIdx + 1) lo = this.lastBeatIdx + 2;
		if (hi > this.k - 2) hi = this.k - 2; // keep a right neighbour for the parabola
		if (hi < lo) return;
		let maxV = -Infinity;
		let minV = Infinity;
		let maxI = lo;
		let minI = lo;
		for (let q = lo; q <= hi; q++) {
			const c = clean[q & mask];
			if (c > maxV) {
				maxV = c;
				maxI = q;
			}
			if (c < minV) {
				minV = c;
				minI = q;
			}
		}
		const span = maxV - minV;
		const r = span > 0 ? (maxV + minV) / span : 0;
		if (!this.polarityInit) {
			this.polarity = r;
			this.polarityInit = true;
		} else {
			this.polarity += 0.1 * (r - this.polarity);
		}
		const idx = this.polarity >= 0 ? maxI : minI;
		const y0 = clean[(idx - 1) & mask];
		const y1 = clean[idx & mask];
		const y2 = clean[(idx + 1) & mask];
		const den = y0 - 2 * y1 + y2;
		let off = den !== 0 ? (0.5 * (y0 - y2)) / den : 0;
		if (off > 0.5) off = 0.5;
		else if (off < -0.5) off = -0.5;
		const t1 = this.ringT[idx & mask];
		const tR =
			off >= 0
				? t1 + off * (this.ringT[(idx + 1) & mask] - t1)
				: t1 + off * (t1 - this.ringT[(idx - 1) & mask]);

		this.lastSlope = slope;
		this.sbVal = 0;
		this.sbIdx = -1;
		if (this.haveBeat) {
			const rr = tR - this.lastBeatT;
			if (rr <= 0) return;
			this.rrRecent.push(rr);
			this.lastBeatT = tR;
			this.lastBeatIdx = idx;
			this.onBeat(tR, rr * 1000);
		} else {
			this.haveBeat = true;
			this.lastBeatT = tR;
			this.lastBeatIdx = idx;
		}
	}
}

/** Sample rate from the first chunk's median interval (robust to a repeated or missing sample). */
function firstRate(t: Float64Array, n: number, hint: number | undefined): number {
	const rate = 1 / medianInterval(t, n);
	return Number.isFinite(rate) && rate > 0 ? rate : (hint ?? 130);
}
