import { describe, expect, it } from 'vitest';
import { simulateChest } from '../simulate/chest';
import { AccInput } from './acc-input';

interface Seen {
	configures: { inputRate: number; factor: number; blockRate: number; at: number }[];
	blocks: { t: number; x: number; dt: number; last: number }[];
	gaps: { start: number; end: number }[];
}

/** Feeds samples in chunks of `chunk` and records what the sink is told. */
function feed(t: Float64Array, x: Float64Array, chunk = 37): Seen {
	const seen: Seen = { configures: [], blocks: [], gaps: [] };
	const input = new AccInput({
		configure: (inputRate, factor, blockRate) =>
			seen.configures.push({ inputRate, factor, blockRate, at: seen.blocks.length }),
		block: (b) => seen.blocks.push({ t: b.t, x: b.x, dt: b.dt, last: b.last }),
		gap: (start, end) => seen.gaps.push({ start, end })
	});
	for (let i = 0; i < t.length; i += chunk) {
		const n = Math.min(chunk, t.length - i);
		input.push({
			kind: 'acc',
			n,
			t: t.subarray(i, i + n),
			x: x.subarray(i, i + n),
			y: x.subarray(i, i + n),
			z: x.subarray(i, i + n)
		});
	}
	return seen;
}

/** `n` samples at `rate` Hz from `start`, the value being the sample's index. */
function regular(rate: number, n: number, start = 0): { t: Float64Array; x: Float64Array } {
	return {
		t: Float64Array.from({ length: n }, (_, i) => start + i / rate),
		x: Float64Array.from({ length: n }, (_, i) => i)
	};
}

describe('AccInput (the chest accelerometer front end)', () => {
	it('estimates the rate from jittered timestamps with drops and picks an integer decimation factor', () => {
		for (const [rate, factor] of [
			[25, 1],
			[50, 2],
			[100, 4],
			[200, 9],
			[130, 6]
		]) {
			const sim = simulateChest({ rate, duration: 20, jitter: 0.3, dropRate: 0.05, seed: rate });
			const seen = feed(sim.t, sim.x);
			expect(seen.configures.length, `${rate} Hz`).toBe(1);
			expect(seen.configures[0].factor, `${rate} Hz`).toBe(factor);
		}
	});

	it('averages blocks of `factor` samples, timed at their centre, and keeps the first second', () => {
		const { t, x } = regular(100, 1000);
		const seen = feed(t, x);
		expect(seen.configures[0]).toMatchObject({ factor: 4, blockRate: expect.closeTo(25, 6) });
		// Nothing of the first second (the rate probe) is lost: every sample is in a block.
		expect(seen.blocks.length).toBe(250);
		expect(seen.blocks[0]).toMatchObject({ x: 1.5, t: expect.closeTo(0.015, 9), dt: 0, last: 0.03 });
		expect(seen.blocks[1].t - seen.blocks[0].t).toBeCloseTo(0.04, 9);
		expect(seen.blocks[1].dt).toBeCloseTo(0.04, 9);
		// Chunking does not change the blocks.
		expect(feed(t, x, 1).blocks).toEqual(seen.blocks);
	});

	it('drops samples that do not move forward in time', () => {
		const { t, x } = regular(50, 500);
		const bad = Float64Array.from(t);
		bad[100] = bad[99]; // repeated
		bad[200] = bad[150]; // back in time
		bad[300] = NaN;
		const seen = feed(bad, x);
		expect(seen.blocks.length).toBe(Math.floor((500 - 3) / 2));
		for (let i = 1; i < seen.blocks.length; i++)
			expect(seen.blocks[i].t).toBeGreaterThan(seen.blocks[i - 1].t);
	});

	it('reports a step over 1 s as a gap, and starts a new segment after it', () => {
		const a = regular(50, 300);
		const b = regular(50, 300, 10);
		const t = Float64Array.from([...a.t, ...b.t]);
		const x = Float64Array.from([...a.x, ...b.x]);
		const seen = feed(t, x);
		expect(seen.gaps).toEqual([{ start: a.t[299], end: 10 }]);
		const after = seen.blocks.findIndex((b) => b.t > 10);
		expect(seen.blocks[after].dt).toBe(0);
		expect(seen.blocks[after].x).toBe(0.5); // a fresh block: samples 0 and 1 after the gap
	});

	it('re-tunes when the rate it sees moves away from the one it learnt', () => {
		// 200 Hz for 10 s, then every other sample lost (100 Hz) for a minute.
		const fast = regular(200, 2000);
		const slow = regular(100, 6000, 10);
		const seen = feed(Float64Array.from([...fast.t, ...slow.t]), Float64Array.from([...fast.x, ...slow.x]));
		// It follows the drifting average of block times, so it may take a few steps to get there
		// (200 Hz reads as a hair under, hence 9 first), each step to a lower factor.
		const factors = seen.configures.map((c) => c.factor);
		expect(factors[0]).toBe(9);
		expect(factors[factors.length - 1]).toBe(5);
		for (let i = 1; i < factors.length; i++) expect(factors[i]).toBeLessThan(factors[i - 1]);
		const last = seen.configures[seen.configures.length - 1];
		expect(last.inputRate).toBeGreaterThan(100 * 0.87);
		expect(last.inputRate).toBeLessThan(100 * 1.15);
		// No re-tune before the rate changed; the first block after each starts a new segment.
		expect(seen.blocks[seen.configures[1].at - 1].t).toBeGreaterThan(10);
		for (const c of seen.configures.slice(1)) expect(seen.blocks[c.at].dt).toBe(0);
	});
});
