import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../core/engine/analysis';
import type { Breath } from '../core/types';
import { formatDuration, formatPain, measuredSeconds, mergeSpans, summarizeSession } from './summary';

function breath(start: number, issues: Breath['issues'] = []): Breath {
	return {
		inhaleStart: start,
		inhaleEnd: start + 5,
		exhaleStart: start + 6,
		exhaleEnd: start + 9.5,
		inhale: 5,
		hold: 1,
		exhale: 3.5,
		pause: 0.5,
		depth: 1,
		ok: issues.length === 0,
		issues
	};
}

function analysis(over: Partial<AnalysisResult> = {}): AnalysisResult {
	const breaths = over.breaths ?? [];
	return {
		pattern: '5-1-4',
		source: 'resp',
		phaseCapable: true,
		breaths,
		apneas: [],
		gaps: [],
		summary: {
			breaths: breaths.length,
			ratePerMin: 6,
			adherence: breaths.length ? breaths.filter((b) => b.ok).length / breaths.length : null,
			heartRate: 62,
			rmssd: 41
		},
		stretch: { holds: [], rests: [] },
		...over
	};
}

/** A belt sampled at 20 Hz from `from` to `to` seconds. */
function belt(from: number, to: number) {
	const n = Math.round((to - from) * 20) + 1;
	const t = Float64Array.from({ length: n }, (_, i) => from + i / 20);
	return { t, value: new Float64Array(n) };
}

describe('mergeSpans', () => {
	it('merges overlaps, clips to the session and drops empty spans', () => {
		expect(
			mergeSpans(
				[
					{ start: 50, end: 70 },
					{ start: -5, end: 10 },
					{ start: 60, end: 80 },
					{ start: 95, end: 120 },
					{ start: 30, end: 30 }
				],
				100
			)
		).toEqual([
			{ start: 0, end: 10 },
			{ start: 50, end: 80 },
			{ start: 95, end: 100 }
		]);
	});
});

describe('measuredSeconds', () => {
	it('counts the time the main channel covered, less reported gaps and unreported holes', () => {
		// Samples 0–40 s and 60–100 s (a 20 s hole nobody reported), and a reported gap 10–15 s.
		const t1 = belt(0, 40);
		const t2 = belt(60, 100);
		const rec = {
			resp: {
				t: Float64Array.from([...t1.t, ...t2.t]),
				value: new Float64Array(t1.t.length + t2.t.length)
			}
		};
		expect(measuredSeconds(rec, 120, [{ start: 10, end: 15 }])).toBeCloseTo(75, 6);
	});

	it('is zero with no samples at all (a paced-only session)', () => {
		expect(measuredSeconds({}, 300, [])).toBe(0);
	});
});

describe('summarizeSession', () => {
	it('gives adherence, the commonest issue in words, pain change, gaps and measured share', () => {
		const breaths = [
			breath(0),
			breath(10, ['inhale-short']),
			breath(20, ['inhale-short', 'shallow']),
			breath(30),
			breath(40, ['pause-after-exhale'])
		];
		const s = summarizeSession({
			analysis: analysis({
				breaths,
				gaps: [
					{ start: 100, end: 130 },
					{ start: 120, end: 140 },
					{ start: 200, end: 210 }
				]
			}),
			recording: { resp: belt(0, 300) },
			durationS: 300,
			painBefore: 6,
			painAfter: 4
		});
		expect(s.adherence).toBeCloseTo(0.4);
		expect(s.commonestIssue).toEqual({ code: 'inhale-short', count: 2, words: 'breathing in too quickly' });
		expect(s.painChange).toBe(-2);
		expect(s.gaps).toEqual({ count: 2, totalS: 50 });
		expect(s.measuredS).toBeCloseTo(250, 6);
		expect(s.measuredFraction).toBeCloseTo(250 / 300, 6);
		expect(s.signal).toBe('fair');
		expect(s.heartRate).toBe(62);
		expect(s.rmssd).toBe(41);
	});

	it('counts completed holds and says "none" for a session with no signal', () => {
		const s = summarizeSession({
			analysis: analysis({
				stretch: {
					holds: [
						{ start: 0, end: 30, ok: true, issues: [] },
						{ start: 60, end: 70, ok: false, issues: ['hold-too-short'] }
					],
					rests: [{ start: 30, end: 60, ok: true }]
				}
			}),
			recording: {},
			durationS: 90
		});
		expect(s.holds).toEqual({ total: 2, ok: 1 });
		expect(s.signal).toBe('none');
		expect(s.measuredFraction).toBe(0);
		expect(s.painChange).toBeNull();
	});
});

describe('formatting', () => {
	it('says durations and pain the way people do', () => {
		expect(formatDuration(45)).toBe('45 s');
		expect(formatDuration(725)).toBe('12 min 5 s');
		expect(formatDuration(600)).toBe('10 min');
		expect(formatDuration(3725)).toBe('1 h 02 min');
		expect(formatPain(6, 4)).toBe('6 → 4 (−2)');
		expect(formatPain(3, 5)).toBe('3 → 5 (+2)');
		expect(formatPain(null, 4)).toBe('? → 4');
		expect(formatPain(null, null)).toBe('not recorded');
	});
});
