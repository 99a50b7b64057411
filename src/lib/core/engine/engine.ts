import type { BreathPhase, EngineEvent, PolarityBasis, SampleChunk, Source } from '../types';
import type { Recording } from '../recording/recording';
import { BeatAverage } from '../dsp/beat-average';
import { AnalysisCollector, type AnalysisResult } from './analysis';
import { BeltInput, GAP_SECONDS } from './belt';
import { BeltRipple } from './belt-ripple';
import { BreathTracker } from './breaths';
import { ChestMotion } from './chest';
import { HeartRhythm } from './heart';
import { PATTERN_514, type BreathPattern } from './pattern';
import { PhaseDetector } from './phases';
import { PolarityEvidence } from './polarity';
import { RPeakDetector } from './rpeaks';

export interface EngineOptions {
	pattern: BreathPattern;
	/** Stretch programme targets, seconds. */
	holdSeconds: number;
	restSeconds: number;
	/** The belt's signal rises on inhale (true for stretch belts; false for some force sensors). */
	beltRisesOnInhale: boolean;
	/**
	 * Targets that take over at a time on the signal clock, in time order: a recorded programme's
	 * later exercises, so analysing it again judges each hold as it was judged live.
	 */
	targetChanges: readonly TargetChange[];
}

/** A programme's move to an exercise with its own hold and rest targets, at `t` seconds. */
export interface TargetChange {
	t: number;
	holdSeconds: number;
	restSeconds: number;
}

/**
 * Which way is "in" on the breathing signal the engine reads, as it stands: a belt's as
 * configured; the chest's from the evidence (`PolarityEvidence`), with the direction in the
 * sensor frame that an inhale moves the reading (the chest's breathing axis, turned by the
 * polarity). One decision, for the breaths and for anything drawn from the same sensor.
 */
export type InhaleDirection = (
	{ source: 'resp'; sign: 1 | -1 } | { source: 'acc'; axis: [number, number, number] }
) & {
	/** The signal the engine reads (the belt's value; the chest's tilt along its axis) falls on an inhale. */
	inverted: boolean;
	basis: PolarityBasis;
	confidence: number;
};

export const DEFAULT_OPTIONS: EngineOptions = {
	pattern: PATTERN_514,
	holdSeconds: 30,
	restSeconds: 30,
	beltRisesOnInhale: true,
	targetChanges: []
};

/** Breathing faster than this during a stretch hold is flagged. */
const FAST_BREATHS_PER_MIN = 20;

/**
 * One streaming engine for a session: chunks from any wearable go in, events come out as soon as
 * they are known. Breath phases come from a belt when there is one, else from the chest
 * accelerometer; beats (RR, or R-peaks found in the ECG) give heart rate, RMSSD and a
 * breathing rate, and tell which way the chest signal breathes in. Memory stays constant.
 */
export class BreathEngine {
	private readonly options: EngineOptions;
	private readonly heart: HeartRhythm;
	private belt: BeltInput | null = null;
	private beltPhases: PhaseDetector | null = null;
	private beltTracker: BreathTracker | null = null;
	/** The heartbeat's ripple taken off the belt while one is seen. */
	private beltRipple: BeltRipple | null = null;
	/** `beltRipple.listening`, kept here: the belt's per-sample path reads one flag. */
	private beltListening = false;
	private chest: ChestMotion | null = null;
	private chestPhases: PhaseDetector | null = null;
	private chestTracker: BreathTracker | null = null;
	private chestLastT = NaN;
	/** The heartbeat's shake taken off the chest signal, once the heart rate is known. */
	private chestBeat: BeatAverage | null = null;
	/** The chest signal as the phase detector gets it: turned over once inhales are known to fall. */
	private chestInputSign: 1 | -1 = 1;
	private chestBeatCheckT = -Infinity;
	/** ChestMotion's last quality was 'ok' (not moving, not settling). */
	private chestUsable = false;
	private ecg: RPeakDetector | null = null;
	/** Which way the chest signal breathes in: pacer cues, beats and the signal itself. */
	private readonly polarity = new PolarityEvidence();
	private haveRr = false;
	private lastTime = -Infinity;
	/** The next of `options.targetChanges` to apply. */
	private nextChange = 0;

	constructor(
		private readonly emit: (e: EngineEvent) => void,
		options: Partial<EngineOptions> = {}
	) {
		this.options = { ...DEFAULT_OPTIONS, ...options };
		this.heart = new HeartRhythm((e) => {
			if (e.type === 'beat' && !e.artifact) this.polarity.beat(e.t, e.rrMs);
			emit(e);
		});
	}

	/**
	 * The programme moved on to an exercise with its own targets: holds and rests that end from now
	 * on are judged against these.
	 */
	setStretchTargets(targets: Pick<EngineOptions, 'holdSeconds' | 'restSeconds'>): void {
		this.options.holdSeconds = targets.holdSeconds;
		this.options.restSeconds = targets.restSeconds;
	}

	/** The source breath phases come from: belt first, then chest, else beats only. */
	get breathingSource(): Source | null {
		if (this.belt) return 'resp';
		if (this.chest) return 'acc';
		if (this.haveRr) return 'rr';
		if (this.ecg) return 'ecg';
		return null;
	}

	push(chunk: SampleChunk): void {
		if (chunk.n === 0) return;
		const changes = this.options.targetChanges;
		while (this.nextChange < changes.length && changes[this.nextChange].t <= chunk.t[0])
			this.setStretchTargets(changes[this.nextChange++]);
		const last = chunk.t[chunk.n - 1];
		if (last > this.lastTime) this.lastTime = last;
		switch (chunk.kind) {
			case 'resp':
				(this.belt ??= this.createBelt()).push(chunk);
				break;
			case 'acc':
				(this.chest ??= this.createChest()).push(chunk);
				break;
			case 'rr':
				this.haveRr = true;
				for (let i = 0; i < chunk.n; i++) this.heart.pushBeat(chunk.t[i], chunk.rrMs[i]);
				break;
			case 'ecg':
				(this.ecg ??= new RPeakDetector((t, rrMs) => {
					// A strap's own RR stream is more exact than beats found in its 130 Hz ECG.
					if (!this.haveRr) this.heart.pushBeat(t, rrMs);
				})).push(chunk.t, chunk.value, chunk.n);
				break;
		}
	}

	/** Which way is "in" on the breathing source, as decided so far; null before any breathing signal. */
	inhaleDirection(): InhaleDirection | null {
		if (this.belt) {
			const sign = this.options.beltRisesOnInhale ? 1 : -1;
			return { source: 'resp', sign, inverted: sign < 0, basis: 'configured', confidence: 1 };
		}
		if (!this.chest) return null;
		const tracker = this.chestTracker;
		const d = tracker?.decision ?? { inverted: false, basis: 'assumed' as const, confidence: 0 };
		const s = d.inverted ? -1 : 1;
		const [x, y, z] = this.chest.breathingAxis;
		const axis: [number, number, number] = [s * x, s * y, s * z];
		return { source: 'acc', axis, inverted: d.inverted, basis: d.basis, confidence: d.confidence };
	}

	/**
	 * The pacer told the person to start `phase` at `t` (session clock). In a live session this is
	 * the primary evidence of which way the chest signal moves on an inhale: at the calibration
	 * breaths, then all along (`PolarityEvidence`).
	 */
	pacerCue(t: number, phase: BreathPhase): void {
		if (Number.isFinite(t)) this.polarity.cue(t, phase);
	}

	/** The session or recording ends: report what is still open. */
	finish(): void {
		if (this.lastTime === -Infinity) return;
		const at = this.lastTime;
		// Beats first: the last ones still vote on which way the chest signal breathes in.
		this.heart.finish(at);
		this.beltPhases?.finish(at);
		this.beltTracker?.finish(at);
		this.chestPhases?.finish(at);
		this.chestTracker?.finish(at);
		this.chest?.finish(at);
	}

	private createBelt(): BeltInput {
		const tracker = this.createTracker('resp');
		this.beltTracker = tracker;
		return new BeltInput(
			{
				sample: (t, v, rateHz) => {
					if (this.beltListening) this.beltRippleSample(v);
					(this.beltPhases ??= this.startBelt(rateHz)).sample(t, v);
				},
				gap: (start, end) => {
					this.beltPhases?.gap(start);
					this.beltRipple?.reset();
					this.emit({ type: 'gap', source: 'resp', start, end, at: end });
				}
			},
			this.options.beltRisesOnInhale ? 1 : -1
		);
	}

	/** The belt's first sample at the internal rate: its phase detector and ripple finder. */
	private startBelt(rateHz: number): PhaseDetector {
		const phases = new PhaseDetector(this.beltTracker!, rateHz);
		const ripple = new BeltRipple(rateHz, () => this.heart.snapshot().heartRate ?? NaN);
		// The ripple finder listens once the live phase wavers (a rare path of the detector).
		phases.onWaver = () => {
			ripple.listen();
			this.beltListening = true;
		};
		this.beltRipple = ripple;
		return phases;
	}

	/** A belt sample while the ripple finder listens (`BeltRipple.listening`). */
	private beltRippleSample(v: number): void {
		const ripple = this.beltRipple!;
		if (ripple.push(v)) this.beltPhases!.ripple(ripple.beatSeconds, ripple.amplitude);
		this.beltListening = ripple.listening;
	}

	private createChest(): ChestMotion {
		const emit = (e: EngineEvent): void => {
			// While the wearer moves or the breathing axis settles the chest signal is not breathing:
			// treat the span like a gap, so it is neither read as breaths nor counted towards an apnea.
			if (e.type === 'quality') {
				const usable = e.reason === 'ok';
				if (!usable && this.chestUsable && this.chestLastT === this.chestLastT) {
					this.chestPhases?.gap(this.chestLastT);
					this.chestPhases?.forgetBreathSize();
				}
				this.chestUsable = usable;
			}
			this.emit(e);
		};
		// The targets are read live from the options, so setStretchTargets reaches an open tracker.
		return new ChestMotion(emit, (t, v, noise) => this.chestBreathing(t, v, noise), this.options);
	}

	/** The chest accelerometer's breathing signal, used for phases only when there is no belt. */
	private chestBreathing(t: number, v: number, noise: number): void {
		if (this.belt || !this.chestUsable || !this.chest) return;
		const last = this.chestLastT;
		this.chestLastT = t;
		// ChestMotion reports the gap itself; the phase detector only has to forget the open breath.
		if (t - last > GAP_SECONDS) {
			this.chestPhases?.gap(last);
			this.chestBeat?.reset();
		}
		if (!this.chestPhases) {
			this.chestTracker = this.createTracker('acc');
			this.chestPhases = new PhaseDetector(this.chestTracker, this.chest.internalRate);
			this.chestBeat = new BeatAverage(this.chest.internalRate);
		}
		const beat = this.chestBeat!;
		if (t - this.chestBeatCheckT >= 1) {
			// The heartbeat shakes the sensor once a beat: averaging over one beat removes it
			// (item 2 of issue 8); without a known heart rate the signal passes unchanged.
			this.chestBeatCheckT = t;
			const hr = this.heart.snapshot().heartRate;
			beat.setBeat(hr !== null && hr > 30 ? 60 / hr : 0);
		}
		const smooth = beat.push(v);
		const at = t - beat.delaySeconds;
		this.chestPhases.sample(at, this.chestInputSign * smooth, noise);
		this.polarity.sample(at, smooth);
		const tracker = this.chestTracker!;
		if (tracker.turnOverWanted) {
			// Between samples, not inside the detector's step (the cycle came from there).
			this.chestInputSign = this.chestInputSign > 0 ? -1 : 1;
			this.chestPhases.turnOver();
			tracker.inputTurnedOver();
		}
	}

	private createTracker(source: 'resp' | 'acc'): BreathTracker {
		// A belt's polarity is configured; the chest signal's is learnt from evidence.
		const learnPolarity = source === 'acc';
		return new BreathTracker(
			this.emit,
			source,
			this.options.pattern,
			{ sign: 1, learn: learnPolarity },
			learnPolarity ? this.polarity : null,
			(breathsPerMin, apnea, at) => {
				if (apnea) this.chest?.noteBreathDuringHold('breath-held');
				else if (breathsPerMin !== null && breathsPerMin > FAST_BREATHS_PER_MIN) {
					this.chest?.noteBreathDuringHold('fast-breathing');
				}
				const heart = this.heart.snapshot();
				this.emit({ type: 'rate', ...heart, breathsPerMin, at });
			}
		);
	}
}

/** Feeds a whole recording through the engine in time order, as a live session would. */
export function analyzeRecording(recording: Recording, options: Partial<EngineOptions> = {}): AnalysisResult {
	const source: Source = recording.resp ? 'resp' : recording.acc ? 'acc' : recording.rr ? 'rr' : 'ecg';
	const collector = new AnalysisCollector((options.pattern ?? PATTERN_514).id, source);
	const engine = new BreathEngine(collector.handle, options);
	for (const chunk of timeOrderedChunks(recording, 1)) engine.push(chunk);
	engine.finish();
	return collector.result();
}

/** Splits each channel into blocks of `seconds` and yields them interleaved by time. */
export function* timeOrderedChunks(recording: Recording, seconds: number): Generator<SampleChunk> {
	const channels: { chunkAt: (from: number, to: number) => SampleChunk; t: Float64Array; next: number }[] =
		[];
	const { resp, acc, rr, ecg } = recording;
	if (resp)
		channels.push({
			t: resp.t,
			next: 0,
			chunkAt: (a, b) => ({
				kind: 'resp',
				n: b - a,
				t: resp.t.subarray(a, b),
				value: resp.value.subarray(a, b)
			})
		});
	if (acc)
		channels.push({
			t: acc.t,
			next: 0,
			chunkAt: (a, b) => ({
				kind: 'acc',
				n: b - a,
				t: acc.t.subarray(a, b),
				x: acc.x.subarray(a, b),
				y: acc.y.subarray(a, b),
				z: acc.z.subarray(a, b)
			})
		});
	if (rr)
		channels.push({
			t: rr.t,
			next: 0,
			chunkAt: (a, b) => ({ kind: 'rr', n: b - a, t: rr.t.subarray(a, b), rrMs: rr.rrMs.subarray(a, b) })
		});
	if (ecg)
		channels.push({
			t: ecg.t,
			next: 0,
			chunkAt: (a, b) => ({ kind: 'ecg', n: b - a, t: ecg.t.subarray(a, b), value: ecg.value.subarray(a, b) })
		});
	for (;;) {
		let earliest = Infinity;
		for (const c of channels) {
			// A sample with no time cannot be placed; skip it rather than stall its channel.
			while (c.next < c.t.length && Number.isNaN(c.t[c.next])) c.next++;
			if (c.next < c.t.length && c.t[c.next] < earliest) earliest = c.t[c.next];
		}
		if (earliest === Infinity) return;
		const until = earliest + seconds;
		for (const c of channels) {
			let end = c.next;
			while (end < c.t.length && !(c.t[end] >= until)) end++;
			if (end > c.next) yield c.chunkAt(c.next, end);
			c.next = end;
		}
	}
}
