/**
 * Reconnection with back-off, as a small state machine with no Bluetooth in it: the caller
 * supplies `connect()` and reports lost links; this decides when to try again. The wait between
 * attempts grows 0.5, 1, 2, 4 s and stays at 4 s, so a wearable that comes back in range is
 * reconnected within about five seconds, without hammering the radio while it is away.
 */

import { withTimeout } from './timeout';

/** Seconds to wait before each attempt: 0.5, 1, 2, 4, 4, 4, … */
export const BACKOFF_SECONDS = [0.5, 1, 2, 4] as const;
export const MAX_BACKOFF_SECONDS = 4;

export function backoffDelayMs(attempt: number): number {
	const i = Math.max(0, Math.floor(attempt));
	return 1000 * (i < BACKOFF_SECONDS.length ? BACKOFF_SECONDS[i] : MAX_BACKOFF_SECONDS);
}

export type ReconnectPhase =
	/** Connected and streaming; nothing to do. */
	| 'connected'
	/** Link lost; waiting `delayMs` before attempt number `attempt` (0-based). */
	| 'waiting'
	/** An attempt is running. */
	| 'attempting'
	/** Stopped trying after `giveUpAfterMs` without success; `retryNow()` starts again. */
	| 'given-up'
	/** The person disconnected or forgot the device; no more attempts. */
	| 'stopped';

export interface ReconnectState {
	phase: ReconnectPhase;
	/** Attempts made since the link was lost. */
	attempts: number;
	/** Wait before the next attempt, while `waiting`. */
	delayMs: number;
	/** Message of the last failed attempt, for logs. */
	lastError: string | null;
	/** When the link was lost (ms on the scheduler's clock), or null while connected. */
	lostAt: number | null;
}

export interface Scheduler {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
};

export interface ReconnectOptions {
	/**
	 * One reconnection attempt; resolves once data can flow again, rejects on failure. `signal`
	 * aborts when the attempt is abandoned (timed out, stopped, superseded): the attempt must then
	 * clean up and never subscribe, or a late setup would add a second notification handler.
	 */
	connect: (signal: AbortSignal) => Promise<void>;
	/** Called on every state change. */
	onChange?: (state: ReconnectState) => void;
	/** Stop trying after this long without success (default 10 minutes). */
	giveUpAfterMs?: number;
	/** An attempt that neither succeeds nor fails within this time counts as failed (default 8 s). */
	attemptTimeoutMs?: number;
	scheduler?: Scheduler;
}

export class Reconnector {
	private state: ReconnectState = {
		phase: 'connected',
		attempts: 0,
		delayMs: 0,
		lastError: null,
		lostAt: null
	};
	private timer: unknown = null;
	/** Bumped whenever a loop is abandoned, so a late attempt result is ignored. */
	private epoch = 0;
	/** The attempt in flight, aborted when it is abandoned. */
	private inflight: AbortController | null = null;
	private readonly scheduler: Scheduler;
	private readonly giveUpAfterMs: number;
	private readonly attemptTimeoutMs: number;

	constructor(private readonly options: ReconnectOptions) {
		this.scheduler = options.scheduler ?? realScheduler;
		this.giveUpAfterMs = options.giveUpAfterMs ?? 10 * 60_000;
		this.attemptTimeoutMs = options.attemptTimeoutMs ?? 8000;
	}

	get current(): Readonly<ReconnectState> {
		return this.state;
	}

	/** The link dropped: start the back-off loop (ignored if it is already running or stopped). */
	linkLost(reason?: string): void {
		if (this.state.phase !== 'connected') return;
		this.epoch++;
		this.set({
			phase: 'waiting',
			attempts: 0,
			delayMs: backoffDelayMs(0),
			lastError: reason ?? null,
			lostAt: this.scheduler.now()
		});
		this.schedule(backoffDelayMs(0));
	}

	/** Connected by other means (first connection, or a manual retry). */
	markConnected(): void {
		this.clearTimer();
		this.abandon();
		this.epoch++;
		this.set({ phase: 'connected', attempts: 0, delayMs: 0, lastError: null, lostAt: null });
	}

	/** Try right now (the person tapped "Try again"), keeping the back-off afterwards. */
	retryNow(): void {
		if (this.state.phase === 'connected' || this.state.phase === 'attempting') return;
		this.clearTimer();
		this.epoch++;
		const lostAt =
			this.state.phase === 'given-up' || this.state.phase === 'stopped'
				? this.scheduler.now()
				: this.state.lostAt;
		this.set({ ...this.state, phase: 'waiting', attempts: 0, delayMs: 0, lostAt });
		void this.attempt(this.epoch);
	}

	/** No more attempts (disconnect or forget). */
	stop(): void {
		this.clearTimer();
		this.abandon();
		this.epoch++;
		this.set({ ...this.state, phase: 'stopped', delayMs: 0 });
	}

	private schedule(ms: number): void {
		this.clearTimer();
		const epoch = this.epoch;
		this.timer = this.scheduler.setTimeout(() => {
			this.timer = null;
			void this.attempt(epoch);
		}, ms);
	}

	private async attempt(epoch: number): Promise<void> {
		if (epoch !== this.epoch) return;
		this.set({ ...this.state, phase: 'attempting', delayMs: 0 });
		const controller = new AbortController();
		this.inflight = controller;
		let error: string | null = null;
		try {
			await withTimeout(
				this.options.connect(controller.signal),
				this.attemptTimeoutMs,
				'connection attempt',
				this.scheduler
			);
		} catch (e) {
			error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
			// Timed out or failed: whatever it is still doing must stop before the next attempt.
			controller.abort();
		}
		if (this.inflight === controller) this.inflight = null;
		if (epoch !== this.epoch) return; // stopped or reconnected meanwhile
		if (error === null) {
			this.markConnected();
			return;
		}
		const attempts = this.state.attempts + 1;
		const lostAt = this.state.lostAt ?? this.scheduler.now();
		if (this.scheduler.now() - lostAt >= this.giveUpAfterMs) {
			this.set({ ...this.state, phase: 'given-up', attempts, delayMs: 0, lastError: error });
			return;
		}
		const delayMs = backoffDelayMs(attempts);
		this.set({ ...this.state, phase: 'waiting', attempts, delayMs, lastError: error });
		this.schedule(delayMs);
	}

	/** Abort the attempt in flight, if any (it resolved late or is being replaced). */
	private abandon(): void {
		this.inflight?.abort();
		this.inflight = null;
	}

	private clearTimer(): void {
		if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
		this.timer = null;
	}

	private set(next: ReconnectState): void {
		this.state = next;
		this.options.onChange?.({ ...next });
	}
}
