import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccChunk, SampleChunk } from '$lib/core/types';
import type { MotionReading } from '$lib/core/protocols/motion';
import { PhoneMotionSim, type PhoneSimOptions } from '$lib/core/simulate/phone';
import { WearableError } from './errors';
import { PhoneWearable, type MotionPermission, type MotionSource, type PageLifecycle } from './phone';

/** A motion source the test drives: readings are sent by `feed`, on fake time. */
class FakeSource implements MotionSource {
	permission: MotionPermission | 'throws' = 'granted';
	asked = 0;
	listener: ((r: MotionReading) => void) | null = null;
	async requestPermission(): Promise<MotionPermission> {
		this.asked++;
		if (this.permission === 'throws') throw new DOMException('Requires a user gesture.', 'NotAllowedError');
		return this.permission;
	}
	listen(fn: (r: MotionReading) => void): () => void {
		this.listener = fn;
		return () => (this.listener = null);
	}
}

class FakePage implements PageLifecycle {
	isVisible = true;
	locks = 0;
	released = 0;
	private fns = new Set<() => void>();
	visible(): boolean {
		return this.isVisible;
	}
	onVisibilityChange(fn: () => void): () => void {
		this.fns.add(fn);
		return () => this.fns.delete(fn);
	}
	async keepAwake(): Promise<() => void> {
		this.locks++;
		return () => this.released++;
	}
	set(visible: boolean): void {
		this.isVisible = visible;
		for (const fn of this.fns) fn();
	}
}

const now = () => Date.now() / 1000;

function setup(options: PhoneSimOptions = { seed: 2 }) {
	const source = new FakeSource();
	const page = new FakePage();
	const chunks: SampleChunk[] = [];
	const phone = new PhoneWearable(
		'p',
		'This phone',
		source,
		page,
		{ chunk: (c) => chunks.push(c), change: () => {} },
		{ now }
	);
	const sim = new PhoneMotionSim(options);
	const t0 = now();
	/** Advance fake time by `seconds`, delivering the simulated readings as events would come. */
	let pending = sim.next();
	const feed = async (seconds: number, deliver = true) => {
		const end = now() + seconds;
		while (now() < end) {
			await vi.advanceTimersByTimeAsync(10);
			while (t0 + pending.t <= now()) {
				if (deliver && source.listener) source.listener({ ...pending, t: t0 + pending.t });
				pending = sim.next();
			}
		}
	};
	return { source, page, phone, chunks, feed };
}

function accTimes(chunks: SampleChunk[]): number[] {
	return chunks
		.filter((c): c is AccChunk => c.kind === 'acc')
		.flatMap((c) => Array.from(c.t.subarray(0, c.n)));
}

describe('PhoneWearable', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('asks for motion access, then measures with the screen kept awake', async () => {
		const { source, page, phone, chunks, feed } = setup();
		const starting = phone.start();
		await feed(0.5);
		await starting;
		expect(source.asked).toBe(1);
		expect(phone.status).toBe('streaming');
		expect(page.locks).toBe(1);
		await feed(3);
		const t = accTimes(chunks);
		expect(t.length).toBeGreaterThan(150);
		// Sent in about quarter-second chunks, never held back longer than the 250 ms tick.
		expect(chunks.length).toBeGreaterThan(10);
		await phone.stop();
		expect(phone.status).toBe('stopped');
		expect(page.released).toBe(1);
		expect(source.listener).toBeNull();
	});

	it('refused motion access is a plain "motion-denied", and nothing listens', async () => {
		for (const permission of ['denied', 'throws'] as const) {
			const { source, phone } = setup();
			source.permission = permission;
			const error = await phone.start().catch((e: unknown) => e);
			expect(error).toBeInstanceOf(WearableError);
			expect((error as WearableError).code).toBe('motion-denied');
			expect(phone.status).toBe('stopped');
			expect(source.listener).toBeNull();
		}
	});

	it('no reading with acceleration (a computer) is "no-motion-sensor"', async () => {
		const { source, page, phone } = setup();
		const starting = phone.start().catch((e: unknown) => e);
		await vi.advanceTimersByTimeAsync(100);
		// Chromium on a computer sends one event of nulls.
		source.listener?.({ t: now(), ax: NaN, ay: NaN, az: NaN, rx: NaN, ry: NaN, rz: NaN });
		await vi.advanceTimersByTimeAsync(3000);
		const error = (await starting) as WearableError;
		expect(error.code).toBe('no-motion-sensor');
		expect(source.listener).toBeNull();
		expect(page.locks).toBe(0);
	});

	it('a hidden page pauses the events: the gap stays, measuring resumes and the wake lock is taken again', async () => {
		const { page, phone, chunks, feed } = setup();
		const starting = phone.start();
		await feed(0.5);
		await starting;
		await feed(5);
		expect(phone.connects).toBe(1);
		page.set(false);
		await feed(8, false); // hidden: no events at all
		expect(phone.status).toBe('streaming'); // nothing to say while nobody can see it
		page.set(true);
		expect(page.locks).toBe(2);
		await feed(3);
		expect(phone.connects).toBe(2); // the stream started again: the gap is "away"
		const t = accTimes(chunks);
		const jumps = t.slice(1).map((s, i) => s - t[i]);
		const longest = Math.max(...jumps);
		expect(longest).toBeGreaterThan(7.9);
		expect(longest).toBeLessThan(8.2);
		expect(jumps.filter((j) => j > 0.5)).toHaveLength(1);
		await phone.stop();
	});

	it('events that stop while the page is visible: a calm notice, gone when they come back', async () => {
		const { phone, feed } = setup();
		const starting = phone.start();
		await feed(0.5);
		await starting;
		await feed(2);
		await feed(3, false);
		expect(phone.status).toBe('reconnecting');
		expect(phone.notice).toMatch(/^No motion readings are coming in\. Keep Tidal open with the screen on/);
		await feed(1);
		expect(phone.status).toBe('streaming');
		expect(phone.notice).toBeNull();
		expect(phone.connects).toBe(1); // not hidden: a pause, not "away"
		await phone.stop();
	});

	it('a phone standing up says how to place it, and stops saying so once it lies flat', async () => {
		const { phone, feed } = setup({ restDeg: 70, seed: 2 });
		const starting = phone.start();
		await feed(0.5);
		await starting;
		await feed(3);
		expect(phone.streamNotice?.message).toMatch(
			/Lie back and rest it flat on your chest or belly, screen up\.$/
		);
		expect(phone.streamNotice?.canRetry).toBe(false);
		await phone.stop();
	});
});
