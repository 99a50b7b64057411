/**
 * "Analyse again with another pattern": the recorded samples go through the engine again, in the
 * analysis worker (workers/engine-api.ts through comlink, started by engine-client's
 * browserWorker), so the page stays responsive.
 */
import { wrap } from 'comlink';
import type { AnalysisResult } from '$lib/core/engine/analysis';
import { timeOrderedChunks, type EngineOptions } from '$lib/core/engine/engine';
import type { BreathPattern } from '$lib/core/engine/pattern';
import type { Recording } from '$lib/core/recording/recording';
import type { SessionSummary } from '$lib/core/session/format';
import { mainSource, SessionAnalysis } from '$lib/core/session/session-analysis';
import type { SampleChunk } from '$lib/core/types';
import type { EngineApi } from '../../../workers/engine-api';
import { browserWorker } from '../../../workers/engine-client';

/** Chunks per message: a minute of every channel in ten-second blocks. */
const BATCH = 24;

export async function analyseInWorker(
	recording: Recording,
	pattern: BreathPattern,
	/** As recorded (recordedEngineOptions): stretch targets, their changes, belt direction. */
	recorded: Pick<
		Partial<EngineOptions>,
		'holdSeconds' | 'restSeconds' | 'targetChanges' | 'beltRisesOnInhale'
	>,
	durationSeconds: number
): Promise<{ analysis: AnalysisResult; summary: SessionSummary }> {
	const worker = browserWorker();
	const api = wrap<EngineApi>(worker.endpoint);
	try {
		const collector = new SessionAnalysis(pattern.id, mainSource(recording));
		const { holdSeconds, restSeconds, targetChanges, beltRisesOnInhale } = recorded;
		const started = await api.start({
			pattern: pattern.id,
			holdSeconds,
			restSeconds,
			beltRisesOnInhale,
			targetChanges: targetChanges && [...targetChanges]
		});
		if (!started.ok) throw new Error(started.error);
		let batch: SampleChunk[] = [];
		const send = async () => {
			const { events } = await api.pushMany(batch);
			for (const e of events) collector.handle(e);
			batch = [];
		};
		for (const chunk of timeOrderedChunks(recording, 10)) {
			batch.push(chunk);
			if (batch.length >= BATCH) await send();
		}
		if (batch.length) await send();
		for (const e of await api.finish()) collector.handle(e);
		return collector.result(durationSeconds);
	} finally {
		worker.terminate();
	}
}
