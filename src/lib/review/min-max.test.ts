import { describe, expect, it } from 'vitest';
import { MinMaxLevels } from './min-max';

/** An hour at 20 Hz of 6/min breathing, with one sharp peak at 1800.05 s. */
function hour() {
	const n = 3600 * 20;
	const t = Float64Array.from({ length: n }, (_, i) => i / 20);
	const v = t.map((x) => Math.sin((2 * Math.PI * x) / 10));
	v[36001] = 5;
	return { t, v };
}

describe('min-max decimation', () => {
	it('gives at most two points per pixel column however long the window', () => {
		const { t, v } = hour();
		const levels = new MinMaxLevels(t, v);
		for (const [start, end] of [
			[0, 3600],
			[900, 1800],
			[100, 160]
		]) {
			const pts = levels.window(start, end, 800);
			expect(pts.length).toBeLessThanOrEqual(2 * 800 + 4);
			// Covers the window, in time order.
			expect(pts[0].x).toBeLessThanOrEqual(start + 0.1);
			expect(pts[pts.length - 1].x).toBeGreaterThanOrEqual(end - 5);
			expect(pts.every((p, i) => i === 0 || p.x >= pts[i - 1].x)).toBe(true);
		}
	});

	it('keeps every breath’s top and bottom and a one-sample peak, at any zoom', () => {
		const { t, v } = hour();
		const levels = new MinMaxLevels(t, v);
		const whole = levels.window(0, 3600, 600);
		expect(Math.max(...whole.map((p) => p.y))).toBe(5);
		// In each 10 s breath of a 15-minute window, the trace still reaches ±1.
		const part = levels.window(600, 1500, 500);
		for (let b = 600; b < 1500; b += 10) {
			const ys = part.filter((p) => p.x >= b && p.x < b + 10).map((p) => p.y);
			expect(Math.max(...ys)).toBeGreaterThan(0.99);
			expect(Math.min(...ys)).toBeLessThan(-0.99);
		}
	});

	it('gives every sample when there are fewer than the columns, and nothing outside the trace', () => {
		const t = Float64Array.of(0, 1, 2, 3, 4);
		const v = Float64Array.of(0, 1, 0, -1, 0);
		const levels = new MinMaxLevels(t, v);
		expect(levels.window(1.5, 2.5, 100)).toEqual([
			{ x: 1, y: 1 },
			{ x: 2, y: 0 },
			{ x: 3, y: -1 }
		]);
		expect(levels.window(10, 20, 100)).toEqual([]);
		expect(new MinMaxLevels(new Float64Array(0), new Float64Array(0)).window(0, 1, 10)).toEqual([]);
	});

	it('makes its levels once, each a quarter of the one below', () => {
		const { t, v } = hour();
		// 72,000 samples: 18,000, 4,500, … down to 4 or fewer buckets.
		expect(new MinMaxLevels(t, v).depth).toBe(1 + Math.ceil(Math.log(72_000 / 4) / Math.log(4)));
	});
});
