import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Driver } from './drivers/driver';
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
	async connect(): Promise<void> {
		this.attempts++;
		if (!this.reachable)
			throw Object.assign(new Error('Connection attempt failed.'), { name: 'NetworkError' });
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
	async write(): Promise<void> {}
	/** The last value listener, so a test can deliver notifications. */
	deliver: ((value: DataView) => void) | null = null;
	async subscribe(
		_service: string,
		_characteristic: string,
		listener: (value: DataView) => void
	): Promise<void> {
		this.deliver = listener;
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

describe('damaged packets', () => {
	it('are counted and skipped; the packets around them still arrive', async () => {
		const link = new FakeLink();
		const deliver = (v: DataView) => link.deliver!(v);
		const chunks: number[] = [];
		const warnings: string[] = [];
		const w = new Wearable(
			link,
			'hr-strap',
			{ chunk: (c) => chunks.push(c.n), change: () => {}, warn: (m) => warnings.push(m) },
			{ now: () => 10 }
		);
		await w.start();
		const packet = (...bytes: number[]) => new DataView(Uint8Array.from(bytes).buffer);
		deliver(packet(0x10, 60, 0x00, 0x04)); // 60 bpm, one RR of 1024/1024 s
		deliver(packet(0x10)); // truncated: flags only
		deliver(packet(0x11, 60)); // 16-bit rate announced, one byte sent
		deliver(packet(0x10, 61, 0x00, 0x04));
		expect(w.skippedPackets).toBe(2);
		expect(warnings).toHaveLength(2);
		expect(w.lastSkipReason).toMatch(/short|truncated|bytes/i);
		expect(chunks).toEqual([1, 1]);
		expect(w.readings.heartRate).toBe(61);
	});
});
