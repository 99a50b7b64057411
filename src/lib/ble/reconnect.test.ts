import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, Reconnector, type ReconnectState } from './reconnect';

describe('backoffDelayMs', () => {
	it('grows 0.5, 1, 2, 4 s and stays at 4 s', () => {
		expect([0, 1, 2, 3, 4, 5, 50].map(backoffDelayMs)).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000]);
	});
});

describe('Reconnector', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	/** A device that refuses connections until `back` is set. */
	function setup(options: { giveUpAfterMs?: number; attemptTimeoutMs?: number } = {}) {
		const device = { back: false, attempts: [] as number[], hang: false, signals: [] as AbortSignal[] };
		const states: ReconnectState[] = [];
		const r = new Reconnector({
			connect: (signal) => {
				device.attempts.push(Date.now());
				device.signals.push(signal);
				if (device.hang) return new Promise<void>(() => {});
				return device.back
					? Promise.resolve()
					: Promise.reject(new DOMException('Connection attempt failed.', 'NetworkError'));
			},
			onChange: (s) => states.push(s),
			...options
		});
		return { r, device, states };
	}

	it('tries at 0.5, 1.5, 3.5, 7.5, 11.5 s after the loss', async () => {
		const { r, device } = setup();
		const t0 = Date.now();
		r.linkLost();
		await vi.advanceTimersByTimeAsync(12_000);
		expect(device.attempts.map((t) => t - t0)).toEqual([500, 1500, 3500, 7500, 11_500]);
		expect(r.current.phase).toBe('waiting');
		expect(r.current.attempts).toBe(5);
	});

	it('is back within 5 s of the device returning, however long it was away', async () => {
		const { r, device } = setup();
		r.linkLost();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(r.current.phase).toBe('waiting');
		const returned = Date.now();
		device.back = true;
		await vi.advanceTimersByTimeAsync(5000);
		expect(r.current.phase).toBe('connected');
		expect(device.attempts.at(-1)! - returned).toBeLessThanOrEqual(4000);
	});

	it('reports waiting → attempting → connected', async () => {
		const { r, device, states } = setup();
		device.back = true;
		r.linkLost('gattserverdisconnected');
		expect(r.current).toMatchObject({ phase: 'waiting', delayMs: 500, lastError: 'gattserverdisconnected' });
		await vi.advanceTimersByTimeAsync(500);
		expect(states.map((s) => s.phase)).toEqual(['waiting', 'attempting', 'connected']);
		expect(r.current.lostAt).toBeNull();
	});

	it('ignores a second loss while already reconnecting', async () => {
		const { r, device } = setup();
		r.linkLost();
		await vi.advanceTimersByTimeAsync(200);
		r.linkLost();
		await vi.advanceTimersByTimeAsync(400);
		expect(device.attempts).toHaveLength(1);
	});

	it('stops for good on stop(), even with an attempt in flight', async () => {
		const { r, device } = setup();
		device.hang = true;
		r.linkLost();
		await vi.advanceTimersByTimeAsync(600);
		expect(r.current.phase).toBe('attempting');
		r.stop();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(r.current.phase).toBe('stopped');
		expect(device.attempts).toHaveLength(1);
	});

	it('counts a hanging attempt as failed after the attempt timeout', async () => {
		const { r, device } = setup({ attemptTimeoutMs: 3000 });
		device.hang = true;
		r.linkLost();
		await vi.advanceTimersByTimeAsync(500 + 3000);
		expect(r.current).toMatchObject({
			phase: 'waiting',
			attempts: 1,
			lastError: 'TimeoutError: connection attempt timed out'
		});
		device.hang = false;
		device.back = true;
		await vi.advanceTimersByTimeAsync(1000);
		expect(r.current.phase).toBe('connected');
	});

	it('aborts the signal of an attempt it abandons, and only that one', async () => {
		const { r, device } = setup({ attemptTimeoutMs: 3000 });
		device.hang = true;
		r.linkLost();
		await vi.advanceTimersByTimeAsync(500 + 2999);
		expect(device.signals[0].aborted).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(device.signals[0].aborted).toBe(true); // timed out: the attempt must clean up
		device.hang = false;
		device.back = true;
		await vi.advanceTimersByTimeAsync(1000);
		expect(r.current.phase).toBe('connected');
		expect(device.signals[1].aborted).toBe(false); // the attempt that connected keeps going
		// stop() while an attempt hangs aborts it as well.
		device.hang = true;
		r.linkLost();
		await vi.advanceTimersByTimeAsync(600);
		r.stop();
		expect(device.signals[2].aborted).toBe(true);
	});

	it('gives up after the limit, and retryNow() starts again at once', async () => {
		const { r, device } = setup({ giveUpAfterMs: 10_000 });
		r.linkLost();
		await vi.advanceTimersByTimeAsync(20_000);
		expect(r.current.phase).toBe('given-up');
		const n = device.attempts.length;
		await vi.advanceTimersByTimeAsync(20_000);
		expect(device.attempts).toHaveLength(n);
		device.back = true;
		r.retryNow();
		await vi.advanceTimersByTimeAsync(0);
		expect(r.current.phase).toBe('connected');
		expect(device.attempts).toHaveLength(n + 1);
	});

	it('markConnected() cancels a pending attempt', async () => {
		const { r, device } = setup();
		r.linkLost();
		r.markConnected();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(device.attempts).toHaveLength(0);
		expect(r.current.phase).toBe('connected');
	});
});
