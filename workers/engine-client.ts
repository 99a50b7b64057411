/**
 * The page's side of the analysis worker: samples go over as transferable typed arrays (one
 * message per device chunk of about 100 ms, or several together while the worker is busy, never
 * per sample), events come back per message. If the worker dies or stops answering, a fresh one
 * is started and fed the session so far from the recording, and the session goes on.
 */
import { transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { TracePoints } from '../src/lib/core/session/display';
import type { PacerPhase } from '../src/lib/core/session/format';
import type { EngineEvent, SampleChunk } from '../src/lib/core/types';
import type {
	CalibrationResult,
	EngineApi,
	PushResult,
	Resumed,
	ResumeItem,
	SessionSettings,
	Started,
	StretchTargets
} from './engine-api';

export interface EngineWorkerHandle {
	endpoint: Endpoint;
	terminate(): void;
	/** Register the one callback for the worker dying (an uncaught error, a crash). */
	onDeath(fn: (reason: string) => void): void;
}

export type WorkerFactory = () => EngineWorkerHandle;

/** The module worker under workers/, for the browser. */
export function browserWorker(): EngineWorkerHandle {
	const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
	return {
		endpoint: worker,
		terminate: () => worker.terminate(),
		onDeath(fn) {
			worker.addEventListener('error', (e) => fn(e.message || 'the analysis worker stopped'));
			worker.addEventListener('messageerror', () => fn('a message to the analysis worker was lost'));
		}
	};
}

export interface EngineHooks {
	/**
	 * Events (and chart points) from the worker; `sentAt` is when the oldest chunk behind them left
	 * the device layer (ms, the client's clock).
	 */
	events(events: EngineEvent[], sentAt: number, trace?: TracePoints): void;
	/** The session so far (every chunk received until now, and the pacer's cues), for a new worker. */
	history(): Promise<ResumeItem[]>;
	/** A fresh worker took over (reason in words), or the analysis had to stop (gaveUp). */
	restarted(reason: string, gaveUp: boolean): void;
}

export interface EngineClientOptions {
	/** A call not answered in this long means the worker hung (ms). */
	answerWithinMs?: number;
	/** Restarts allowed before the analysis stops for the session (the pacer goes on). */
	maxRestarts?: number;
	now?: () => number;
}

function buffersOf(chunk: SampleChunk): ArrayBuffer[] {
	const arrays =
		chunk.kind === 'acc'
			? [chunk.t, chunk.x, chunk.y, chunk.z]
			: chunk.kind === 'rr'
				? [chunk.t, chunk.rrMs]
				: [chunk.t, chunk.value];
	return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** A copy the worker can own: arrays trimmed to n, each on its own buffer. */
function ownCopy(chunk: SampleChunk): SampleChunk {
	const n = chunk.n;
	if (chunk.kind === 'acc')
		return {
			kind: 'acc',
			n,
			t: chunk.t.slice(0, n),
			x: chunk.x.slice(0, n),
			y: chunk.y.slice(0, n),
			z: chunk.z.slice(0, n)
		};
	if (chunk.kind === 'rr') return { kind: 'rr', n, t: chunk.t.slice(0, n), rrMs: chunk.rrMs.slice(0, n) };
	return { kind: chunk.kind, n, t: chunk.t.slice(0, n), value: chunk.value.slice(0, n) } as SampleChunk;
}

export class EngineClient {
	private handle: EngineWorkerHandle | null = null;
	private api: Remote<EngineApi> | null = null;
	/** Rejects when the current worker dies, failing the calls it will never answer. */
	private died: Promise<never> = new Promise(() => {});
	private settings: SessionSettings = {};
	/** What calibration learnt, handed to a fresh worker. */
	private polarity: 1 | -1 | undefined;
	private queue: { chunk: SampleChunk; sentAt: number }[] = [];
	private busy = false;
	private restarting: Promise<void> | null = null;
	private restarts = 0;
	private stopped = false;
	private readonly answerWithinMs: number;
	private readonly maxRestarts: number;
	private readonly now: () => number;

	constructor(
		private readonly factory: WorkerFactory,
		private readonly hooks: EngineHooks,
		options: EngineClientOptions = {}
	) {
		this.answerWithinMs = options.answerWithinMs ?? 10_000;
		this.maxRestarts = options.maxRestarts ?? 3;
		this.now = options.now ?? (() => performance.now());
	}

	/** Whether analysis is running (false after it had to give up: the pacer still guides). */
	get analysing(): boolean {
		return !this.stopped && this.api !== null;
	}

	async start(settings: SessionSettings): Promise<Started> {
		this.settings = settings;
		this.spawn();
		return this.call<Started>((api) => api.start(settings));
	}

	/** Start with a session recorded so far (a resumed session): the engine learns from it first. */
	async startFrom(settings: SessionSettings, history: ResumeItem[], polarity?: 1 | -1): Promise<Started> {
		this.settings = settings;
		this.polarity = polarity;
		this.spawn();
		const resumed = await this.call<Resumed>((api) => api.resume(settings, history, polarity));
		return resumed.ok ? { ok: true } : resumed;
	}

	/** A chunk just left the device layer; it is copied, so the caller's arrays stay usable. */
	push(chunk: SampleChunk, sentAt = this.now()): void {
		if (this.stopped || chunk.n === 0) return;
		this.queue.push({ chunk: ownCopy(chunk), sentAt });
		void this.pump();
	}

	/** The pacer began a step (session clock): the engine's evidence of which way is "in". */
	cue(t: number, phase: PacerPhase, seconds: number, calibrating: boolean): void {
		if (this.stopped || this.restarting) return;
		void this.call((api) => api.cue(t, phase, seconds, calibrating))
			.then((events) => events.length && this.hooks.events(events, this.now()))
			.catch((e: unknown) => this.recover(e));
	}

	/**
	 * The programme moved on to an exercise with its own hold and rest targets. A worker started
	 * after this (a restart) is given them too.
	 */
	async updateStretchTargets(targets: StretchTargets): Promise<Started> {
		await this.restarting;
		if (this.stopped || !this.api) return { ok: false, error: 'The stretch analysis is not running.' };
		try {
			const updated = await this.call<Started>((api) => api.updateStretchTargets(targets));
			if (updated.ok) this.settings = { ...this.settings, ...targets };
			return updated;
		} catch (e) {
			// The worker died: the targets are kept, and a fresh one resumes with them.
			this.settings = { ...this.settings, ...targets };
			void this.recover(e);
			return { ok: true };
		}
	}

	/** Calibration over: what it learnt (null if the worker could not say). */
	async calibrate(): Promise<CalibrationResult | null> {
		await this.drain();
		if (this.stopped || !this.api) return null;
		try {
			const result = await this.call((api) => api.calibrate());
			if (result?.polarity) this.polarity = result.polarity;
			return result;
		} catch (e) {
			void this.recover(e);
			return null;
		}
	}

	private async drain(): Promise<void> {
		while (this.busy || this.restarting || this.queue.length) {
			await (this.restarting ?? new Promise((r) => setTimeout(r, 10)));
			void this.pump();
		}
	}

	/** Everything sent is analysed, then the engine reports what is still open. */
	async finish(): Promise<EngineEvent[]> {
		await this.drain();
		if (this.stopped || !this.api) return [];
		try {
			return await this.call((api) => api.finish());
		} catch {
			return [];
		} finally {
			this.dispose();
		}
	}

	dispose(): void {
		this.stopped = true;
		this.queue = [];
		this.handle?.terminate();
		this.handle = null;
		this.api = null;
	}

	private spawn(): void {
		this.handle?.terminate();
		const handle = this.factory();
		this.handle = handle;
		this.api = wrap<EngineApi>(handle.endpoint);
		let fail: (e: Error) => void = () => {};
		this.died = new Promise<never>((_, reject) => (fail = reject));
		this.died.catch(() => {});
		handle.onDeath((reason) => {
			fail(new Error(reason));
			if (this.handle === handle) void this.recover(new Error(reason));
		});
	}

	private async pump(): Promise<void> {
		if (this.busy || this.restarting || this.stopped || !this.queue.length) return;
		this.busy = true;
		const batch = this.queue;
		this.queue = [];
		const chunks = batch.map((b) => b.chunk);
		const sentAt = Math.min(...batch.map((b) => b.sentAt));
		try {
			const result = await this.call<PushResult>((api) =>
				api.pushMany(transfer(chunks, chunks.flatMap(buffersOf)))
			);
			this.hooks.events(result.events, sentAt, result.trace);
		} catch (e) {
			await this.recover(e);
		} finally {
			this.busy = false;
		}
		if (this.queue.length) void this.pump();
	}

	/** A call that fails if the worker does not answer in time (a hung or silently dead worker). */
	private async call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
		const api = this.api;
		if (!api) throw new Error('The analysis worker is not running.');
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error('the analysis worker stopped answering')),
				this.answerWithinMs
			);
		});
		try {
			return await Promise.race([fn(api), late, this.died]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Start a fresh worker from the recording; after too many failures, stop analysing. */
	private recover(e: unknown): Promise<void> {
		if (this.stopped) return Promise.resolve();
		this.restarting ??= this.restart(e instanceof Error ? e.message : String(e)).finally(() => {
			this.restarting = null;
			void this.pump();
		});
		return this.restarting;
	}

	private async restart(reason: string): Promise<void> {
		console.info('[tidal] analysis worker restarting:', reason);
		if (++this.restarts > this.maxRestarts) {
			this.dispose();
			this.hooks.restarted(reason, true);
			return;
		}
		this.spawn();
		// Everything received so far is in the history; what arrives from now on is queued.
		this.queue = [];
		const history = await this.hooks.history();
		try {
			const resumed = await this.call<Resumed>((api) => api.resume(this.settings, history, this.polarity));
			if (!resumed.ok) throw new Error(resumed.error);
			this.hooks.restarted(reason, false);
		} catch (err) {
			await this.restart(err instanceof Error ? err.message : String(err));
		}
	}
}
