import { describe, expect, it } from 'vitest';
import { dayKey, slopePerDay, trendPoints, weekKey, type TrendSession } from './trends';

/** Local noon on a calendar day plus some hours, so no time zone moves it to another day. */
const at = (y: number, m: number, d: number, hour = 12) => new Date(y, m - 1, d, hour).getTime();

function session(startedAt: number, over: Partial<TrendSession['summary']> = {}): TrendSession {
	return {
		startedAt,
		summary: {
			adherence: 0.5,
			ratePerMin: 8,
			heartRate: 70,
			rmssd: 30,
			painBefore: 6,
			painAfter: 5,
			holds: { total: 0, ok: 0 },
			...over
		}
	};
}

describe('trendPoints', () => {
	it('puts sessions on their local day, oldest first, with the count behind each measure', () => {
		const points = trendPoints([
			session(at(2026, 11, 3, 9), { adherence: 0.6, heartRate: 72, painAfter: null }),
			session(at(2026, 11, 1, 20), { adherence: 0.2 }),
			session(at(2026, 11, 3, 18), { adherence: 0.8, heartRate: 66, painAfter: 3 }),
			session(at(2026, 11, 3, 7), { adherence: null, heartRate: null })
		]);
		expect(points.map((p) => p.key)).toEqual(['2026-11-01', '2026-11-03']);
		const day = points[1];
		expect(day.sessions).toBe(3);
		expect(day.adherence).toEqual({ mean: 0.7, n: 2 });
		expect(day.restingHeartRate).toEqual({ mean: 66, n: 2 });
		expect(day.painAfter).toEqual({ mean: 4, n: 2 });
		expect(day.painBefore).toEqual({ mean: 6, n: 3 });
	});

	it('sums hold completion over the sessions that had holds', () => {
		const [p] = trendPoints([
			session(at(2026, 11, 2, 8), { holds: { total: 6, ok: 5 } }),
			session(at(2026, 11, 2, 9), { holds: { total: 4, ok: 1 } }),
			session(at(2026, 11, 2, 10))
		]);
		expect(p.holdCompletion).toEqual({ mean: 0.6, n: 2, ok: 6, total: 10 });
	});

	it('groups by the Monday of the week', () => {
		// 2026-11-02 is a Monday; the 8th is the Sunday of that week; the 9th starts the next.
		expect(weekKey(at(2026, 11, 8))).toBe('2026-11-02');
		expect(weekKey(at(2026, 11, 2))).toBe('2026-11-02');
		const points = trendPoints(
			[session(at(2026, 11, 2)), session(at(2026, 11, 8)), session(at(2026, 11, 9))],
			'week'
		);
		expect(points.map((p) => [p.key, p.sessions])).toEqual([
			['2026-11-02', 2],
			['2026-11-09', 1]
		]);
	});

	it('has no point for a day without sessions, and none at all for no sessions', () => {
		expect(trendPoints([])).toEqual([]);
		expect(dayKey(at(2026, 1, 5))).toBe('2026-01-05');
	});
});

describe('slopePerDay', () => {
	it('fits adherence rising by 5 points a day, skipping days without the measure', () => {
		const points = trendPoints([
			session(at(2026, 11, 1), { adherence: 0.5 }),
			session(at(2026, 11, 2), { adherence: 0.55 }),
			session(at(2026, 11, 3), { adherence: null }),
			session(at(2026, 11, 4), { adherence: 0.65 })
		]);
		expect(slopePerDay(points, (p) => p.adherence)).toBeCloseTo(0.05, 10);
		expect(slopePerDay(points.slice(0, 1), (p) => p.adherence)).toBeNull();
	});
});
