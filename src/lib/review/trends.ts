/**
 * Trends across sessions: one point per day (or per week), each carrying how many sessions are
 * behind it and, per measure, how many of those sessions had that measure. A mean of one session
 * and a mean of five are not the same evidence, and the chart says which is which.
 */
import type { SessionSummary } from './summary';

export interface TrendSession {
	/** Start of the session, ms since the epoch. */
	startedAt: number;
	summary: Pick<
		SessionSummary,
		'adherence' | 'ratePerMin' | 'heartRate' | 'rmssd' | 'painBefore' | 'painAfter' | 'holds'
	>;
}

/** A mean and the number of sessions it is the mean of (mean null when n = 0). */
export interface Measure {
	mean: number | null;
	n: number;
}

export interface TrendPoint {
	/** Local calendar day (or the Monday starting the week), YYYY-MM-DD. */
	key: string;
	sessions: number;
	adherence: Measure;
	ratePerMin: Measure;
	/** The lowest session heart rate of the bucket: the closest to resting a session gets. */
	restingHeartRate: Measure;
	rmssd: Measure;
	painBefore: Measure;
	painAfter: Measure;
	/** Holds completed / holds started, over all sessions in the bucket with holds. */
	holdCompletion: Measure & { ok: number; total: number };
}

export type Bucket = 'day' | 'week';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local day of a time, YYYY-MM-DD. */
export function dayKey(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local Monday of a time's week, YYYY-MM-DD. */
export function weekKey(ms: number): string {
	const d = new Date(ms);
	const back = (d.getDay() + 6) % 7;
	return dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() - back, 12).getTime());
}

function measure(values: (number | null)[], pick: 'mean' | 'min' = 'mean'): Measure {
	const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
	if (known.length === 0) return { mean: null, n: 0 };
	const value = pick === 'min' ? Math.min(...known) : known.reduce((a, b) => a + b, 0) / known.length;
	return { mean: value, n: known.length };
}

/** Groups sessions by day or week, oldest first. */
export function trendPoints(sessions: readonly TrendSession[], bucket: Bucket = 'day'): TrendPoint[] {
	const keyOf = bucket === 'day' ? dayKey : weekKey;
	const groups = new Map<string, TrendSession[]>();
	for (const s of sessions) {
		const key = keyOf(s.startedAt);
		const list = groups.get(key);
		if (list) list.push(s);
		else groups.set(key, [s]);
	}
	return [...groups.keys()].sort().map((key) => {
		const list = groups.get(key) ?? [];
		const col = <K extends keyof TrendSession['summary']>(k: K) => list.map((s) => s.summary[k]);
		const withHolds = list.filter((s) => s.summary.holds.total > 0);
		const ok = withHolds.reduce((a, s) => a + s.summary.holds.ok, 0);
		const total = withHolds.reduce((a, s) => a + s.summary.holds.total, 0);
		return {
			key,
			sessions: list.length,
			adherence: measure(col('adherence')),
			ratePerMin: measure(col('ratePerMin')),
			restingHeartRate: measure(col('heartRate'), 'min'),
			rmssd: measure(col('rmssd')),
			painBefore: measure(col('painBefore')),
			painAfter: measure(col('painAfter')),
			holdCompletion: { mean: total > 0 ? ok / total : null, n: withHolds.length, ok, total }
		};
	});
}

/**
 * Least-squares slope per day of a measure over the points that have it (null with fewer than
 * two): "adherence +1.2 %/day" is what a physiotherapist asks of a trend.
 */
export function slopePerDay(points: readonly TrendPoint[], pick: (p: TrendPoint) => Measure): number | null {
	const xs: number[] = [];
	const ys: number[] = [];
	for (const p of points) {
		const m = pick(p);
		if (m.mean === null) continue;
		xs.push(Date.parse(`${p.key}T12:00:00Z`) / 86_400_000);
		ys.push(m.mean);
	}
	if (xs.length < 2) return null;
	const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
	const my = ys.reduce((a, b) => a + b, 0) / ys.length;
	let num = 0;
	let den = 0;
	for (let i = 0; i < xs.length; i++) {
		num += (xs[i] - mx) * (ys[i] - my);
		den += (xs[i] - mx) ** 2;
	}
	return den > 0 ? num / den : null;
}
