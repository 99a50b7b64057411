import { BreathEngine, type EngineOptions, type TargetChange } from '../src/lib/core/engine/engine';
import type { PolarityBasis } from '../src/lib/core/types';
import { parsePattern } from '../src/lib/core/engine/pattern';
import { stretchSecondsError } from '../src/lib/core/engine/settings';
import { DisplaySignal, type TracePoints } from '../src/lib/core/session/display';
import type { PacerPhase } from '../src/lib/core/session/format';
import type { BreathPhase, EngineEvent, SampleChunk } from '../src/lib/core/types';

/** What the page may set when a session starts; everything else keeps the engine's defaults. */
export interface SessionSettings {
	/** A preset id or a custom pattern such as "5-1-4". */
	pattern?: string;
	holdSeconds?: number;
	restSeconds?: number;
	beltRisesOnInhale?: boolean;
	/** A recorded programme's later exercises' targets, from their times (analysing it again). */
	targetChanges?: TargetChange[];
}

/** A stretch exercise's targets: how long a hold and a rest should last, seconds. */
export interface StretchTargets {
	holdSeconds: number;
	restSeconds: number;
}

/** What a batch of chunks gave: the engine's events and the breathing signal for the chart. */
export interface PushResult {
	events: EngineEvent[];
	/**
	 * 5 points a second of the breathing signal, the right way up as the engine decides; NaN = gap.
	 * `turned`: the decision turned the signal over, so the line drawn so far turns over too.
	 */
	trace: TracePoints;
}

/** A session started (or its targets changed), or why it could not. */
export type Started = { ok: true } | { ok: false; error: string };

/** What the engine knows of which way is "in" when calibration ends (logged with the session). */
export interface CalibrationResult {
	/**
	 * +1: the breathing signal the engine reads rises on an inhale; -1: it falls; null: no
	 * breathing signal yet.
	 */
	polarity: 1 | -1 | null;
	basis: PolarityBasis | null;
	confidence: number;
}
export type Resumed = { ok: true; samples: number } | { ok: false; error: string };

/** The session so far, replayed into a fresh engine: samples and pacer cues in time order. */
export type ResumeItem = { chunk: SampleChunk } | { t: number; phase: BreathPhase };

/**
 * The one message contract between the page and the analysis worker: start a session, push
 * chunks, get back the events each chunk produced, finish. Plain module, so Node tests and the
 * worker entry share it.
 */
export class EngineApi {
	private engine: BreathEngine | null = null;
	private pending: EngineEvent[] = [];
	private display: DisplaySignal | null = null;

	start(settings: SessionSettings = {}): Started {
		const options: Partial<EngineOptions> = {};
		const error = [settings, ...(settings.targetChanges ?? [])].map(targetsError).find(Boolean);
		if (error) return { ok: false, error };
		if (settings.pattern) {
			const pattern = parsePattern(settings.pattern);
			if ('error' in pattern) return { ok: false, error: pattern.error };
			options.pattern = pattern;
		}
		if (settings.holdSeconds !== undefined) options.holdSeconds = settings.holdSeconds;
		if (settings.restSeconds !== undefined) options.restSeconds = settings.restSeconds;
		if (settings.beltRisesOnInhale !== undefined) options.beltRisesOnInhale = settings.beltRisesOnInhale;
		if (settings.targetChanges) options.targetChanges = settings.targetChanges;
		this.pending = [];
		this.engine = new BreathEngine((e) => this.pending.push(e), options);
		this.display = null;
		return { ok: true };
	}

	/**
	 * The programme moved on to another exercise: its holds and rests are judged against its own
	 * targets from now on. Bad targets are refused and the old ones kept.
	 */
	updateStretchTargets(targets: StretchTargets): Started {
		if (!this.engine) return { ok: false, error: 'No session: call start() before changing targets.' };
		const error = targetsError(targets);
		if (error) return { ok: false, error };
		this.engine.setStretchTargets(targets);
		return { ok: true };
	}

	/**
	 * Several chunks at once (what arrived while the previous call was in flight), in order; the
	 * page transfers their arrays, so nothing is copied on the way.
	 */
	pushMany(chunks: SampleChunk[]): PushResult {
		if (!this.engine) throw new Error('No session: call start() before sending samples.');
		for (const chunk of chunks) {
			this.engine.push(chunk);
			this.show(chunk);
		}
		return { events: this.take(), trace: this.takeTrace() };
	}

	/**
	 * The pacer began a step during calibration or guidance: the engine hears breath phases, the
	 * primary evidence of which way is "in" (at calibration and all along; `seconds` and
	 * `calibrating` are the page's to log, the engine weighs every cue alike).
	 */
	cue(t: number, phase: PacerPhase, _seconds: number, _calibrating: boolean): EngineEvent[] {
		if (phase === 'stretch-hold' || phase === 'stretch-rest') return [];
		return this.pacerCue(t, phase);
	}

	/**
	 * Calibration is over: what the engine has decided of which way is "in" (the chart is drawn
	 * that way up all along, and turns over if a stronger decision corrects it).
	 */
	calibrate(): CalibrationResult | null {
		if (!this.engine) return null;
		const d = this.engine.inhaleDirection();
		if (!d) return { polarity: null, basis: null, confidence: 0 };
		return { polarity: d.inverted ? -1 : 1, basis: d.basis, confidence: d.confidence };
	}

	/**
	 * A fresh engine after the previous worker died: start again and feed it the session so far
	 * (samples and pacer cues from the recording, in time order), keeping only what it learnt. The
	 * events it finds again were already shown and stored, so they are not returned. Which way is
	 * "in" it decides again from the replayed cues (the polarity once logged is not needed).
	 */
	resume(settings: SessionSettings, history: ResumeItem[], _polarity?: 1 | -1): Resumed {
		const started = this.start(settings);
		if (!started.ok) return started;
		let samples = 0;
		for (const item of history) {
			if ('chunk' in item) {
				this.engine?.push(item.chunk);
				this.show(item.chunk);
				samples += item.chunk.n;
			} else this.engine?.pacerCue(item.t, item.phase);
		}
		this.pending = [];
		this.display?.take();
		return { ok: true, samples };
	}

	/** Events the chunk made known, in order. A chunk outside a session is refused, not guessed at. */
	push(chunk: SampleChunk): EngineEvent[] {
		if (!this.engine) throw new Error('No session: call start() before sending samples.');
		this.engine.push(chunk);
		return this.take();
	}

	/** The pacer started `phase` at `t` on the session clock: evidence of which way is "in". */
	pacerCue(t: number, phase: BreathPhase): EngineEvent[] {
		if (!this.engine) throw new Error('No session: call start() before sending pacer cues.');
		this.engine.pacerCue(t, phase);
		return this.take();
	}

	/** Drop the session without reporting anything more (the page left or the session was discarded). */
	dispose(): void {
		this.engine = null;
		this.display = null;
		this.pending = [];
	}

	finish(): EngineEvent[] {
		this.engine?.finish();
		this.engine = null;
		return this.take();
	}

	private show(chunk: SampleChunk): void {
		if (chunk.kind === 'resp' && this.display?.source !== 'resp') this.display = new DisplaySignal('resp');
		else if (chunk.kind === 'acc' && !this.display) this.display = new DisplaySignal('acc');
		// Drawn the way up the engine decided, as it stands after this chunk.
		this.display?.orient(this.engine?.inhaleDirection() ?? null);
		this.display?.push(chunk);
	}

	private takeTrace(): TracePoints {
		return this.display?.take() ?? { t: [], v: [], turned: false };
	}

	private take(): EngineEvent[] {
		const out = this.pending;
		this.pending = [];
		return out;
	}
}

/** The first bad hold or rest length among those given, in one sentence; null when all are good. */
function targetsError(targets: Partial<StretchTargets>): string | null {
	for (const key of ['holdSeconds', 'restSeconds'] as const) {
		const error = targets[key] === undefined ? null : stretchSecondsError(key, targets[key]);
		if (error) return error;
	}
	return null;
}
