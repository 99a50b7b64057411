import type { Breath, BreathPhase, EngineEvent, Source } from '../types';
import { RecentValues } from '../dsp/median';
import { evaluateBreath } from './evaluate';
import type { BreathPattern } from './pattern';
import type { Cycle, PhaseSink } from './phases';

/** How heart rate is looked up when the breathing signal's polarity must be learnt. */
export interface HeartRateLookup {
	meanHeartRate(t0: number, t1: number): number;
}

/** Heart rate peaks a little after the inhale's airflow (RSA), so compare windows shifted by this. */
const RSA_LAG_SECONDS = 1;
/** Cycles held back while the polarity of a chest signal is still unknown. */
const MAX_HELD_CYCLES = 8;

/**
 * Turns the detector's rises and falls into inhales and exhales, complete breaths with their
 * evaluation, breathing rate and apnea events.
 *
 * For a belt the polarity is configured. For a chest accelerometer it is learnt: complete cycles
 * are held back until the heart rate shows which way is inhale (it rises while breathing in), and
 * then reported the right way round — so the review never shows a breath turned inside out.
 */
export class BreathTracker implements PhaseSink {
	/** +1: a rising signal is an inhale. */
	private sign: 1 | -1;
	private decided: boolean;
	private readonly held: Cycle[] = [];
	private previousCycle: Cycle | null = null;
	private readonly depths = new RecentValues(8);
	private readonly cycleSeconds = new RecentValues(5);
	private currentPhase: BreathPhase | null = null;
	private phaseBefore: BreathPhase | null = null;
	private phaseBeforeT = 0;
	private currentT = 0;
	private apneaStart = NaN;

	constructor(
		private readonly emit: (e: EngineEvent) => void,
		private readonly source: Source,
		private readonly pattern: BreathPattern,
		polarity: { sign: 1 | -1; learn: boolean },
		private readonly heart: HeartRateLookup | null,
		/** Called with the rate after each breath (breaths/min) and when breathing stops. */
		private readonly onBreathing: (breathsPerMin: number | null, apnea: boolean, at: number) => void
	) {
		this.sign = polarity.sign;
		this.decided = !polarity.learn;
	}

	get inverted(): boolean {
		return this.sign < 0;
	}

	phaseStart(dir: 1 | -1, t: number, at: number): void {
		this.enter(dir * this.sign > 0 ? 'inhale' : 'exhale', t, at);
	}

	phaseEnd(dir: 1 | -1, t: number, at: number): void {
		this.enter(dir * this.sign > 0 ? 'hold' : 'pause', t, at);
	}

	phaseRetracted(_dir: 1 | -1, _resumed: 'flat' | 'moving', at: number): void {
		if (this.phaseBefore) this.enter(this.phaseBefore, this.phaseBeforeT, at);
	}

	interrupted(): void {
		// Nothing before the interruption may be resumed by a retraction after it.
		this.currentPhase = null;
		this.phaseBefore = null;
		this.previousCycle = null;
	}

	artifact(active: boolean, at: number): void {
		this.emit({
			type: 'quality',
			source: this.source,
			quality: active ? 0 : 1,
			reason: active ? 'motion' : 'ok',
			at
		});
	}

	stillSince(t: number, at: number): void {
		this.apneaStart = t;
		this.emit({ type: 'apnea-start', t, at });
		this.onBreathing(null, true, at);
	}

	movingAgain(t: number, at: number): void {
		if (Number.isNaN(this.apneaStart)) return;
		this.emit({ type: 'apnea-end', start: this.apneaStart, end: Math.max(t, this.apneaStart), at });
		this.apneaStart = NaN;
	}

	cycle(c: Cycle, at: number): void {
		const copy = { ...c };
		if (this.decided) {
			this.report(copy, at);
			return;
		}
		this.held.push(copy);
		this.decidePolarity(at);
	}

	/** The recording or session ends: report what is held back with the best polarity known. */
	finish(at: number): void {
		if (!this.decided) this.decidePolarity(at, true);
		if (!Number.isNaN(this.apneaStart)) this.movingAgain(at, at);
	}

	private enter(phase: BreathPhase, t: number, at: number): void {
		if (phase !== this.currentPhase) {
			this.phaseBefore = this.currentPhase;
			this.phaseBeforeT = this.currentT;
		}
		this.currentPhase = phase;
		this.currentT = t;
		this.emit({ type: 'phase', phase, t, at });
	}

	/** Votes, over the held cycles, on whether heart rate is higher while rising or while falling. */
	private decidePolarity(at: number, final = false): void {
		let votes = 0;
		let voters = 0;
		const heart = this.heart;
		if (heart) {
			for (const c of this.held) {
				const rising = heart.meanHeartRate(c.riseStart + RSA_LAG_SECONDS, c.riseEnd + RSA_LAG_SECONDS);
				const falling = heart.meanHeartRate(c.fallStart + RSA_LAG_SECONDS, c.fallEnd + RSA_LAG_SECONDS);
				if (Number.isNaN(rising) || Number.isNaN(falling) || rising === falling) continue;
				votes += rising > falling ? 1 : -1;
				voters++;
			}
		}
		const clear = voters >= 4 && Math.abs(votes) >= 3;
		if (!clear && !final && this.held.length < MAX_HELD_CYCLES) return;
		const flip = votes < 0 && Math.abs(votes) >= 2;
		this.decided = true;
		if (flip) this.sign = -1;
		this.emit({
			type: 'polarity',
			inverted: this.sign < 0,
			basis: voters >= 2 ? 'heart-rate' : 'assumed',
			at
		});
		const held = this.held.splice(0);
		if (!flip) for (const c of held) this.report(c, at);
		else for (const c of held) this.reportInverted(c, at);
	}

	/** Rise = inhale: one cycle is one breath. Fall = inhale: a breath spans two cycles. */
	private report(c: Cycle, at: number): void {
		if (this.sign > 0) {
			this.emitBreath(c.riseStart, c.riseEnd, c.fallStart, c.fallEnd, c.nextRiseStart, c.excursion, at);
		} else {
			this.reportInverted(c, at);
		}
	}

	private reportInverted(c: Cycle, at: number): void {
		const p = this.previousCycle;
		this.previousCycle = c;
		if (!p || Math.abs(p.nextRiseStart - c.riseStart) > 1e-9) return;
		this.emitBreath(
			p.fallStart,
			p.fallEnd,
			c.riseStart,
			c.riseEnd,
			c.fallStart,
			(p.excursion + c.excursion) / 2,
			at
		);
	}

	private emitBreath(
		inhaleStart: number,
		inhaleEnd: number,
		exhaleStart: number,
		exhaleEnd: number,
		nextInhale: number,
		depth: number,
		at: number
	): void {
		const breath: Breath = {
			inhaleStart,
			inhaleEnd,
			exhaleStart,
			exhaleEnd,
			inhale: inhaleEnd - inhaleStart,
			hold: exhaleStart - inhaleEnd,
			exhale: exhaleEnd - exhaleStart,
			pause: nextInhale - exhaleEnd,
			depth,
			ok: true,
			issues: []
		};
		// Judge depth against the breaths before this one, so a run of shallow breaths is still caught.
		evaluateBreath(breath, this.pattern, this.depths.length >= 3 ? this.depths.median() : 0);
		if (depth > 0) this.depths.push(depth);
		this.cycleSeconds.push(nextInhale - inhaleStart);
		this.emit({ type: 'breath', breath, at });
		this.onBreathing(60 / this.cycleSeconds.median(), false, at);
	}
}
