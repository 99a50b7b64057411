import { describe, expect, it } from 'vitest';
import { breathingTrace, chestBreathing, splitRuns } from './breathing-trace';
import { breathRates, heartSeries } from './heart-series';
import { Viewport } from './viewport';

describe('splitRuns', () => {
	it('breaks the line at holes in the samples and at reported gaps', () => {
		const t = [0, 0.5, 1, 5, 5.5, 6, 6.5, 7, 7.5, 8];
		const v = t.map((x) => x * 2);
		const runs = splitRuns(t, v, [{ start: 6.2, end: 7.2 }]);
		expect(runs.map((r) => [...r.t])).toEqual([
			[0, 0.5, 1],
			[5, 5.5, 6],
			[7.5, 8]
		]);
	});
	it('skips NaN samples rather than drawing them', () => {
		expect(splitRuns([0, 0.1, 0.2], [1, NaN, 3])).toEqual([
			{ t: Float64Array.of(0, 0.2), v: Float64Array.of(1, 3) }
		]);
	});
});

describe('chestBreathing', () => {
	it('averages 200 Hz to 20 Hz and picks the axis that breathes', () => {
		const n = 200 * 60;
		const t = Float64Array.from({ length: n }, (_, i) => i / 200);
		const breathing = (i: number) => 20 * Math.sin((2 * Math.PI * t[i]) / 10);
		const acc = {
			t,
			x: Float64Array.from({ length: n }, () => 5),
			y: Float64Array.from({ length: n }, (_, i) => -1000 + breathing(i)),
			z: Float64Array.from({ length: n }, (_, i) => 30 + 0.01 * breathing(i))
		};
		const c = chestBreathing(acc);
		expect(c.t.length).toBe(n / 10);
		// The y axis swing (±20 mg) survives; gravity (−1000 mg) is removed.
		const mid = c.v.subarray(200, 1000);
		expect(Math.max(...mid)).toBeGreaterThan(15);
		expect(Math.min(...mid)).toBeLessThan(-15);
		expect(breathingTrace({ acc }).source).toBe('chest');
	});
});

describe('heartSeries', () => {
	it('gives heart rate and RMSSD per window, leaving out an artefact beat', () => {
		// 60 s of beats alternating 1000/1040 ms (RMSSD 40 ms) with one missed beat (2040 ms).
		const rrMs: number[] = [];
		const t: number[] = [];
		let now = 0;
		for (let i = 0; i < 60; i++) {
			const v = i === 30 ? 2040 : i % 2 ? 1040 : 1000;
			now += v / 1000;
			rrMs.push(v);
			t.push(now);
		}
		const s = heartSeries({ rr: { t: Float64Array.from(t), rrMs: Float64Array.from(rrMs) } }, 30);
		expect(s.heartRate.length).toBeGreaterThanOrEqual(2);
		for (const p of s.heartRate.filter((p) => Number.isFinite(p.y))) expect(p.y).toBeCloseTo(58.8, 0);
		for (const p of s.rmssd.filter((p) => Number.isFinite(p.y))) expect(p.y).toBeCloseTo(40, 6);
	});
	it('leaves a hole (NaN) for a window with no clean beats', () => {
		const t = Float64Array.from([1, 2, 3, 100, 101, 102, 103, 104, 105]);
		const s = heartSeries({ rr: { t, rrMs: new Float64Array(9).fill(1000) } }, 30);
		expect(s.heartRate.some((p) => Number.isNaN(p.y))).toBe(true);
	});
});

describe('breathRates', () => {
	it('is 60 / cycle length per breath', () => {
		const b = {
			inhaleStart: 10,
			inhaleEnd: 15,
			exhaleStart: 16,
			exhaleEnd: 19.5,
			inhale: 5,
			hold: 1,
			exhale: 3.5,
			pause: 0.5,
			depth: 1,
			ok: true,
			issues: []
		};
		expect(breathRates([b])).toEqual([{ x: 10, y: 6 }]);
	});
});

describe('Viewport', () => {
	it('zooms around a point, keeps the point still, and never goes narrower than its minimum', () => {
		const v = new Viewport(0, 3600, 20);
		v.zoom(0.5, 900);
		expect(v.start).toBeCloseTo(450);
		expect(v.end).toBeCloseTo(2250);
		v.zoom(0.0001, 900);
		expect(v.width).toBeCloseTo(20);
		expect(v.zoomed).toBe(true);
	});
	it('pans within the session and stops at its ends', () => {
		const v = new Viewport(0, 3600, 20);
		v.set(0, 600);
		v.pan(0.5);
		expect([v.start, v.end]).toEqual([300, 900]);
		v.panBy(-10_000);
		expect([v.start, v.end]).toEqual([0, 600]);
		v.panBy(10_000);
		expect([v.start, v.end]).toEqual([3000, 3600]);
		v.zoom(100);
		expect([v.start, v.end]).toEqual([0, 3600]);
		expect(v.zoomed).toBe(false);
	});
});
