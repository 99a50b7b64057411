import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Driver } from './drivers/driver';
import {
	decodeGdxCommand,
	encodeGdxReply,
	GDX_COMMAND,
	GDX_RESPONSE,
	GdxCommandId
} from '$lib/core/protocols/gdx';
import type { GattLink } from './link';
import { Wearable, type WearableStatus } from './wearable';

/** A link whose reachability the test controls. */
class FakeLink implements GattLink {
	readonly id = 'fake';
	readonly name = 'Fake strap';
	reachable = true;
	connected = false;
	attempts = 0;
	private listeners = new Set<() => void>();
	/** While set, connect() waits for it (a connection that hangs). */
	gate: Promise<void> | null = null;
	async connect(): Promise<void> {
		this.attempts++;
		// Like Web Bluetooth: a new connection starts without the old notification handlers.
		this.handlers = [];
		if (this.gate) await this.gate;
		if (!this.reachable) throw new DOMException('Connection attempt failed.', 'NetworkError');
		this.connected = true;
	}
	disconnect(): void {
		if (!this.connected) return;
		this.connected = false;
		for (const l of [...this.listeners]) l();
	}
	drop(): void {
		this.reachable = false;
		this.disconnect();
	}
	async hasService(): Promise<boolean> {
		return true;
	}
	async read(): Promise<DataView> {
		return new DataView(new ArrayBuffer(1));
	}
	onWrite: ((characteristic: string, bytes: Uint8Array) => void) | null = null;
	async write(_service: string, characteristic: string, bytes: Uint8Array): Promise<void> {
		this.onWrite?.(characteristic, bytes);
	}
	/** Notification handlers of the current connection. */
	handlers: { characteristic: string; listener: (value: DataView) => void }[] = [];
	async subscribe(
		_service: string,
		characteristic: string,
		listener: (value: DataView) => void
	): Promise<void> {
		this.handlers.push({ characteristic, listener });
	}
	/** Deliver a notification to every handler (of one characteristic, or all). */
	deliver(value: DataView, characteristic?: string): void {
		for (const h of this.handlers)
			if (!characteristic || h.characteristic === characteristic) h.listener(value);
	}
	onDisconnected(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

function setup(giveUpAfterMs?: number) {
	const link = new FakeLink();
	const driver: Driver & { starts: number; stops: number } = {
		starts: 0,
		stops: 0,
		async start() {
			this.starts++;
		},
		async stop() {
			this.stops++;
		}
	};
	const statuses: WearableStatus[] = [];
	const w = new Wearable(
		link,
		'hr-strap',
		{
			chunk: () => {},
			change: (x) => {
				if (statuses.at(-1) !== x.status) statuses.push(x.status);
			}
		},
		{ now: () => 0, giveUpAfterMs },
		driver
	);
	return { link, driver, statuses, w };
}

describe('Wearable', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('re-runs the driver setup on every reconnection', async () => {
		const { link, driver, w, statuses } = setup();
		await w.start();
		link.drop();
		expect(w.notice).toBe('Strap out of reach — reconnecting…');
		await vi.advanceTimersByTimeAsync(2000);
		link.reachable = true;
		await vi.advanceTimersByTimeAsync(4000);
		expect(statuses).toEqual(['connecting', 'streaming', 'reconnecting', 'streaming']);
		expect(driver.starts).toBe(2);
		expect(w.notice).toBeNull();
	});

	it('a deliberate stop sends the driver stop and never reconnects', async () => {
		const { link, driver, w } = setup();
		await w.start();
		await w.stop();
		expect(driver.stops).toBe(1);
		const attempts = link.attempts;
		await vi.advanceTimersByTimeAsync(30_000);
		expect(link.attempts).toBe(attempts);
		expect(w.status).toBe('stopped');
	});

	it('forgetting while reconnecting stops the attempts', async () => {
		const { link, w } = setup();
		await w.start();
		link.drop();
		await vi.advanceTimersByTimeAsync(1000);
		await w.stop();
		const attempts = link.attempts;
		link.reachable = true;
		await vi.advanceTimersByTimeAsync(30_000);
		expect(link.attempts).toBe(attempts);
		expect(w.status).toBe('stopped');
	});

	it('gives up calmly after the limit and can be retried', async () => {
		const { link, w } = setup(20_000);
		await w.start();
		link.drop();
		await vi.advanceTimersByTimeAsync(30_000);
		expect(w.status).toBe('stopped');
		expect(w.notice).toMatch(/Everything so far is kept/);
		link.reachable = true;
		w.retry();
		await vi.advanceTimersByTimeAsync(100);
		expect(w.status).toBe('streaming');
	});

	it('a failed first connection is reported to the caller, not retried', async () => {
		const { link, w } = setup();
		link.reachable = false;
		await expect(w.start()).rejects.toThrow('Connection attempt failed.');
		await vi.advanceTimersByTimeAsync(10_000);
		expect(link.attempts).toBe(1);
		expect(w.status).toBe('stopped');
	});
});

const packet = (...bytes: number[]) => new DataView(Uint8Array.from(bytes).buffer);

describe('damaged packets', () => {
	it('are counted and skipped; the packets around them still arrive', async () => {
		const link = new FakeLink();
		const chunks: number[] = [];
		const w = new Wearable(
			link,
			'hr-strap',
			{ chunk: (c) => chunks.push(c.n), change: () => {} },
			{ now: () => 10 }
		);
		await w.start();
		link.deliver(packet(0x10, 60, 0x00, 0x04)); // 60 bpm, one RR of 1024/1024 s
		link.deliver(packet(0x10)); // truncated: flags only
		link.deliver(packet(0x11, 60)); // 16-bit rate announced, one byte sent
		link.deliver(packet(0x10, 61, 0x00, 0x04));
		expect(w.skippedPackets).toBe(2);
		expect(w.lastSkipReason).toMatch(/short|truncated|bytes/i);
		expect(w.streamNotice).toBeNull();
		expect(chunks).toEqual([1, 1]);
		expect(w.readings.heartRate).toBe(61);
	});
});

describe('stream problems', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	/** A driver that the device refuses to start `refusals` times, then starts. */
	function refusing(refusals: number) {
		const driver: Driver & { starts: number } = {
			starts: 0,
			async start(ctx) {
				this.starts++;
				if (this.starts <= refusals)
					ctx.notice({ message: 'The belt did not start measuring.', canRetry: true, detail: 'status 1' });
			},
			async stop() {}
		};
		return driver;
	}

	it('a refused start is a notice with a way forward, not a damaged packet', async () => {
		const link = new FakeLink();
		const driver = refusing(1);
		const w = new Wearable(link, 'gdx-belt', { chunk: () => {}, change: () => {} }, { now: () => 0 }, driver);
		await w.start();
		expect(w.status).toBe('streaming');
		expect(w.streamNotice).toMatchObject({ canRetry: true, message: 'The belt did not start measuring.' });
		expect(w.skippedPackets).toBe(0);
		// "Try again": a fresh connection runs the setup again, and this time the belt starts.
		const restarted = w.restartStreams();
		expect(w.status).toBe('reconnecting');
		expect(w.notice).toBe('Starting the belt again…');
		await restarted;
		await vi.advanceTimersByTimeAsync(1000);
		expect(driver.starts).toBe(2);
		expect(w.status).toBe('streaming');
		expect(w.streamNotice).toBeNull();
		expect(w.drops).toBe(0); // restarting on purpose is not losing the belt
	});

	it('the Go Direct belt refusing to start measuring gives a retryable notice', async () => {
		const link = new FakeLink();
		let counter = 0;
		let refuse = true;
		let partial: number[] = [];
		link.onWrite = (characteristic, bytes) => {
			if (characteristic !== GDX_COMMAND) return;
			// Commands longer than 20 bytes come in several writes.
			partial.push(...bytes);
			if (partial.length < 2 || partial.length < partial[1]) return;
			const cmd = decodeGdxCommand(new DataView(Uint8Array.from(partial).buffer));
			partial = [];
			if (!cmd.ok) return;
			const { commandId, rollingCounter } = cmd.value;
			const status = commandId === GdxCommandId.START_MEASUREMENTS && refuse ? 1 : 0;
			const reply = encodeGdxReply({
				deviceCounter: counter++,
				commandId,
				commandCounter: rollingCounter,
				payload: [status]
			});
			queueMicrotask(() => link.deliver(new DataView(reply.buffer as ArrayBuffer), GDX_RESPONSE));
		};
		const w = new Wearable(link, 'gdx-belt', { chunk: () => {}, change: () => {} }, { now: () => 0 });
		const started = w.start();
		await vi.advanceTimersByTimeAsync(100);
		await started;
		expect(w.streamNotice).toMatchObject({ canRetry: true });
		expect(w.streamNotice?.message).toMatch(/did not start measuring/);
		expect(w.streamNotice?.detail).toMatch(/status 1/);
		expect(w.skippedPackets).toBe(0);
		refuse = false;
		void w.restartStreams();
		await vi.advanceTimersByTimeAsync(2000);
		expect(w.status).toBe('streaming');
		expect(w.streamNotice).toBeNull();
	});
});

describe('abandoned connection attempts', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('an attempt that finishes after its timeout never subscribes next to the new one', async () => {
		const link = new FakeLink();
		const beats: number[] = [];
		const w = new Wearable(
			link,
			'hr-strap',
			{ chunk: (c) => beats.push(c.n), change: () => {} },
			{ now: () => 0 }
		);
		await w.start();
		// The strap drops; the first reconnection hangs in connect() past the 8 s attempt timeout.
		let release!: () => void;
		link.gate = new Promise<void>((r) => (release = r));
		link.drop();
		link.reachable = true;
		await vi.advanceTimersByTimeAsync(500 + 8000);
		expect(w.reconnect?.lastError).toMatch(/timed out/);
		// The next attempt connects at once…
		link.gate = null;
		await vi.advanceTimersByTimeAsync(1000);
		expect(w.status).toBe('streaming');
		expect(link.handlers).toHaveLength(1);
		// …and only then does the abandoned one get its connection: it must stop there.
		release();
		await vi.advanceTimersByTimeAsync(1000);
		expect(link.handlers).toHaveLength(1);
		expect(link.connected).toBe(true); // and it did not close the new connection either
		link.deliver(packet(0x10, 60, 0x00, 0x04));
		expect(beats).toEqual([1]);
	});

	it('forgetting the strap during a hanging first connection leaves it closed', async () => {
		const link = new FakeLink();
		let release!: () => void;
		link.gate = new Promise<void>((r) => (release = r));
		const w = new Wearable(link, 'hr-strap', { chunk: () => {}, change: () => {} }, { now: () => 0 });
		const started = w.start().catch((e: Error) => e.name);
		await w.stop();
		release();
		expect(await started).toBe('AbortError');
		await vi.advanceTimersByTimeAsync(30_000);
		expect(link.connected).toBe(false);
		expect(link.handlers).toHaveLength(0);
	});
});
