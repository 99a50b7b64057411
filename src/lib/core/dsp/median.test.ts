import { describe, expect, it } from 'vitest';
import { median, medianInterval, RecentValues } from './median';

describe('median helpers', () => {
	it('median of odd and even lists, NaN when empty, input untouched', () => {
		const v = [5, 1, 3];
		expect(median(v)).toBe(3);
		expect(v).toEqual([5, 1, 3]);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNaN();
	});
	it('sample period from timestamps with a dropped, a repeated and a backward sample', () => {
		const t = [0, 0.01, 0.02, 0.04, 0.04, 0.05, 0.03, 0.06, 0.07];
		expect(medianInterval(t)).toBeCloseTo(0.01, 12);
		expect(medianInterval([1, 1, 1])).toBeNaN();
		expect(medianInterval(Float64Array.from([0, 0.5, 1, 9]), 3)).toBe(0.5);
	});
	it('RecentValues keeps the last values and agrees with median()', () => {
		const r = new RecentValues(3);
		for (const v of [10, 1, 7, 3]) r.push(v);
		expect(r.length).toBe(3);
		expect(r.median()).toBe(median([1, 7, 3]));
	});
});
