import { describe, expect, it } from 'vitest';
import { RPeakDetector } from './rpeaks';

describe('RPeakDetector behaviour', () => {
	function synthEcg(fs: number, seconds: number, rr: number, t0 = 0) {
		const n = Math.round(seconds * fs);
		const t = new Float64Array(n);
		const v = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			t[i] = t0 + i / fs;
			const ph = ((i / fs) % rr) - rr / 2;
			v[i] = 1000 * Math.exp(-(ph * ph) / (2 * 0.012 * 0.012)) + 50 * Math.sin(2 * Math.PI * 0.3 * (i / fs));
		}
		return { t, v, n };
	}

	it('recovers the RR of a synthetic ECG at 130 Hz with sub-sample precision', () => {
		const rr: number[] = [];
		const det = new RPeakDetector((_t, r) => rr.push(r));
		const { t, v, n } = synthEcg(130, 30, 0.8);
		det.push(t, v, n);
		expect(rr.length).toBeGreaterThan(30);
		for (const r of rr) expect(Math.abs(r - 800)).toBeLessThan(3);
	});

	it('resets on a timestamp gap over 1 s and reports no RR across the gap', () => {
		const rr: number[] = [];
		const det = new RPeakDetector((_t, r) => rr.push(r), 130);
		const a = synthEcg(130, 20, 0.8);
		det.push(a.t, a.v, a.n);
		const before = rr.length;
		const b = synthEcg(130, 20, 0.8, 25.3);
		det.push(b.t, b.v, b.n);
		expect(rr.length).toBeGreaterThan(before + 15);
		for (const r of rr) expect(Math.abs(r - 800)).toBeLessThan(3);
	});
});
