import { BreathEngine, type EngineOptions } from '../src/lib/core/engine/engine';
import { parsePattern } from '../src/lib/core/engine/pattern';
import { stretchSecondsError } from '../src/lib/core/engine/settings';
import type { BreathPhase, EngineEvent, SampleChunk } from '../src/lib/core/types';

/** What the page may set when a session starts; everything else keeps the engine's defaults. */
export interface SessionSettings {
	/** A preset id or a custom pattern such as "5-1-4". */
	pattern?: string;
	holdSeconds?: number;
	restSeconds?: number;
	beltRisesOnInhale?: boolean;
}

/**
 * The one message contract between the page and the analysis worker: start a session, push
 * chunks, get back the events each chunk produced, finish. Plain module, so Node tests and the
 * worker entry share it.
 */
export class EngineApi {
	private engine: BreathEngine | null = null;
	private pending: EngineEvent[] = [];

	start(settings: SessionSettings = {}): { ok: true } | { ok: false; error: string } {
		const options: Partial<EngineOptions> = {};
		for (const key of ['holdSeconds', 'restSeconds'] as const) {
			const error = settings[key] === undefined ? null : stretchSecondsError(key, settings[key]);
			if (error) return { ok: false, error };
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
