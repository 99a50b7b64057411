import { describe, expect, it } from 'vitest';
import { regularBeats, synthEcg as synthLead } from '../simulate/ecg';
import { RPeakDetector } from './rpeaks';

describe('RPeakDetector behaviour', () => {
	/** A regular heart (one beat every `rr` s) through the one ECG synthesiser, with baseline wander. */
	function synthEcg(fs: number, seconds: number, rr: number, t0 = 0) {
		const { t, value } = synthLead(regularBeats(rr, t0 + seconds, t0 + rr / 2), seconds, fs, {
			t0,
			noiseUv: 0,
			baseline: (s) => 50 * Math.sin(2 * Math.PI * 0.3 * s)
		});
		return { t, v: value, n: t.length };
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
