import { describe, expect, it } from 'vitest';
import { seededRandom } from '$lib/core/simulate/random';
import { DeviceClock, PeriodicClock, RrBeatClock } from './timing';

/** Placed times against the true times: order, spacing and error. */
function judge(placed: number[], truth: number[]) {
	let increasing = true;
	let minRatio = Infinity;
	let maxRatio = -Infinity;
	let maxError = 0;
	for (let i = 0; i < placed.length; i++) {
		maxError = Math.max(maxError, Math.abs(placed[i] - truth[i]));
		if (i === 0) continue;
		if (!(placed[i] > placed[i - 1])) increasing = false;
		const ratio = (placed[i] - placed[i - 1]) / (truth[i] - truth[i - 1]);
		minRatio = Math.min(minRatio, ratio);
		maxRatio = Math.max(maxRatio, ratio);
	}
	return { increasing, minRatio, maxRatio, maxError };
}

/** Strictly increasing, every step within 10 % of the true spacing, error under `maxError`. */
function expectInStep(j: ReturnType<typeof judge>, maxError: number): void {
	expect(j.increasing).toBe(true);
	expect(j.minRatio).toBeGreaterThan(0.9);
	expect(j.maxRatio).toBeLessThan(1.1);
	expect(j.maxError).toBeLessThan(maxError);
}

const TEN_MINUTES = 600;
const SKEWS = [
	['1 % fast', 0.01],
	['1 % slow', -0.01]
] as const;

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
		c.place([827], 827 / 1024 + 0.01);
		for (let i = 2; i <= 3600; i++) last = c.place([827], (i * 827) / 1024 + 0.01)[0];
		expect(last).toBeCloseTo((3600 * 827) / 1024 + 0.01, 9);
	});

	it('re-anchors forward after lost notifications, leaving the span empty', () => {
		const c = new RrBeatClock();
		c.place([1024], 1);
		c.place([1024], 2);
		// 10 s without packets (out of reach); the next beat is placed at its arrival, not at 3 s.
		const after = c.place([1024], 12);
		expect(after[0]).toBe(12);
	});

	it('when the summed clock runs ahead of arrival, eases back without going backwards', () => {
		const c = new RrBeatClock();
		c.place([1024], 5);
		const t = c.place([2048], 6)[0];
		expect(t).toBeGreaterThan(5);
		// Later beats close in on arrival again.
		let last = t;
		for (let k = 1; k <= 60; k++) {
			const next = c.place([1024], 6 + k)[0];
			expect(next).toBeGreaterThan(last);
			last = next;
		}
		expect(Math.abs(last - 66)).toBeLessThan(0.02);
	});

	it('after a quick reconnect, the first beats still come after the last one placed', () => {
		const c = new RrBeatClock();
		c.place([1024], 5);
		c.place([1024, 1024], 7);
		c.reset();
		// Back 0.3 s later with two beats whose first would fall before 7 s if anchored at arrival.
		const t = Array.from(c.place([1024, 1024], 7.3));
		expect(t[0]).toBeGreaterThan(7);
		expect(t[1]).toBeGreaterThan(t[0]);
	});

	for (const [label, skew] of SKEWS) {
		it(`strap clock ${label} for 10 minutes: strictly increasing, no squeeze, error bounded`, () => {
			const rand = seededRandom(3);
			// True beats with a little variability; the strap measures them on its own crystal.
			const truth: number[] = [];
			for (let t = 0.8; t < TEN_MINUTES; t += 0.75 + 0.3 * rand()) truth.push(t);
			const c = new RrBeatClock();
			const placed: number[] = [];
			const used: number[] = [];
			let prevTrue = 0;
			let i = 0;
			// One notification a second with the beats since the last one, 20–120 ms in the air.
			for (let send = 1; send <= TEN_MINUTES; send += 1) {
				const raw: number[] = [];
				while (i < truth.length && truth[i] <= send) {
					raw.push(Math.round((truth[i] - prevTrue) * (1 + skew) * 1024));
					prevTrue = truth[i];
					used.push(truth[i]);
					i++;
				}
				if (raw.length) placed.push(...c.place(raw, send + 0.02 + 0.1 * rand()));
			}
			const j = judge(placed, used);
			expect(j.increasing).toBe(true);
			expect(j.minRatio).toBeGreaterThan(0.9);
			expect(j.maxRatio).toBeLessThan(1.1);
			// The first packet can only say "before arrival"; after that the clock stays in line.
			expect(j.maxError).toBeLessThan(1.2);
			const late = judge(placed.slice(-200), used.slice(-200));
			expect(late.maxError).toBeLessThan(0.4);
		});
	}
});

describe('DeviceClock', () => {
	it('maps device ns onto session seconds, newest sample of the first frame at arrival', () => {
		const c = new DeviceClock();
		expect(Array.from(c.place([500_000_000n, 1_000_000_000n], 5.1))).toEqual([4.6, 5.1]);
	});

	it('moves towards a faster delivery gradually, never packing samples together', () => {
		const c = new DeviceClock();
		c.place([980_000_000n, 1_000_000_000n], 5.3); // a slow first delivery: 0.3 s late
		const out: number[] = [];
		for (let f = 1; f <= 100; f++) {
			const ns = Array.from({ length: 5 }, (_, i) => BigInt(1e9 + f * 1e8 - (4 - i) * 2e7));
			out.push(...c.place(ns, 5 + f * 0.1)); // now on time
		}
		for (let i = 1; i < out.length; i++) {
			const step = out[i] - out[i - 1];
			expect(step).toBeGreaterThan(0.02 * 0.9);
			expect(step).toBeLessThan(0.02 * 1.1);
		}
		expect(out.at(-1)).toBeCloseTo(15, 2);
	});

	it('keeps a gap in device time as a gap in session time', () => {
		const c = new DeviceClock();
		c.place([1_000_000_000n], 1);
		expect(c.place([9_000_000_000n], 9.02)[0]).toBeCloseTo(9, 9);
	});

	it('re-anchors forward when the sensor clock jumps back (restarted)', () => {
		const c = new DeviceClock();
		c.place([100_000_000_000n], 10);
		const t = c.place([5_000_000_000n], 11)[0];
		expect(t).toBe(11);
	});

	for (const [label, skew] of SKEWS) {
		it(`sensor clock ${label} for 10 minutes: strictly increasing, no squeeze, error bounded`, () => {
			const rand = seededRandom(5);
			const c = new DeviceClock();
			const placed: number[] = [];
			const truth: number[] = [];
			const rate = 50;
			const perFrame = 36;
			const base = 820_454_400_000_000_000n;
			for (let k = 0; (k + perFrame) / rate < TEN_MINUTES; k += perFrame) {
				const times = Array.from({ length: perFrame }, (_, i) => (k + i + 1) / rate);
				const ns = times.map((t) => base + BigInt(Math.round(t * (1 + skew) * 1e9)));
				placed.push(...c.place(ns, times[perFrame - 1] + 0.02 + 0.08 * rand()));
				truth.push(...times);
			}
			expectInStep(judge(placed, truth), 0.25);
		});
	}
});

describe('PeriodicClock', () => {
	it('spaces samples at the period from the first arrival', () => {
		const c = new PeriodicClock(0.1);
		expect(Array.from(c.place(2, 1)).map((x) => +x.toFixed(3))).toEqual([0.9, 1]);
		expect(Array.from(c.place(2, 1.22)).map((x) => +x.toFixed(3))).toEqual([1.1, 1.2]);
	});

	it('re-anchors forward after a drop-out instead of squeezing time', () => {
		const c = new PeriodicClock(0.1);
		c.place(1, 1);
		const t = c.place(1, 5);
		expect(t[0]).toBe(5);
	});

	it('after a reconnect, continues after the last sample even if the belt is back at once', () => {
		const c = new PeriodicClock(0.1);
		c.place(5, 2);
		c.reset();
		const t = Array.from(c.place(5, 2.1));
		expect(t[0]).toBeGreaterThan(2);
		for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBeGreaterThan(0.05);
	});

	for (const [label, skew] of SKEWS) {
		it(`belt clock ${label} for 10 minutes: strictly increasing, no squeeze, error bounded`, () => {
			const rand = seededRandom(9);
			const c = new PeriodicClock(0.1);
			const placed: number[] = [];
			const truth: number[] = [];
			const period = 0.1 / (1 + skew); // a fast crystal takes samples a little sooner
			for (let k = 0; (k + 2) * period < TEN_MINUTES; k += 2) {
				const times = [(k + 1) * period, (k + 2) * period];
				placed.push(...c.place(2, times[1] + 0.02 + 0.08 * rand()));
				truth.push(...times);
			}
			expectInStep(judge(placed, truth), 0.25);
		});
	}
});
