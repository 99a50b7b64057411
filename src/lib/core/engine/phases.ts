import { RecentValues } from '../dsp/median';
import { EdgeRefiner } from './edges';
import { FLAT_NOISE_MARGIN, FlowEstimator } from './flow';

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
 * this file is the phase state machine on top of it.
 */

/** What the detector reports; the engine maps rise/fall onto inhale/exhale. */
export interface PhaseSink {
	/** A rising (dir 1) or falling (dir -1) phase started at `t`. */
	phaseStart(dir: 1 | -1, t: number, at: number): void;
	/** The phase in direction `dir` ended at `t`: the signal is flat until the next phase. */
	phaseEnd(dir: 1 | -1, t: number, at: number): void;
	/** A phase the detector had announced turned out to be a wiggle; the previous one goes on. */
	phaseRetracted(dir: 1 | -1, resumed: 'flat' | 'moving', at: number): void;
	/**
	 * A full rise-flat-fall-flat cycle is known, from the start of one rise to the start of the
	 * next. `peak` and `trough` are times; `excursion` is top minus bottom in signal units.
	 */
	cycle(c: Cycle, at: number): void;
	/** No breathing movement since `t` for more than `APNEA_SECONDS`. */
	stillSince(t: number, at: number): void;
	/** Movement resumed at `t` after `stillSince`. */
	movingAgain(t: number, at: number): void;
	/** The signal stopped (a gap, or motion): the phase in progress is forgotten. */
	interrupted(): void;
	/** A jolt (motion artefact) started or ended; the signal is ignored meanwhile. */
	artifact(active: boolean, at: number): void;
}

export interface Cycle {
	riseStart: number;
	riseEnd: number;
	fallStart: number;
	fallEnd: number;
	nextRiseStart: number;
	excursion: number;
	/**
	 * The signal stopped during the fall: the rise and the fall's start are known, the fall's end
	 * is not (`fallEnd` is where the signal stopped, `nextRiseStart` NaN). Not a breath on its own;
	 * on a signal that falls on inhale it completes the breath of the cycle before (its exhale).
	 */
	partial?: boolean;
}

export const APNEA_SECONDS = 10;

/** Flow levels, as fractions of the typical peak flow. */
const RISE_LEVEL = 0.08;
const FLAT_LEVEL = 0.035;
/**
 * The slower direction's levels follow its own typical peak flow, down to this share of the
 * typical flow of both: an inhale is often slower than the exhale before it (5 s against 3-4 s
 * at 5-1-4), and levels set by the faster exhale would confirm every inhale late.
 */
const DIRECTION_SHARE_MIN = 0.5;
/** A phase moving the signal less than this fraction of a typical breath is a wiggle. */
const WIGGLE_FRACTION = 0.2;
/**
 * Where this person's recent breaths went straight on from one phase to the next (the flat
 * between them shorter than `STRAIGHT_ON_SECONDS`: RespInPeace drops holds under 0.25 s), a flow
 * that goes on through zero as fast as the phase before came down to the flat level (within
 * `SWEEP_FACTOR` times its time from the rise level to the flat level) starts the next phase at
 * the flat level instead of the rise level: at 5-1-4 the inhale follows the exhale at once.
 * Where breaths pause (the hold at the top, box breathing), a wobble in the pause is no phase.
 */
const STRAIGHT_ON_SECONDS = 0.25;
const SWEEP_FACTOR = 3;
/** Phases shorter than this are noise, not breathing (40 br/min has 0.6 s phases). */
const MIN_PHASE_SECONDS = 0.3;
/** Flow this many times the typical peak is a jolt, not breathing; ignored for a moment. */
const ARTIFACT_FLOW = 5;
const ARTIFACT_SECONDS = 0.4;
/** How long past its predicted end a phase may linger just above the flat level. */
const END_GRACE_SECONDS = 0.3;
/** Levels stay this many flow-noise deviations clear of the noise. */
const RISE_NOISE_MARGIN = 5;
/** A breath moves the signal at least this many noise deviations. */
const EXCURSION_NOISE_MARGIN = 4;

/** The flow levels a crossing time is taken at: flat, rise, and half the phase's peak flow. */
const enum Level {
	Flat,
	Rise,
	HalfPeak
}

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
	/**
	 * The time of the latest raw sample, and the levels in force for the current flow sample.
	 * They are handed to `step()`, `beginPhase()`, `endPhase()` and `validate()` in fields, not
	 * as arguments: these methods are too big for V8 to inline, and a double passed to a call that
	 * is not inlined is boxed in a fresh heap number. V8 boxes such arguments where the value is
	 * computed, on every sample, even when the call is rare (about 130 bytes per sample); double
	 * fields are written in place.
	 */
	private stepNow = NaN;
	private flatLevel = NaN;
	private riseLevel = NaN;
	/** The levels of each direction for the current flow sample (see `DIRECTION_SHARE_MIN`). */
	private upFlat = NaN;
	private upRise = NaN;
	private downFlat = NaN;
	private downRise = NaN;
	private predictedEnd = NaN;

	private state = State.Start;
	/** Interpolated times the flow crossed the flat and the rise levels on the current flank. */
	private flatCrossT = NaN;
	private riseCrossT = NaN;
	private hiExitT = NaN;
	private halfExitT = NaN;
	/**
	 * Where the phase that just ended crossed its flat level, that level, and until when a flow
	 * going straight on through zero starts the next phase at the flat level (see SWEEP_FACTOR).
	 */
	private sweepFromT = NaN;
	private sweepFromLevel = NaN;
	private sweepUntil = NaN;
	/** The flats (pause, hold) of recent breaths at the bottom and at the top, seconds. */
	private bottomFlats = new RecentValues(3);
	private topFlats = new RecentValues(3);
	private resumed = false;

	// Edges of the cycle being built, and of the one waiting for the next rise to be confirmed.
	private riseStart = NaN;
	private riseEnd = NaN;
	private fallStart = NaN;
	private fallEnd = NaN;
	private readonly pending: Cycle = {
		riseStart: NaN,
		riseEnd: NaN,
		fallStart: NaN,
		fallEnd: NaN,
		nextRiseStart: NaN,
		excursion: 0
	};
	private pendingOpen = false;
	private readonly partialCycle: Cycle = {
		riseStart: NaN,
		riseEnd: NaN,
		fallStart: NaN,
		fallEnd: NaN,
		nextRiseStart: NaN,
		excursion: 0,
		partial: true
	};

	// The phase in progress.
	private phaseStartX = 0;
	private phasePeakFlow = 0;
	private phaseValid = false;
	private extremeX = 0;
	private bottomX = NaN;
	private topX = NaN;
	/** Where to go back to if the phase in progress proves a wiggle. */
	private resumeState = State.Start;

	private readonly peakFlows = new RecentValues(6);
	/** Peak flows of recent rises and of recent falls, each direction on its own. */
	private risePeaks = new RecentValues(3);
	private fallPeaks = new RecentValues(3);
	/** Each direction's typical peak flow as a share of `typicalFlow`, at most 1 (`directionShare`). */
	private riseShare = 1;
	private fallShare = 1;
	private readonly excursions = new RecentValues(6);
	/** `excursions.median(0)`, kept up to date: it is asked on every sample of a new phase. */
	private medianExcursion = 0;
	private readonly drifts = new RecentValues(3);
	/** Typical peak flow (median of recent phases), mirrored into `fe.typicalFlow`. */
	private typicalFlow = 0;
	/** Envelope of |flow| over ~8 s. */
	private envelope = 0;
	private warmupSum = 0;
	private warmupCount = 0;
	private warmupStart = NaN;
	private cycleStartX = NaN;

	private lastMotion = NaN;
	private artifactUntil = NaN;
	private movedAt = NaN;
	private still = false;

	constructor(
		private readonly sink: PhaseSink,
		readonly sampleRateHz: number
	) {
		this.fe = new FlowEstimator(sampleRateHz);
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
		return this.medianExcursion;
	}

	/**
	 * The wearable was away (or the wearer moved) from `start`: forget the open breath, keep what
	 * was learnt. A cycle stopped during its fall is handed on as partial first (see `Cycle`): on
	 * a chest, moves come every few breaths, and the breath before one is whole.
	 */
	gap(start: number): void {
		if (this.still) {
			this.still = false;
			this.sink.movingAgain(start, start);
		}
		if (!this.pendingOpen && this.state === State.Fall && this.riseStart < this.riseEnd) {
			const c = this.partialCycle;
			c.riseStart = this.riseStart;
			c.riseEnd = this.riseEnd;
			c.fallStart = this.fallStart;
			c.fallEnd = Math.max(this.fallStart, start);
			c.excursion = this.topX - (Number.isNaN(this.cycleStartX) ? this.phaseStartX : this.cycleStartX);
			this.edges.refine(c);
			this.sink.cycle(c, start);
		}
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
		this.drifts.clear();
		this.fe.drift = 0;
		this.peakFlows.clear();
		this.risePeaks.clear();
		this.fallPeaks.clear();
		this.riseShare = this.fallShare = 1;
		this.excursions.clear();
		this.medianExcursion = 0;
		this.envelope = 0;
	}

	/**
	 * The source turns its signal over from the next sample (the chest, once it knows which way
	 * is in, so that a rise is an inhale as on a belt). Nothing is lost: every level, flow and
	 * sample held is negated, and the phase state mirrored.
	 */
	turnOver(): void {
		this.fe.negate();
		this.edges.negate();
		this.drifts.clear();
		const risePeaks = this.risePeaks;
		this.risePeaks = this.fallPeaks;
		this.fallPeaks = risePeaks;
		const riseShare = this.riseShare;
		this.riseShare = this.fallShare;
		this.fallShare = riseShare;
		const bottomFlats = this.bottomFlats;
		this.bottomFlats = this.topFlats;
		this.topFlats = bottomFlats;
		// The same breathing seen upside down: a rise is a fall, a top a bottom; the phase under
		// way goes on, and the breath it belongs to is still reported.
		const s = this.state;
		this.state = mirror(s);
		this.resumeState = mirror(this.resumeState);
		const riseStart = this.riseStart;
		const riseEnd = this.riseEnd;
		this.riseStart = this.fallStart;
		this.riseEnd = this.fallEnd;
		this.fallStart = riseStart;
		this.fallEnd = riseEnd;
		this.pendingOpen = false;
		const topX = this.topX;
		this.topX = -this.bottomX;
		this.bottomX = -topX;
		this.cycleStartX = -topX;
		this.phaseStartX = -this.phaseStartX;
		this.extremeX = -this.extremeX;
	}

	private restart(): void {
		this.fe.restart();
		this.edges.clear();
		this.state = State.Start;
		this.pendingOpen = false;
		this.riseStart = this.riseEnd = this.fallStart = this.fallEnd = NaN;
		this.lastMotion = NaN;
		this.flatCrossT = this.riseCrossT = this.hiExitT = NaN;
		this.sweepFromT = this.sweepUntil = NaN;
		this.cycleStartX = NaN;
	}

	/**
	 * The recording ends: a breath whose exhale has finished is reported, though the pause after
	 * it was not seen (it counts as none).
	 */
	finish(now: number): void {
		if (this.pendingOpen) {
			this.pendingOpen = false;
			this.edges.refine(this.pending);
			this.sink.cycle(this.pending, now);
		} else if (this.state === State.Bottom && this.riseStart < this.riseEnd && this.riseEnd <= this.fallEnd) {
			const p = this.pending;
			p.riseStart = this.riseStart;
			p.riseEnd = this.riseEnd;
			p.fallStart = this.fallStart;
			p.fallEnd = this.fallEnd;
			p.nextRiseStart = this.fallEnd;
			p.excursion = this.topX - (Number.isNaN(this.cycleStartX) ? this.bottomX : this.cycleStartX);
			this.edges.refine(p);
			this.sink.cycle(p, now);
		}
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
		if (!fe.push(t, v)) return;
		this.stepNow = t;
		this.step();
	}

	/** One flow sample (the estimator's `flowT`, `flow`, `level`; `stepNow` = the latest sample). */
	private step(): void {
		const fe = this.fe;
		const ft = fe.flowT;
		const f = fe.flow;
		const x = fe.level;
		const now = this.stepNow;
		const abs = f < 0 ? -f : f;
		// Envelope of |flow| over ~8 s lets the levels follow breaths that shrink a lot.
		this.envelope += (abs - this.envelope) * Math.min(1, (ft - fe.prevFlowT) / 8);
		if (this.typicalFlow === 0) {
			// Until phases are measured, guess the peak flow from the mean |flow| (π/2 for a sine).
			if (Number.isNaN(this.warmupStart)) this.warmupStart = ft;
			this.warmupSum += abs;
			this.warmupCount++;
			if (ft - this.warmupStart < 2) return;
			this.typicalFlow = fe.typicalFlow = (1.6 * this.warmupSum) / this.warmupCount;
			this.envelope = this.warmupSum / this.warmupCount;
			if (this.typicalFlow === 0) return;
		}
		// A jolt of the belt moves it many times faster than breath does: sit it out, then go on.
		if (abs > ARTIFACT_FLOW * this.typicalFlow && this.peakFlows.length >= 3) {
			if (!(ft < this.artifactUntil)) this.sink.artifact(true, now);
			this.artifactUntil = ft + ARTIFACT_SECONDS;
			this.edges.artifact(ft - ARTIFACT_SECONDS, this.artifactUntil);
		}
		if (ft < this.artifactUntil) return;
		if (this.artifactUntil === this.artifactUntil) {
			this.artifactUntil = NaN;
			this.sink.artifact(false, now);
		}
		const scale = Math.max(0.25 * this.typicalFlow, Math.min(this.typicalFlow, 4 * this.envelope));
		// Levels clear of the white noise on the flow (noise a source reports is left to bigEnough).
		const flowNoise = fe.flowNoise;
		const lo = Math.max(FLAT_LEVEL * scale, FLAT_NOISE_MARGIN * flowNoise);
		const hi = Math.max(RISE_LEVEL * scale, RISE_NOISE_MARGIN * flowNoise, 2 * lo);
		// The slower direction's own levels (`directionShare`); the other keeps the levels of both.
		const rs = this.riseShare;
		const fs = this.fallShare;
		const upLo = rs === 1 ? lo : Math.max(FLAT_LEVEL * scale * rs, FLAT_NOISE_MARGIN * flowNoise);
		const upHi = rs === 1 ? hi : Math.max(RISE_LEVEL * scale * rs, RISE_NOISE_MARGIN * flowNoise, 2 * upLo);
		const downLo = fs === 1 ? lo : Math.max(FLAT_LEVEL * scale * fs, FLAT_NOISE_MARGIN * flowNoise);
		const downHi =
			fs === 1 ? hi : Math.max(RISE_LEVEL * scale * fs, RISE_NOISE_MARGIN * flowNoise, 2 * downLo);
		this.upFlat = upLo;
		this.upRise = upHi;
		this.downFlat = downLo;
		this.downRise = downHi;
		const pf = fe.prevFlow;

		if ((pf < upLo && f >= upLo) || (pf > -downLo && f <= -downLo))
			this.flatCrossT = this.levelCrossT(Level.Flat);
		if ((pf < upHi && f >= upHi) || (pf > -downHi && f <= -downHi))
			this.riseCrossT = this.levelCrossT(Level.Rise);

		const state = this.state;
		if (state === State.Rise || state === State.Fall) {
			const dir = state === State.Rise ? 1 : -1;
			const phaseLo = dir > 0 ? upLo : downLo;
			const phaseHi = dir > 0 ? upHi : downHi;
			this.flatLevel = phaseLo;
			this.riseLevel = phaseHi;
			const df = dir * f;
			if (df > this.phasePeakFlow) this.phasePeakFlow = df;
			if (dir * (x - this.extremeX) > 0) this.extremeX = x;
			if (!this.phaseValid && this.bigEnough(dir * (this.extremeX - this.phaseStartX))) this.validate(dir);
			if (this.phaseValid) this.lastMotion = ft;
			const dpf = dir * pf;
			// The flank back towards zero: where it fell through half its peak, then the rise level.
			const half = 0.5 * this.phasePeakFlow;
			if (df > half) this.halfExitT = NaN;
			else if (dpf > half && half > phaseHi) this.halfExitT = this.exitT(dir, Level.HalfPeak);
			if (df > phaseHi) this.hiExitT = NaN;
			else if (dpf > phaseHi) this.hiExitT = this.exitT(dir, Level.Rise);
			const predicted =
				this.halfExitT < this.hiExitT
					? this.hiExitT + ((this.hiExitT - this.halfExitT) * phaseHi) / (half - phaseHi)
					: NaN;
			// Levels, not crossings, decide (the levels move with the noise estimate); a flow that
			// lingers just above the flat level ends where its flank said it would.
			if (df <= phaseLo || (df < phaseHi && ft > predicted + END_GRACE_SECONDS)) {
				this.predictedEnd = predicted;
				this.endPhase(dir);
			}
		} else if (f >= upHi || (state === State.Bottom && f >= upLo && ft <= this.sweepUntil)) {
			this.flatLevel = upLo;
			this.riseLevel = upHi;
			this.beginPhase(1);
		} else if (f <= -downHi || (state === State.Top && f <= -downLo && ft <= this.sweepUntil)) {
			this.flatLevel = downLo;
			this.riseLevel = downHi;
			this.beginPhase(-1);
		}

		// The apnea clock starts with the signal (and again after a gap): a breath already held
		// when the wearable came back, or when the wearer settled into a stretch, still counts.
		if (this.lastMotion !== this.lastMotion) this.lastMotion = ft;
		// While a phase is still proving itself, wait: it may be the breath coming back. One that
		// has not proved itself in an apnea's length is not a breath (a slow drift, a posture
		// settling while the breath is held) and no longer hides the held breath.
		const moving =
			(this.state === State.Rise || this.state === State.Fall) &&
			!this.phaseValid &&
			ft - this.movedAt < APNEA_SECONDS;
		if (!this.still && !moving && !Number.isNaN(this.lastMotion) && ft - this.lastMotion > APNEA_SECONDS) {
			this.still = true;
			this.sink.stillSince(this.lastMotion, now);
		}
	}

	/**
	 * When the flow passed level `which` of this sample (on the side of its sign) since the
	 * previous sample. Crossings are rare; computing them out of line from fields keeps the
	 * flow values unboxed on the path every sample takes (see `stepNow`).
	 */
	private levelCrossT(which: Level.Flat | Level.Rise): number {
		const fe = this.fe;
		const f = fe.flow;
		const level =
			which === Level.Flat ? (f > 0 ? this.upFlat : -this.downFlat) : f > 0 ? this.upRise : -this.downRise;
		return cross(fe.prevFlowT, fe.prevFlow, fe.flowT, f, level);
	}

	/** When the flow of the phase in direction `dir` fell through level `which` (see `levelCrossT`). */
	private exitT(dir: 1 | -1, which: Level.Rise | Level.HalfPeak): number {
		const level = which === Level.Rise ? this.riseLevel : 0.5 * this.phasePeakFlow;
		const fe = this.fe;
		return cross(fe.prevFlowT, dir * fe.prevFlow, fe.flowT, dir * fe.flow, level);
	}

	/** A phase moved the signal like a breath: beyond the noise, and not tiny beside recent breaths. */
	private bigEnough(excursion: number): boolean {
		if (excursion < EXCURSION_NOISE_MARGIN * this.fe.levelNoise) return false;
		const typical = this.medianExcursion;
		return typical === 0 || excursion >= WIGGLE_FRACTION * typical;
	}

	/** A flank passed the rise level at the current flow sample (see `stepNow`). */
	private beginPhase(dir: 1 | -1): void {
		const ft = this.fe.flowT;
		const f = this.fe.flow;
		const x = this.fe.level;
		const now = this.stepNow;
		const hi = this.riseLevel;
		const lo = this.flatLevel;
		const from = this.state;
		// Continuing the same way after a flat spot: one phase with a stutter, not two.
		const resumes = (dir > 0 && from === State.Top) || (dir < 0 && from === State.Bottom);
		let start = ft;
		if (this.riseCrossT > this.flatCrossT && this.flatCrossT > ft - 3) {
			// Edge = zero of the line through the flat-level and rise-level crossings of this flank.
			start = this.flatCrossT - (lo * (this.riseCrossT - this.flatCrossT)) / (hi - lo);
		} else if (this.flatCrossT > this.sweepFromT && ft <= this.sweepUntil) {
			// Straight on through zero: the zero of the line through the two flat-level crossings.
			const from = this.sweepFromLevel;
			start = this.sweepFromT + ((this.flatCrossT - this.sweepFromT) * from) / (from + lo);
		}
		this.sweepUntil = NaN;
		const previousEdge = from === State.Top ? this.riseEnd : from === State.Bottom ? this.fallEnd : NaN;
		if (start < previousEdge) start = previousEdge;
		this.resumed = resumes;
		this.halfExitT = this.hiExitT = NaN;
		if (start > now) start = now;
		this.resumeState = from;
		// When this flank began to move: a resumed phase keeps its old start but moved only now.
		this.movedAt = resumes ? ft : start;
		this.phasePeakFlow = dir * f;
		this.extremeX = x;
		if (resumes) {
			this.onWaver?.();
			// Going on after a flat spot must move the signal on, or it was a wobble in the flat.
			this.phaseValid = false;
			this.phaseStartX = x;
		} else {
			this.phaseStartX = x - f * (ft - start);
			this.phaseValid = false;
			if (dir > 0) {
				this.bottomX = this.phaseStartX;
				// The cycle before this rise is complete once this rise proves real.
				// A rise retracted as a wiggle leaves its start behind: only a rise that ended counts.
				if (from === State.Bottom && this.riseStart < this.riseEnd) {
					const p = this.pending;
					p.riseStart = this.riseStart;
					p.riseEnd = this.riseEnd;
					p.fallStart = this.fallStart;
					p.fallEnd = this.fallEnd;
					p.nextRiseStart = start;
					p.excursion = this.topX - (Number.isNaN(this.cycleStartX) ? this.phaseStartX : this.cycleStartX);
					this.pendingOpen = true;
				}
				this.riseStart = start;
			} else {
				this.topX = this.phaseStartX;
				this.fallStart = start;
			}
		}
		this.state = dir > 0 ? State.Rise : State.Fall;
		this.sink.phaseStart(dir, resumes ? (dir > 0 ? this.riseStart : this.fallStart) : start, now);
	}

	/** The phase in progress has moved enough to be breathing. */
	private validate(dir: 1 | -1): void {
		const now = this.stepNow;
		this.phaseValid = true;
		if (this.still) {
			this.still = false;
			this.sink.movingAgain(this.movedAt, now);
		}
		if (dir > 0 && this.pendingOpen) {
			this.pendingOpen = false;
			const p = this.pending;
			if (p.excursion > 0) {
				this.excursions.push(p.excursion);
				this.medianExcursion = this.excursions.median(0);
				// Mean slope over a whole cycle is the belt's drift, not breathing.
				const cycleSeconds = p.nextRiseStart - p.riseStart;
				if (!Number.isNaN(this.cycleStartX) && cycleSeconds > 0) {
					this.drifts.push((this.phaseStartX - this.cycleStartX) / cycleSeconds);
					this.fe.drift = this.drifts.median();
				}
			}
			this.edges.refine(p);
			this.sink.cycle(p, now);
		}
		if (!this.resumed) {
			// The flat this phase came out of (see STRAIGHT_ON_SECONDS).
			const flat = dir > 0 ? this.riseStart - this.fallEnd : this.fallStart - this.riseEnd;
			if (flat >= 0) (dir > 0 ? this.bottomFlats : this.topFlats).push(flat);
		}
		if (dir > 0 && !this.resumed) this.cycleStartX = this.phaseStartX;
	}

	/** The phase in progress fell back to the flat level at the current sample, or lingered. */
	private endPhase(dir: 1 | -1): void {
		const fe = this.fe;
		const ft = fe.flowT;
		const pf = fe.prevFlow;
		const f = fe.flow;
		const now = this.stepNow;
		const hi = this.riseLevel;
		const lo = this.flatLevel;
		const predicted = this.predictedEnd;
		// Edge = zero of the line through the rise-level and flat-level crossings of this flank;
		// a flow that lingered above the flat level ends where its flank pointed.
		let end = cross(fe.prevFlowT, dir * pf, ft, dir * f, lo);
		const loExitT = end;
		const flank = this.hiExitT < end && this.hiExitT > end - 3;
		if (flank) end += (lo * (end - this.hiExitT)) / (hi - lo);
		if (predicted < end) end = predicted;
		if (end < ft - 3) end = ft;
		if (end > now) end = now;
		const start = dir > 0 ? this.riseStart : this.fallStart;
		if (!this.phaseValid || end - start < MIN_PHASE_SECONDS) {
			// A wiggle: go back to where we were, as if this flank had not happened.
			this.onWaver?.();
			this.state = this.resumeState === State.Start ? State.Start : this.resumeState;
			if (dir > 0 && this.pendingOpen) {
				this.pendingOpen = false;
				this.riseStart = this.pending.riseStart;
			}
			this.sink.phaseRetracted(dir, this.state === State.Start ? 'moving' : 'flat', now);
			return;
		}
		this.peakFlows.push(this.phasePeakFlow);
		this.typicalFlow = fe.typicalFlow = this.peakFlows.median();
		(dir > 0 ? this.risePeaks : this.fallPeaks).push(this.phasePeakFlow);
		this.riseShare = directionShare(this.risePeaks, this.typicalFlow);
		this.fallShare = directionShare(this.fallPeaks, this.typicalFlow);
		this.lastMotion = end;
		this.sweepFromT = loExitT;
		this.sweepFromLevel = lo;
		const flats = dir > 0 ? this.topFlats : this.bottomFlats;
		const straightOn = flats.length >= 2 && flats.median() < STRAIGHT_ON_SECONDS;
		this.sweepUntil = flank && straightOn ? loExitT + SWEEP_FACTOR * (loExitT - this.hiExitT) : NaN;
		if (dir > 0) {
			this.state = State.Top;
			this.riseEnd = end;
			this.topX = this.extremeX;
		} else {
			this.state = State.Bottom;
			this.fallEnd = end;
		}
		this.sink.phaseEnd(dir, end, now);
	}
}

/**
 * A direction's typical peak flow as a share of the typical flow of both, at most 1 (1 until two
 * of its phases are measured: one is not yet a typical flow).
 */
function directionShare(peaks: RecentValues, typical: number): number {
	if (peaks.length < 2 || !(typical > 0)) return 1;
	return Math.min(1, Math.max(DIRECTION_SHARE_MIN, peaks.median() / typical));
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

/** Time the flow passed `level` between two samples (clamped to them). */
function cross(t0: number, f0: number, t1: number, f1: number, level: number): number {
	const d = f1 - f0;
	if (d === 0) return t1;
	const u = (level - f0) / d;
	return u <= 0 ? t0 : u >= 1 ? t1 : t0 + u * (t1 - t0);
}
