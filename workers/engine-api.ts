import { BreathEngine, type EngineOptions } from '../src/lib/core/engine/engine';
import { parsePattern } from '../src/lib/core/engine/pattern';
import type { BreathPhase, EngineEvent, SampleChunk } from '../src/lib/core/types';

/** What the page may set when a session starts; everything else keeps the engine's defaults. */
export interface SessionSettings {
	/** A preset id or a custom pattern such as "5-1-4". */
	pattern?: string;
	holdSeconds?: number;
	restSeconds?: number;
	beltRisesOnInhale?: boolean;
}

/** A session started, or why it could not. */
export type Started = { ok: true } | { ok: false; error: string };
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

	start(settings: SessionSettings = {}): Started {
		const options: Partial<EngineOptions> = {};
		for (const key of ['holdSeconds', 'restSeconds'] as const) {
			const v = settings[key];
			if (v !== undefined && !(Number.isFinite(v) && v > 0 && v <= 600)) {
				return { ok: false, error: `${key} must be a number of seconds between 0 and 600, not ${v}.` };
			}
		}
		if (settings.pattern) {
			const pattern = parsePattern(settings.pattern);
			if ('error' in pattern) return { ok: false, error: pattern.error };
			options.pattern = pattern;
		}
		if (settings.holdSeconds !== undefined) options.holdSeconds = settings.holdSeconds;
		if (settings.restSeconds !== undefined) options.restSeconds = settings.restSeconds;
		if (settings.beltRisesOnInhale !== undefined) options.beltRisesOnInhale = settings.beltRisesOnInhale;
		this.pending = [];
		this.engine = new BreathEngine((e) => this.pending.push(e), options);
		return { ok: true };
	}

	/**
	 * Several chunks at once (what arrived while the previous call was in flight), in order; the
	 * page transfers their arrays, so nothing is copied on the way.
	 */
	pushMany(chunks: SampleChunk[]): EngineEvent[] {
		if (!this.engine) throw new Error('No session: call start() before sending samples.');
		for (const chunk of chunks) this.engine.push(chunk);
		return this.take();
	}

	/**
	 * A fresh engine after the previous worker died: start again and feed it the session so far
	 * (samples and pacer cues from the recording, in time order), keeping only what it learnt. The
	 * events it finds again were already shown and stored, so they are not returned.
	 */
	resume(
		settings: SessionSettings,
		history: ResumeItem[]
	): { ok: true; samples: number } | { ok: false; error: string } {
		const started = this.start(settings);
		if (!started.ok) return started;
		let samples = 0;
		for (const item of history) {
			if ('chunk' in item) {
				this.engine?.push(item.chunk);
				samples += item.chunk.n;
			} else this.engine?.pacerCue(item.t, item.phase);
		}
		this.pending = [];
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
		this.pending = [];
	}

	finish(): EngineEvent[] {
		this.engine?.finish();
		this.engine = null;
		return this.take();
	}

	private take(): EngineEvent[] {
		const out = this.pending;
		this.pending = [];
		return out;
	}
}
