/**
 * The running session's recording: the store and its writer behind a few calls that never throw.
 * If IndexedDB cannot be opened at all (private mode, blocked site data), the session is kept in
 * this tab's memory instead and the person is told; everything else is the writer's job.
 */
import {
	DEFAULT_CUES,
	type LogBody,
	type PainRatings,
	type SessionRecord,
	type SessionSummary,
	type SessionWearable
} from '$lib/core/session/format';
import type { SampleChunk } from '$lib/core/types';
import { storageProblem, type StorageProblem } from '$lib/storage/problems';
import { SessionStore } from '$lib/storage/sessions';
import { SessionWriter } from '$lib/storage/writer';
import type { CalibrationResult, ResumeItem } from '$workers/engine-api';
import type { StartOptions } from '$lib/state/session.svelte';

export class SessionStorage {
	private writer: SessionWriter | null = null;
	private record: SessionRecord | null = null;
	/** Only without a store: the session so far, for a restarted worker. */
	private memory: ResumeItem[] = [];

	constructor(
		private readonly store: SessionStore | null,
		private readonly onProblem: (p: StorageProblem | null) => void
	) {}

	async begin(
		options: StartOptions,
		startedAt: number,
		wearables: SessionWearable[]
	): Promise<SessionRecord> {
		const settings = {
			pattern: options.pattern,
			plannedSeconds: options.plannedSeconds,
			calibration: !options.resume,
			cues: { ...DEFAULT_CUES, ...options.cues }
		};
		const fallback: SessionRecord = {
			format: 1,
			id: `unsaved-${startedAt}`,
			kind: 'breathing',
			status: 'running',
			startedAt,
			endedAt: null,
			updatedAt: startedAt,
			lastT: 0,
			settings,
			wearables,
			pain: { before: options.painBefore, after: null },
			summary: null
		};
		try {
			if (!this.store) return (this.record = fallback);
			if (options.resume) {
				await this.store.markRunning(options.resume.id);
				this.record = (await this.store.get(options.resume.id)) ?? options.resume;
			} else {
				this.record = await this.store.create({
					kind: 'breathing',
					settings,
					startedAt,
					wearables,
					pain: { before: options.painBefore }
				});
				if (options.painBefore !== null)
					this.log({ type: 'pain', t: 0, when: 'before', rating: options.painBefore }, 0);
			}
			this.writer = new SessionWriter(this.store, this.record.id, { onProblem: this.onProblem });
			if (options.resume) this.log({ type: 'mark', t: (Date.now() - startedAt) / 1000, mark: 'resumed' });
		} catch (e) {
			this.onProblem(storageProblem(e));
			this.record = fallback;
		}
		return this.record;
	}

	chunk(device: string, chunk: SampleChunk): void {
		if (this.writer) this.writer.addOwnedChunk(device, chunk);
		else this.memory.push({ chunk });
	}

	log(body: LogBody, t?: number): void {
		if (this.writer) this.writer.addLog(body, t);
		else if (body.type === 'cue' && body.phase !== 'stretch-hold' && body.phase !== 'stretch-rest')
			this.memory.push({ t: body.t, phase: body.phase });
	}

	async wearable(w: SessionWearable): Promise<void> {
		if (!this.store || !this.record || !this.writer) return;
		await this.store.addWearable(this.record.id, w).catch((e: unknown) => this.onProblem(storageProblem(e)));
	}

	async pain(when: keyof PainRatings, rating: number, t: number): Promise<void> {
		if (!this.store || !this.record || !this.writer) return;
		await this.writer.flush();
		await this.store
			.setPain(this.record.id, when, rating, t)
			.catch((e: unknown) => this.onProblem(storageProblem(e)));
	}

	async flush(): Promise<void> {
		await this.writer?.flush();
	}

	async finish(summary: SessionSummary): Promise<SessionRecord | null> {
		if (!this.store || !this.record || !this.writer)
			return this.record && { ...this.record, status: 'finished', summary };
		await this.writer.close();
		try {
			return await this.store.finish(this.record.id, summary);
		} catch (e) {
			this.onProblem(storageProblem(e));
			return { ...this.record, status: 'finished', summary };
		}
	}

	/** The session so far for a fresh worker: stored samples and cues, then what is still buffered. */
	async history(): Promise<ResumeItem[]> {
		if (!this.store || !this.record || !this.writer) return [...this.memory];
		await this.writer.flush();
		return recordedHistory(this.store, this.record.id);
	}

	/** What calibration learnt, from the log (for a resumed session). */
	async polarity(): Promise<1 | -1 | undefined> {
		if (!this.store || !this.record) return undefined;
		return recordedPolarity(this.store, this.record.id);
	}
}

export async function recordedHistory(store: SessionStore, id: string): Promise<ResumeItem[]> {
	const [chunks, log] = await Promise.all([store.chunks(id), store.log(id)]);
	const items: { t: number; item: ResumeItem }[] = chunks.map((c) => ({
		t: c.chunk.t[0],
		item: { chunk: c.chunk }
	}));
	for (const e of log) {
		if (e.type === 'cue' && e.phase !== 'stretch-hold' && e.phase !== 'stretch-rest')
			items.push({ t: e.t, item: { t: e.t, phase: e.phase } });
	}
	// Stable sort: chunks keep their arrival order; cues fall in by time.
	return items.sort((a, b) => a.t - b.t).map((x) => x.item);
}

export async function recordedPolarity(store: SessionStore, id: string): Promise<1 | -1 | undefined> {
	const log = await store.log(id);
	const mark = log.findLast((e) => e.type === 'mark' && e.mark === 'calibration-end');
	if (!mark || mark.type !== 'mark' || !mark.text) return undefined;
	try {
		const r = JSON.parse(mark.text) as CalibrationResult;
		return r.polarity ?? undefined;
	} catch {
		return undefined;
	}
}

/** Open the store; if that fails the session runs from memory and the person is told. */
export async function openSessionStorage(
	onProblem: (p: StorageProblem | null) => void
): Promise<SessionStorage> {
	try {
		const store = await SessionStore.open();
		await warnIfLow(onProblem);
		return new SessionStorage(store, onProblem);
	} catch (e) {
		onProblem(storageProblem(e));
		return new SessionStorage(null, onProblem);
	}
}

/** A 10-minute session with every sensor takes about this much (MB), with room to spare. */
const SESSION_MB = 30;

/** Warn before the disk fills, not after; and ask the browser to keep Tidal's data. */
async function warnIfLow(onProblem: (p: StorageProblem | null) => void): Promise<void> {
	const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
	if (!storage?.estimate) return;
	try {
		void storage.persist?.().catch(() => false);
		const { usage = 0, quota = Infinity } = await storage.estimate();
		if ((quota - usage) / 1e6 < SESSION_MB) {
			onProblem({
				code: 'full',
				message:
					'This device is nearly out of storage space: the session may not all be saved. Free some space if you can; the session runs either way.',
				detail: `usage ${usage} of quota ${quota}`
			});
		}
	} catch {
		// No estimate: the writer still reports a full disk if it happens.
	}
}

/** A copy on the session clock, arrays trimmed to n (the device layer's arrays stay untouched). */
export function shiftChunk(chunk: SampleChunk, offset: number): SampleChunk {
	const n = chunk.n;
	const t = new Float64Array(n);
	for (let i = 0; i < n; i++) t[i] = chunk.t[i] + offset;
	switch (chunk.kind) {
		case 'acc':
			return { kind: 'acc', n, t, x: chunk.x.slice(0, n), y: chunk.y.slice(0, n), z: chunk.z.slice(0, n) };
		case 'rr':
			return { kind: 'rr', n, t, rrMs: chunk.rrMs.slice(0, n) };
		default:
			return { kind: chunk.kind, n, t, value: chunk.value.slice(0, n) };
	}
}
