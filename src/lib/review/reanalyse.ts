/**
 * "Analyse again with another pattern": the recorded samples go through the engine again, in the
 * analysis worker (workers/engine-api.ts, through comlink), so the page stays responsive.
 */
import { wrap, type Remote } from 'comlink';
import { AnalysisCollector, type AnalysisResult } from '$lib/core/engine/analysis';
import { timeOrderedChunks } from '$lib/core/engine/engine';
import type { BreathPattern } from '$lib/core/engine/pattern';
import type { Recording } from '$lib/core/recording/recording';
import { mainSource } from '$lib/core/session/session-analysis';
import type { EngineApi } from '../../../workers/engine-api';

export async function analyseInWorker(
	recording: Recording,
	pattern: BreathPattern,
	stretch: { holdSeconds: number; restSeconds: number; beltRisesOnInhale?: boolean }
): Promise<AnalysisResult> {
	const worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
		type: 'module'
	});
	const api: Remote<EngineApi> = wrap<EngineApi>(worker);
	try {
		const collector = new AnalysisCollector(pattern.id, mainSource(recording));
		const started = await api.start({ pattern: pattern.id, ...stretch });
		if (!started.ok) throw new Error(started.error);
		// Ten-second blocks: few messages, and the engine sees the channels interleaved by time.
		for (const chunk of timeOrderedChunks(recording, 10)) {
			for (const e of await api.push(chunk)) collector.handle(e);
		}
		for (const e of await api.finish()) collector.handle(e);
		return collector.result();
	} finally {
		worker.terminate();
	}
}
