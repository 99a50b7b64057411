import { describe, expect, it } from 'vitest';
import { DeviceClock, PeriodicClock, RrBeatClock } from './timing';

describe('RrBeatClock', () => {
	it('anchors the newest beat of the first packet at arrival and sums raw RR after that', () => {
		const c = new RrBeatClock();
		const a = c.place([1024, 512], 10);
		expect(Array.from(a)).toEqual([9.5, 10]);
		// Next packet arrives a bit late; beats follow from the summed intervals, not arrival.
		const b = c.place([1000], 11.2);
		expect(b[0]).toBeCloseTo(10 + 1000 / 1024, 12);
	});

	it('accumulates no rounding error over many beats', () => {
		const c = new RrBeatClock();
		let last = 0;
		c.place([827], 0);
		for (let i = 0; i < 3600; i++) last = c.place([827], (i + 1) * (827 / 1024) + 0.01)[0];
		expect(last).toBe((3600 * 827) / 1024);
	});

	it('re-anchors after lost notifications, leaving the span empty', () => {
		const c = new RrBeatClock();
		c.place([1024], 1);
		c.place([1024], 2);
		// 10 s without packets (out of reach); the next beat is placed at its arrival, not at 3 s.
		const after = c.place([1024], 12);
		expect(after[0]).toBe(12);
	});

	it('re-anchors when the summed clock runs ahead of arrival', () => {
		const c = new RrBeatClock();
		c.place([1024], 5);
		expect(c.place([2048], 6)[0]).toBe(6);
	});

	it('starts afresh after reset()', () => {
		const c = new RrBeatClock();
		c.place([1024], 5);
		c.reset();
		expect(c.place([1024], 6.3)[0]).toBe(6.3);
	});
});

describe('DeviceClock', () => {
	it('maps device ns onto session seconds and keeps the smallest latency', () => {
		const c = new DeviceClock();
		c.observe(1_000_000_000n, 5.1);
		expect(Array.from(c.map([500_000_000n, 1_000_000_000n]))).toEqual([4.6, 5.1]);
		c.observe(2_000_000_000n, 6.05); // arrived faster: offset moves 0.05 s earlier
		const t = c.map([2_000_000_000n]);
		expect(t[0]).toBeCloseTo(6.05, 9);
	});

	it('keeps a gap in device time as a gap in session time', () => {
		const c = new DeviceClock();
		c.observe(1_000_000_000n, 1);
		c.map([1_000_000_000n]);
		c.observe(9_000_000_000n, 9.02);
		expect(c.map([9_000_000_000n])[0]).toBeCloseTo(9, 9);
	});
});

describe('PeriodicClock', () => {
	it('spaces samples at the period from the first arrival', () => {
		const c = new PeriodicClock(0.1);
		expect(Array.from(c.place(2, 1)).map((x) => +x.toFixed(3))).toEqual([0.9, 1]);
		expect(Array.from(c.place(2, 1.22)).map((x) => +x.toFixed(3))).toEqual([1.1, 1.2]);
	});

	it('re-anchors after a drop-out instead of squeezing time', () => {
		const c = new PeriodicClock(0.1);
		c.place(1, 1);
		const t = c.place(1, 5);
		expect(t[0]).toBe(5);
	});
});
