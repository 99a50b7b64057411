import type { Breath, BreathPhase, EngineEvent, Source } from '../types';
import { RecentValues } from '../dsp/median';
import { evaluateBreath } from './evaluate';
import type { BreathPattern } from './pattern';
import type { Cycle, PhaseSink } from './phase-sink';
import type { PolarityDecision, PolarityEvidence } from './polarity';

/** Cycles held back while the polarity of a chest signal is still unknown. */
const MAX_HELD_CYCLES = 8;

/**
 * Turns the detector's rises and falls into inhales and exhales, complete breaths with their
 * evaluation, breathing rate and apnea events.
 *
 * For a belt the polarity is configured. For a chest accelerometer it is learnt from evidence
 * (`PolarityEvidence`: the pacer's cues, else heart rate against the signal's level): complete
 * cycles are held back until the evidence decides, then reported the right way round, so the
 * review does not show a breath turned inside out. Without evidence after MAX_HELD_CYCLES the
 * sign is assumed; a later, more confident decision corrects it for the breaths that follow.
 */
export class BreathTracker implements PhaseSink {
	/** +1: a rising signal is an inhale (the signal as the source gives it). */
	private sign: 1 | -1;
	/**
	 * How the detector's input is turned against the source's signal (a learnt polarity turns
	 * the chest signal over, so a rise is an inhale: see `turnOverWanted`).
	 */
	private inputSign: 1 | -1 = 1;
	/** `sign` relative to the detector's input: +1 when its rises are inhales. */
	private s: 1 | -1 = 1;
	/** Cycles to report after a decision before the input is turned over (see `turnOverWanted`). */
	private cyclesBeforeTurnOver = -1;
	private turnOverReady = false;
	/** The latest phase start that voted on the polarity. */
	private lastVoteT = -Infinity;
	private decided: boolean;
	/** Basis and confidence of the decision in force (0 when assumed). */
	private basis: PolarityDecision['basis'] = 'assumed';
	private confidence = 0;
	/** Cycle lengths of the signal, either way round: the breathing rate the evidence is fitted at. */
	private readonly signalCycles = new RecentValues(5);
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
		private readonly evidence: PolarityEvidence | null,
		/** Called with the rate after each breath (breaths/min) and when breathing stops. */
		private readonly onBreathing: (breathsPerMin: number | null, apnea: boolean, at: number) => void
	) {
		this.sign = this.s = polarity.sign;
		this.decided = !polarity.learn;
	}

	get inverted(): boolean {
		return this.sign < 0;
	}

	/** The polarity in force: inverted, its basis and confidence ('assumed' and 0 until decided). */
	get decision(): { inverted: boolean; basis: PolarityDecision['basis']; confidence: number } {
		return this.decided
			? { inverted: this.sign < 0, basis: this.basis, confidence: this.confidence }
			: { inverted: this.sign < 0, basis: 'assumed', confidence: 0 };
	}

	/**
	 * The polarity decided turns the detector's input over: its rises would be exhales. The phase
	 * detector measures a breath best with rises as inhales (the hold at the top is fitted with
	 * both flanks whole; the bottom, when the cycle is reported, with the next inhale just begun),
	 * so the source should turn its signal over and call `inputTurnedOver`. It is wanted once the
	 * cycle that was under way at the decision has been reported: the detector starts again, and
	 * the breath that cycle completes would be lost (one breath is, the one under way then).
	 */
	get turnOverWanted(): boolean {
		return this.turnOverReady && this.decided && this.s < 0;
	}

	/** The source turned the detector's input over (and restarted the detector). */
	inputTurnedOver(): void {
		this.inputSign = this.inputSign > 0 ? -1 : 1;
		this.s = (this.sign * this.inputSign) as 1 | -1;
		this.turnOverReady = false;
		this.previousCycle = null;
	}

	phaseStart(dir: 1 | -1, t: number, at: number): void {
		this.enter(dir * this.s > 0 ? 'inhale' : 'exhale', t, at);
	}

	phaseEnd(dir: 1 | -1, t: number, at: number): void {
		this.enter(dir * this.s > 0 ? 'hold' : 'pause', t, at);
	}

	phaseRetracted(_dir: 1 | -1, _resumed: 'flat' | 'moving', at: number): void {
		if (this.phaseBefore) this.enter(this.phaseBefore, this.phaseBeforeT, at);
	}

	interrupted(): void {
		// Nothing before the interruption may be resumed by a retraction after it.
		this.currentPhase = null;
		this.phaseBefore = null;
		this.previousCycle = null;
		this.evidence?.interrupted();
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
		const evidence = this.evidence;
		if (evidence) {
			// Each phase votes once: after the input is turned over, a cycle begins with the phase
			// that ended the one before.
			if (c.riseStart > this.lastVoteT) evidence.phase(this.inputSign, c.riseStart);
			evidence.phase(this.inputSign > 0 ? -1 : 1, c.fallStart);
			this.lastVoteT = c.fallStart;
			if (!c.partial) this.signalCycles.push(c.nextRiseStart - c.riseStart);
			this.reconsider(at);
		}
		if (this.cyclesBeforeTurnOver >= 0 && this.cyclesBeforeTurnOver-- === 0) this.turnOverReady = true;
		if (this.decided) this.report(copy, at);
		else {
			this.held.push(copy);
			if (this.held.length >= MAX_HELD_CYCLES)
				this.decide({ sign: this.sign, basis: 'assumed', confidence: 0 }, at);
		}
	}

	/** The recording or session ends: report what is held back with the best polarity known. */
	finish(at: number): void {
		if (!this.decided) {
			this.reconsider(at);
			if (!this.decided) this.decide({ sign: this.sign, basis: 'assumed', confidence: 0 }, at);
		}
		if (!Number.isNaN(this.apneaStart)) this.movingAgain(at, at);
	}

	/**
	 * Weighs the evidence: the more confident of the pacer and the heart rate; it replaces the
	 * decision in force only when it is more confident than that one was.
	 */
	private reconsider(at: number): void {
		const evidence = this.evidence;
		if (!evidence) return;
		const pacer = evidence.pacerDecision();
		const heart = evidence.heartDecision(this.signalCycles.median());
		let best = pacer;
		if (heart && (!best || heart.confidence > best.confidence)) best = heart;
		if (!best) return;
		if (!this.decided || best.confidence > this.confidence) {
			if (this.decided && best.sign === this.sign && best.basis === this.basis) {
				this.confidence = best.confidence;
				return;
			}
			this.decide(best, at);
		}
	}

	/** Takes `d` as the polarity from now on, reports it, and releases the cycles held back. */
	private decide(d: PolarityDecision, at: number): void {
		const flipped = d.sign !== this.sign;
		this.sign = d.sign;
		this.s = (d.sign * this.inputSign) as 1 | -1;
		// This cycle is reported now; the one under way, at the next cycle (then turn over).
		this.cyclesBeforeTurnOver = 1;
		this.turnOverReady = false;
		this.basis = d.basis;
		this.confidence = d.confidence;
		this.decided = true;
		// Breaths reported before a flip stay as they were; the cycle before the next one does not
		// pair across the flip.
		if (flipped) this.previousCycle = null;
		this.emit({ type: 'polarity', inverted: this.sign < 0, basis: d.basis, confidence: d.confidence, at });
		for (const c of this.held.splice(0)) this.report(c, at);
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

	/** Rise = inhale: one cycle is one breath. Fall = inhale: a breath spans two cycles. */
	private report(c: Cycle, at: number): void {
		const p = this.previousCycle;
		this.previousCycle = c;
		if (c.partial) {
			// Only the exhale of the breath before, on a signal that falls on inhale.
			this.previousCycle = null;
			if (this.s < 0 && p && Math.abs(p.nextRiseStart - c.riseStart) <= 1e-9) this.emitFallThenRise(p, c, at);
			return;
		}
		if (this.s > 0) {
			this.emitBreath(c.riseStart, c.riseEnd, c.fallStart, c.fallEnd, c.nextRiseStart, c.excursion, at);
			return;
		}
		if (!p || Math.abs(p.nextRiseStart - c.riseStart) > 1e-9) return;
		this.emitFallThenRise(p, c, at);
	}

	/** On a signal that falls on inhale: the inhale is the cycle before's fall, the exhale this rise. */
	private emitFallThenRise(p: Cycle, c: Cycle, at: number): void {
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
