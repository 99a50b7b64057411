/**
 * Writes a running session to the store a little at a time: chunks and log entries are gathered
 * and appended every `flushMs` (default 0.5 s, so a crash loses at most about that much). A write
 * that fails keeps everything in memory and tries again on the next flush; the problem is reported
 * once (and its end reported too), and the session goes on.
 */
import type { LogBody } from '$lib/core/session/format';
import type { SampleChunk } from '$lib/core/types';
import { toBlocks } from './blocks';
import { storageProblem, type StorageProblem } from './problems';
import type { NewChunk, SessionStore } from './sessions';

export interface WriterOptions {
	flushMs?: number;
	/** A problem began (or ended: null). */
	onProblem?: (problem: StorageProblem | null) => void;
	setTimer?: (fn: () => void, ms: number) => unknown;
	clearTimer?: (id: unknown) => void;
}

/** A copy of the chunk's first n samples, so the stored arrays never change or detach later. */
export function trimChunk(chunk: SampleChunk): SampleChunk {
	const n = chunk.n;
	switch (chunk.kind) {
		case 'resp':
		case 'ecg':
			return { kind: chunk.kind, n, t: chunk.t.slice(0, n), value: chunk.value.slice(0, n) };
		case 'acc':
			return {
				kind: 'acc',
				n,
				t: chunk.t.slice(0, n),
				x: chunk.x.slice(0, n),
				y: chunk.y.slice(0, n),
				z: chunk.z.slice(0, n)
			};
		case 'rr':
			return { kind: 'rr', n, t: chunk.t.slice(0, n), rrMs: chunk.rrMs.slice(0, n) };
	}
}

export class SessionWriter {
	private chunks: NewChunk[] = [];
	private log: LogBody[] = [];
	private lastT = 0;
	private timer: unknown = null;
	private writing: Promise<void> | null = null;
	private problem: StorageProblem | null = null;
	private closed = false;
	private readonly flushMs: number;
	private readonly setTimer: (fn: () => void, ms: number) => unknown;
	private readonly clearTimer: (id: unknown) => void;

	constructor(
		private readonly store: SessionStore,
		readonly sessionId: string,
		private readonly options: WriterOptions = {}
	) {
		this.flushMs = options.flushMs ?? 500;
		this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
		this.clearTimer = options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
	}

	/** Samples waiting to be written (chunks), for a "not yet saved" figure. */
	get pendingChunks(): number {
		return this.chunks.length;
	}

	get currentProblem(): StorageProblem | null {
		return this.problem;
	}

	/** Keep a chunk (copied: the caller may reuse or transfer its arrays afterwards). */
	addChunk(device: string, chunk: SampleChunk): void {
		if (chunk.n === 0) return;
		this.chunks.push({ device, chunk: trimChunk(chunk) });
		this.note(chunk.t[chunk.n - 1]);
	}

	/** Keep a chunk already copied by the caller (arrays trimmed to n, never changed again). */
	addOwnedChunk(device: string, chunk: SampleChunk): void {
		if (chunk.n === 0) return;
		this.chunks.push({ device, chunk });
		this.note(chunk.t[chunk.n - 1]);
	}

	addLog(body: LogBody, t?: number): void {
		this.log.push(body);
		this.note(t);
	}

	/** Write everything gathered so far; resolves when it is stored (or kept for a retry). */
	async flush(): Promise<void> {
		if (this.timer !== null) {
			this.clearTimer(this.timer);
			this.timer = null;
		}
		while (this.writing) await this.writing;
		if (!this.chunks.length && !this.log.length) return;
		const chunks = this.chunks;
		const log = this.log;
		this.chunks = [];
		this.log = [];
		this.writing = this.store
			// One block per channel per flush: a few records each half second, not one per packet.
			.append(this.sessionId, { chunks: toBlocks(chunks, Infinity), log, lastT: this.lastT })
			.then(() => this.report(null))
			.catch((e: unknown) => {
				// Keep it all, in order, ahead of what came since; the next flush tries again.
				this.chunks = [...chunks, ...this.chunks];
				this.log = [...log, ...this.log];
				this.report(storageProblem(e));
				this.schedule();
			})
			.finally(() => {
				this.writing = null;
			});
		await this.writing;
	}

	/** Write what is left and stop the timer. */
	async close(): Promise<void> {
		this.closed = true;
		await this.flush();
	}

	private note(t: number | undefined): void {
		if (t !== undefined && t > this.lastT) this.lastT = t;
		this.schedule();
	}

	private schedule(): void {
		if (this.timer !== null || this.closed) return;
		this.timer = this.setTimer(() => {
			this.timer = null;
			void this.flush();
		}, this.flushMs);
	}

	private report(problem: StorageProblem | null): void {
		if (problem?.code === this.problem?.code) return;
		this.problem = problem;
		if (problem) console.info('[tidal] session storage:', problem.detail);
		this.options.onProblem?.(problem);
	}
}
