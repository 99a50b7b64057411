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
 * The breathing rate read from RSA: `RsaRate` (rsa-rate.ts), fed with the clean beats.
 */
import type { EngineEvent } from '../types';
import { RecentValues } from '../dsp/median';
import { RsaRate } from './rsa-rate';

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

	/** The breathing rate read from the clean beats' RR series. */
	private readonly rsa = new RsaRate();
	private nextRateT = NaN;

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
		return {
			heartRate: this.heartRateNow(),
			rmssd: this.rmssdNow(),
			rsaBreathsPerMin: this.rsa.breathsPerMin
		};
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
			this.rsa.update(t, this.heartRateNow());
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
		this.rsa.add(t, rr);
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
			rsaBreathsPerMin: this.rsa.breathsPerMin,
			heartRate: this.heartRateNow(),
			rmssd: this.rmssdNow(),
			at
		});
	}
}
