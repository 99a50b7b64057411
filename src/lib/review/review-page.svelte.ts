/**
 * The state of the review page: the session loaded from the store, its model, and "analyse again
 * with another pattern" (in the worker). Logic lives in review-model.ts and reanalyse.ts.
 */
import { parsePattern, type BreathPattern } from '$lib/core/engine/pattern';
import type { FullSession } from '$lib/core/session/format';
import { recordedEngineOptions } from '$lib/core/session/read-session';
import { analyseInWorker } from './reanalyse';
import { reviewModel, type ReviewModel } from './review-model';
import { sessionStore } from './store';

export class ReviewPage {
	full = $state.raw<FullSession | null>(null);
	model = $state.raw<ReviewModel | null>(null);
	/** Loading, or a message in words when the session cannot be shown. */
	status = $state<'loading' | 'ready' | 'missing' | 'failed'>('loading');
	message = $state('');
	analysing = $state(false);
	analyseError = $state('');

	async load(id: string | null): Promise<void> {
		this.status = 'loading';
		if (!id) {
			this.status = 'missing';
			this.message = 'No session was chosen. Pick one from your history.';
			return;
		}
		try {
			performance.mark('tidal-review-start');
			const store = await sessionStore();
			// Header, samples and log read side by side: three reads, not one after another.
			const [session, chunks, log] = await Promise.all([store.get(id), store.chunks(id), store.log(id)]);
			performance.measure('tidal-review-read', 'tidal-review-start');
			const full = session ? { session, chunks, log } : undefined;
			if (!full) {
				this.status = 'missing';
				this.message = 'This session is not on this device (it may have been deleted).';
				return;
			}
			this.full = full;
			performance.mark('tidal-review-model');
			this.model = reviewModel(full);
			performance.measure('tidal-review-model', 'tidal-review-model');
			this.status = 'ready';
		} catch (e) {
			this.status = 'failed';
			this.message = `The session could not be read from this device's storage (${e instanceof Error ? e.message : String(e)}).`;
		}
	}

	/** Runs the engine again over the recorded samples with `patternText` (a preset or "5-1-4"). */
	async analyseAgain(patternText: string): Promise<void> {
		const full = this.full;
		const model = this.model;
		if (!full || !model) return;
		const parsed = parsePattern(patternText);
		if ('error' in parsed) {
			this.analyseError = parsed.error;
			return;
		}
		const pattern: BreathPattern = parsed;
		this.analysing = true;
		this.analyseError = '';
		try {
			const result = await analyseInWorker(
				model.recording,
				pattern,
				recordedEngineOptions(full),
				model.durationS
			);
			this.model = reviewModel(full, { ...result, pattern });
		} catch (e) {
			this.analyseError = `The analysis did not finish: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			this.analysing = false;
		}
	}

	/** Back to what was analysed live. */
	showAsRecorded(): void {
		if (this.full) this.model = reviewModel(this.full);
	}
}
