import { ApneaClock } from './apnea-clock';
import { BreathCycle } from './breath-cycle';
import { EdgeRefiner } from './edges';
import { Flank, Level } from './flank';
import { FLAT_NOISE_MARGIN, FlowEstimator } from './flow';
import { FlowLevels } from './flow-levels';
import { Pauses, STRAIGHT_ON_SECONDS } from './pauses';
import type { PhaseSink } from './phase-sink';

/**
 * Breath phases from one breathing signal (belt stretch, or the chest tilt the accelerometer
 * sees), sampled at a low, roughly even rate (10–25 Hz).
 *
 * Why the derivative: on a volume-like signal the phase edges are where the flow (its slope)
 * leaves or returns to zero, and flat holds are flow ≈ 0 — so the airflow logic of BreathMetrics
 * maps onto a belt without waiting for peaks to be confirmed. A phase starts when the flow passes
 * a high level (`RISE_LEVEL` of the typical peak flow) and ends when it falls back under a low
 * level; each edge time is the zero of the straight line through the two level crossings, which
 * puts the edge of a smooth flank where the flow actually reaches zero. Each direction's levels
 * follow its own typical flow (a slow inhale after a quick exhale is confirmed as soon as a quick
 * one), and a flow that goes straight on through zero after a phase ends starts the next phase
 * at the low level (no pause: the exhale's end is the inhale's start).
 *
 * The flow itself (smoothing, slope span, noise estimates) comes from `FlowEstimator` (flow.ts);
 * this file is the phase state machine on top of it. Its parts: the flow levels (flow-levels.ts),
 * the flank of the phase in progress and its edge times (flank.ts), the pauses and the
 * straight-on sweep (pauses.ts), the breath cycle the phases build (breath-cycle.ts) and the
 * apnea clock (apnea-clock.ts); what it reports is in phase-sink.ts.
 */

/**
 * Flow levels, as fractions of the typical peak flow (`FlowLevels`). Module constants here, next
 * to the step that uses them on every sample: an imported binding is read from its module cell
 * each time, which V8 does not fold away.
 */
const RISE_LEVEL = 0.08;
const FLAT_LEVEL = 0.035;
/** Levels stay this many flow-noise deviations clear of the noise. */
const RISE_NOISE_MARGIN = 5;
/** A phase moving the signal less than this fraction of a typical breath is a wiggle. */
const WIGGLE_FRACTION = 0.2;
/** Phases shorter than this are noise, not breathing (40 br/min has 0.6 s phases). */
const MIN_PHASE_SECONDS = 0.3;
/** Flow this many times the typical peak is a jolt, not breathing; ignored for a moment. */
const ARTIFACT_FLOW = 5;
const ARTIFACT_SECONDS = 0.4;
/** How long past its predicted end a phase may linger just above the flat level. */
const END_GRACE_SECONDS = 0.3;
/** A breath moves the signal at least this many noise deviations. */
const EXCURSION_NOISE_MARGIN = 4;

const enum State {
	Start,
	Rise,
	Top,
	Fall,
	Bottom
}

export class PhaseDetector {
	/** The flow samples `step()` works on (`flowT`, `flow`, `level`, …) are read from its fields. */
	private readonly fe: FlowEstimator;
	/** Refines a complete cycle's edges on the level before it is reported. */
	private readonly edges = new EdgeRefiner();
	/** The flow levels for the current flow sample, and the typical flows they follow. */
	private readonly levels: FlowLevels;
	/** The flats of recent breaths, and the straight-on sweep after a phase. */
	private readonly pauses = new Pauses();
	/** The flank of the phase in progress: its levels, peak flow, and where its edges are. */
	private readonly flank: Flank;
	/** Edges and size of the breath cycle under way, and of the one waiting to be reported. */
	private readonly cycle: BreathCycle;
	private readonly apnea: ApneaClock;
	/**
	 * The time of the latest raw sample (and, in `flank`, the levels in force for the current
	 * flow sample). They are handed to `step()`, `beginPhase()`, `endPhase()` and `validate()` in
	 * fields, not as arguments: these methods are too big for V8 to inline, and a double passed
	 * to a call that is not inlined is boxed in a fresh heap number. V8 boxes such arguments where
	 * the value is computed, on every sample, even when the call is rare (about 130 bytes per
	 * sample); double fields are written in place.
	 */
	private stepNow = NaN;

	private state = State.Start;
	private resumed = false;

	// The phase in progress.
	private phaseStartX = 0;
	private phaseValid = false;
	private extremeX = 0;
	/** How far the last phase that ended moved the signal (the size known before a whole cycle is). */
	private lastPhaseExcursion = 0;
	/** Where to go back to if the phase in progress proves a wiggle. */
	private resumeState = State.Start;
	/** The extreme level of the last phase that proved itself. */
	private provedExtremeX = NaN;
	/**
	 * A phase taken back as a wiggle that had turned back from a proved one: its start and end
	 * (NaN: none since). The phase after it may show it was the other half of a breath (`turnedBack`).
	 */
	private takenBackStart = NaN;
	private takenBackEnd = NaN;
	/** The phase in progress turned straight on from a proved one, with no flat between. */
	private straightOn = false;

	private artifactUntil = NaN;

	constructor(
		private readonly sink: PhaseSink,
		readonly sampleRateHz: number
	) {
		this.fe = new FlowEstimator(sampleRateHz);
		this.levels = new FlowLevels(this.fe);
		this.flank = new Flank(this.fe, this.levels, this.pauses);
		this.cycle = new BreathCycle(sink, this.edges, this.fe);
		this.apnea = new ApneaClock(sink);
	}

	/**
	 * Called when a phase announced is taken back, or resumed after a flat spot that was no end:
	 * the live phase wavered (a heartbeat's ripple does this; the source looks for one then).
	 */
	onWaver: (() => void) | null = null;

	/**
	 * A heartbeat's ripple on the signal, its period (0: none) and amplitude: the flow is taken
	 * across whole beats where the ripple would show above the noise.
	 */
	ripple(beatSeconds: number, amplitude: number): void {
		this.fe.beatSeconds = beatSeconds;
		this.fe.rippleAmplitude = amplitude;
	}

	/** Typical top-to-bottom movement of recent breaths, 0 while unknown. */
	get typicalExcursion(): number {
		return this.cycle.medianExcursion;
	}

	/**
	 * The wearable was away (or the wearer moved) from `start`: forget the open breath, keep what
	 * was learnt. A cycle stopped during its fall is handed on as partial first (see `Cycle`): on
	 * a chest, moves come every few breaths, and the breath before one is whole.
	 */
	gap(start: number): void {
		this.apnea.moving(start, start);
		if (this.state === State.Fall) this.cycle.stoppedInFall(start, this.phaseStartX);
		this.sink.interrupted();
		this.restart();
	}

	/**
	 * The wearer moved (or changed posture): the breaths after it may be much smaller or larger
	 * (a chest settling after a walk breathes small and fast), so nothing learnt of their size
	 * before may reject them. Until a phase after the move is measured, the flow levels stand at
	 * their floor (a quarter of the flow known before, or the noise) and a phase counts once it
	 * moves beyond the noise; from then on only breaths after the move set the levels. The drift
	 * learnt before goes too: the signal after a move is a new one (the chest's is rebuilt from a
	 * new neutral), and an old drift taken off its flow would read a breath held still as a slow
	 * inhale that never ends. Call after `gap()`.
	 */
	forgetBreathSize(): void {
		this.cycle.forget();
		this.levels.forget();
	}

	/**
	 * The source turns its signal over from the next sample (the chest, once it knows which way
	 * is in, so that a rise is an inhale as on a belt). Nothing is lost: every level, flow and
	 * sample held is negated, and the phase state mirrored.
	 */
	turnOver(): void {
		this.fe.negate();
		this.edges.negate();
		this.levels.turnOver();
		this.pauses.turnOver();
		// The same breathing seen upside down: a rise is a fall, a top a bottom; the phase under
		// way goes on, and the breath it belongs to is still reported.
		const s = this.state;
		this.state = mirror(s);
		this.resumeState = mirror(this.resumeState);
		this.cycle.turnOver();
		this.phaseStartX = -this.phaseStartX;
		this.extremeX = -this.extremeX;
		this.provedExtremeX = -this.provedExtremeX;
		this.takenBackEnd = NaN;
	}

	private restart(): void {
		this.fe.restart();
		this.edges.clear();
		this.state = State.Start;
		this.cycle.restart();
		this.apnea.lastMotion = NaN;
		this.flank.restart();
		this.pauses.restart();
		this.lastPhaseExcursion = 0;
		this.provedExtremeX = this.takenBackEnd = NaN;
	}

	/**
	 * The recording ends: a breath whose exhale has finished is reported, though the pause after
	 * it was not seen (it counts as none).
	 */
	finish(now: number): void {
		this.cycle.finish(now, this.state === State.Bottom);
		this.state = State.Start;
	}

	/**
	 * One sample of the breathing signal. `noise` is the σ of noise the source knows it carries
	 * (the chest signal reports it; a belt leaves it 0 and the detector measures its own).
	 */
	sample(t: number, v: number, noise = 0): void {
		const fe = this.fe;
		fe.noiseHint = noise;
		this.edges.push(t, v);
		fe.sampleT = t;
		fe.sampleV = v;
		if (!fe.push()) return;
		this.stepNow = t;
		this.step();
	}

	/**
	 * One flow sample (the estimator's `flowT`, `flow`, `level`; `stepNow` = the latest sample).
	 * The flow levels, the level crossings and the flank's exits are worked out here, into the
	 * fields of `levels` and `flank`, rather than in their methods: on the path every sample takes,
	 * even inlined calls through another object cost a few percent of the detector's speed.
	 */
	private step(): void {
		const fe = this.fe;
		const ft = fe.flowT;
		const f = fe.flow;
		const x = fe.level;
		const now = this.stepNow;
		const levels = this.levels;
		const abs = f < 0 ? -f : f;
		// Envelope of |flow| over ~8 s lets the levels follow breaths that shrink a lot.
		levels.envelope += (abs - levels.envelope) * Math.min(1, (ft - fe.prevFlowT) / 8);
		if (levels.typicalFlow === 0 && !levels.warmUp()) return;
		// A jolt of the belt moves it many times faster than breath does: sit it out, then go on.
		if (abs > ARTIFACT_FLOW * levels.typicalFlow && levels.phasesMeasured >= 3) {
			if (!(ft < this.artifactUntil)) this.sink.artifact(true, now);
			this.artifactUntil = ft + ARTIFACT_SECONDS;
			this.edges.artifact(ft - ARTIFACT_SECONDS, this.artifactUntil);
		}
		if (ft < this.artifactUntil) return;
		if (this.artifactUntil === this.artifactUntil) {
			this.artifactUntil = NaN;
			this.sink.artifact(false, now);
		}
		const scale = Math.max(0.25 * levels.typicalFlow, Math.min(levels.typicalFlow, 4 * levels.envelope));
		// Levels clear of the white noise on the flow (noise a source reports is left to bigEnough).
		const flowNoise = fe.flowNoise;
		const lo = Math.max(FLAT_LEVEL * scale, FLAT_NOISE_MARGIN * flowNoise);
		const hi = Math.max(RISE_LEVEL * scale, RISE_NOISE_MARGIN * flowNoise, 2 * lo);
		// The slower direction's own levels (`directionShare`); the other keeps the levels of both.
		const rs = levels.riseShare;
		const fs = levels.fallShare;
		const upLo = rs === 1 ? lo : Math.max(FLAT_LEVEL * scale * rs, FLAT_NOISE_MARGIN * flowNoise);
		const upHi = rs === 1 ? hi : Math.max(RISE_LEVEL * scale * rs, RISE_NOISE_MARGIN * flowNoise, 2 * upLo);
		const downLo = fs === 1 ? lo : Math.max(FLAT_LEVEL * scale * fs, FLAT_NOISE_MARGIN * flowNoise);
		const downHi =
			fs === 1 ? hi : Math.max(RISE_LEVEL * scale * fs, RISE_NOISE_MARGIN * flowNoise, 2 * downLo);
		levels.upFlat = upLo;
		levels.upRise = upHi;
		levels.downFlat = downLo;
		levels.downRise = downHi;
		const pf = fe.prevFlow;
		const flank = this.flank;

		if ((pf < upLo && f >= upLo) || (pf > -downLo && f <= -downLo))
			flank.flatCrossT = flank.levelCrossT(Level.Flat);
		if ((pf < upHi && f >= upHi) || (pf > -downHi && f <= -downHi))
			flank.riseCrossT = flank.levelCrossT(Level.Rise);

		const state = this.state;
		if (state === State.Rise || state === State.Fall) {
			const dir = state === State.Rise ? 1 : -1;
			const phaseLo = dir > 0 ? upLo : downLo;
			const phaseHi = dir > 0 ? upHi : downHi;
			flank.flatLevel = phaseLo;
			flank.riseLevel = phaseHi;
			const df = dir * f;
			if (df > flank.peakFlow) flank.peakFlow = df;
			if (dir * (x - this.extremeX) > 0) this.extremeX = x;
			if (!this.phaseValid && this.bigEnough(dir)) this.validate(dir);
			if (this.phaseValid) this.apnea.lastMotion = ft;
			const dpf = dir * pf;
			// The flank back towards zero: where it fell through half its peak, then the rise level.
			const half = 0.5 * flank.peakFlow;
			if (df > half) flank.halfExitT = NaN;
			else if (dpf > half && half > phaseHi) flank.halfExitT = flank.exitT(dir, Level.HalfPeak);
			if (df > phaseHi) flank.hiExitT = NaN;
			else if (dpf > phaseHi) flank.hiExitT = flank.exitT(dir, Level.Rise);
			const predicted =
				flank.halfExitT < flank.hiExitT
					? flank.hiExitT + ((flank.hiExitT - flank.halfExitT) * phaseHi) / (half - phaseHi)
					: NaN;
			// Levels, not crossings, decide (the levels move with the noise estimate); a flow that
			// lingers just above the flat level ends where its flank said it would.
			if (df <= phaseLo || (df < phaseHi && ft > predicted + END_GRACE_SECONDS)) {
				flank.predictedEnd = predicted;
				this.endPhase(dir);
			}
		} else if (f >= upHi || (state === State.Bottom && f >= upLo && ft <= this.pauses.sweepUntil)) {
			flank.flatLevel = upLo;
			flank.riseLevel = upHi;
			this.beginPhase(1);
		} else if (f <= -downHi || (state === State.Top && f <= -downLo && ft <= this.pauses.sweepUntil)) {
			flank.flatLevel = downLo;
			flank.riseLevel = downHi;
			this.beginPhase(-1);
		}

		const proving = (this.state === State.Rise || this.state === State.Fall) && !this.phaseValid;
		this.apnea.tick(ft, now, proving);
	}

	/**
	 * The phase in direction `dir` moved the signal like a breath: beyond the noise, and not tiny
	 * beside recent breaths. Its excursion is taken here, from fields (see `stepNow`).
	 */
	private bigEnough(dir: 1 | -1): boolean {
		const excursion = dir * (this.extremeX - this.phaseStartX);
		if (excursion < EXCURSION_NOISE_MARGIN * this.fe.levelNoise) return false;
		// Before a whole breath is known, the phase before stands for its size: a heartbeat's ripple
		// on the first breath's pause is no phase.
		const typical = this.cycle.medianExcursion || this.lastPhaseExcursion;
		return typical === 0 || excursion >= WIGGLE_FRACTION * typical;
	}

	/** A flank passed the rise level at the current flow sample (see `stepNow`). */
	private beginPhase(dir: 1 | -1): void {
		const ft = this.fe.flowT;
		const f = this.fe.flow;
		const x = this.fe.level;
		const now = this.stepNow;
		const cycle = this.cycle;
		if (this.takenBackEnd === this.takenBackEnd) {
			const back = this.state === (dir > 0 ? State.Top : State.Bottom);
			if (back && this.turnedBack(dir)) this.reinstate(dir > 0 ? -1 : 1);
			this.takenBackEnd = NaN;
		}
		const from = this.state;
		// Continuing the same way after a flat spot: one phase with a stutter, not two.
		const resumes = (dir > 0 && from === State.Top) || (dir < 0 && from === State.Bottom);
		let start = this.flank.startT();
		const previousEdge = from === State.Top ? cycle.riseEnd : from === State.Bottom ? cycle.fallEnd : NaN;
		if (start < previousEdge) start = previousEdge;
		this.straightOn = !resumes && start - previousEdge < STRAIGHT_ON_SECONDS;
		this.resumed = resumes;
		if (start > now) start = now;
		this.resumeState = from;
		// When this flank began to move: a resumed phase keeps its old start but moved only now.
		this.apnea.movedAt = resumes ? ft : start;
		this.flank.peakFlow = dir * f;
		this.extremeX = x;
		if (resumes) {
			this.onWaver?.();
			// Going on after a flat spot must move the signal on, or it was a wobble in the flat.
			this.phaseValid = false;
			this.phaseStartX = x;
		} else {
			this.phaseStartX = x - f * (ft - start);
			this.phaseValid = false;
			if (dir > 0) cycle.riseBegins(start, this.phaseStartX, from === State.Bottom);
			else cycle.fallBegins(start, this.phaseStartX);
		}
		this.state = dir > 0 ? State.Rise : State.Fall;
		this.sink.phaseStart(dir, resumes ? (dir > 0 ? cycle.riseStart : cycle.fallStart) : start, now);
	}

	/** The phase in progress has moved enough to be breathing. */
	private validate(dir: 1 | -1): void {
		const now = this.stepNow;
		const cycle = this.cycle;
		this.phaseValid = true;
		this.apnea.moving(this.apnea.movedAt, now);
		if (dir > 0) cycle.riseProved(this.phaseStartX, FLAT_LEVEL * this.levels.typicalFlow, now);
		if (!this.resumed) {
			// The flat this phase came out of (see STRAIGHT_ON_SECONDS).
			this.pauses.flatBefore(
				dir,
				dir > 0 ? cycle.riseStart - cycle.fallEnd : cycle.fallStart - cycle.riseEnd
			);
			if (dir > 0) cycle.begins(this.phaseStartX);
		}
	}

	/** The phase in progress fell back to the flat level at the current sample, or lingered. */
	private endPhase(dir: 1 | -1): void {
		const now = this.stepNow;
		const cycle = this.cycle;
		const flank = this.flank;
		let end = flank.endT(dir);
		if (end > now) end = now;
		const start = dir > 0 ? cycle.riseStart : cycle.fallStart;
		if (!this.phaseValid || end - start < MIN_PHASE_SECONDS) {
			// A wiggle: go back to where we were, as if this flank had not happened.
			this.onWaver?.();
			const turning = this.straightOn && end - start >= MIN_PHASE_SECONDS;
			this.takenBackStart = start;
			this.takenBackEnd = turning ? end : NaN;
			this.state = this.resumeState === State.Start ? State.Start : this.resumeState;
			if (dir > 0) cycle.riseRetracted();
			this.sink.phaseRetracted(dir, this.state === State.Start ? 'moving' : 'flat', now);
			return;
		}
		this.phaseEnded(dir, end);
	}

	/**
	 * A phase is about to start in direction `dir` from the flat after a proved phase the same way,
	 * and a phase the other way, which had turned straight on from that one (no flat between: the
	 * breath turned), was taken back as a wiggle: was it no stutter but the other half of a breath,
	 * too small to prove itself alone? A flat stays within FLAT_NOISE_MARGIN noise σ of where the
	 * proved phase stopped; a phase that took the signal further back, and by no less than a
	 * wiggle, turned back.
	 */
	private turnedBack(dir: 1 | -1): boolean {
		const back = dir * (this.provedExtremeX - this.extremeX);
		const typical = this.cycle.medianExcursion || this.lastPhaseExcursion;
		return back >= FLAT_NOISE_MARGIN * this.fe.levelNoise && back >= WIGGLE_FRACTION * typical;
	}

	/**
	 * The phase taken back in direction `dir` was the other half of a breath (`turnedBack`): it
	 * stands, with its edges, as if it had proved itself before it ended.
	 */
	private reinstate(dir: 1 | -1): void {
		const start = this.takenBackStart;
		this.resumed = false;
		if (dir > 0) this.cycle.riseBegins(start, this.phaseStartX, true);
		this.sink.phaseStart(dir, start, this.stepNow);
		this.validate(dir);
		this.phaseEnded(dir, this.takenBackEnd);
	}

	/** The phase in progress, proved, ends at `end`. */
	private phaseEnded(dir: 1 | -1, end: number): void {
		const now = this.stepNow;
		const cycle = this.cycle;
		const flank = this.flank;
		this.provedExtremeX = this.extremeX;
		this.takenBackEnd = NaN;
		this.lastPhaseExcursion = dir * (this.extremeX - this.phaseStartX);
		this.levels.learn(dir, flank.peakFlow);
		this.apnea.lastMotion = end;
		this.pauses.phaseEnded(dir, flank.loExitT, flank.flatLevel, flank.hiExitT, flank.whole);
		if (dir > 0) {
			this.state = State.Top;
			cycle.riseEnd = end;
			cycle.topX = this.extremeX;
		} else {
			this.state = State.Bottom;
			cycle.fallEnd = end;
		}
		this.sink.phaseEnd(dir, end, now);
	}
}

/** The state of the same breathing seen upside down. */
function mirror(s: State): State {
	switch (s) {
		case State.Rise:
			return State.Fall;
		case State.Fall:
			return State.Rise;
		case State.Top:
			return State.Bottom;
		case State.Bottom:
			return State.Top;
		default:
			return s;
	}
}
