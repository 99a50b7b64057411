/**
 * The breathing trace a review draws: the belt as recorded, or — with only a chest accelerometer —
 * the axis that moves most with breathing, averaged down to the belt's 20 Hz. For display only
 * (the engine finds breaths on its own); split into runs at holes so gaps are drawn as gaps.
 */
import type { Recording } from '../core/recording/recording';
import type { Span } from './summary';

export interface TracePoint {
	x: number;
	y: number;
}

/** A continuous stretch of the trace: times (s) and values, in time order. */
export interface TraceRun {
	t: Float64Array;
	v: Float64Array;
}

export interface BreathingTrace {
	source: 'belt' | 'chest' | 'none';
	/** Continuous runs of samples, each in time order; holes and reported gaps separate them. */
	runs: TraceRun[];
	points: number;
}

/** Samples further apart than this are not joined by a line. */
export const HOLE_SECONDS = 1.5;
const CHEST_RATE_HZ = 20;

/** Splits (t, v) into runs at holes longer than HOLE_SECONDS and at the given gaps. */
export function splitRuns(
	t: ArrayLike<number>,
	v: ArrayLike<number>,
	gaps: readonly Span[] = []
): TraceRun[] {
	const runs: TraceRun[] = [];
	// The run being gathered, as indices into t and v (copied out when it ends).
	const keep: number[] = [];
	const close = () => {
		if (!keep.length) return;
		runs.push({ t: Float64Array.from(keep, (i) => t[i]), v: Float64Array.from(keep, (i) => v[i]) });
		keep.length = 0;
	};
	let g = 0;
	for (let i = 0; i < t.length; i++) {
		const x = t[i];
		const y = v[i];
		if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
		while (g < gaps.length && gaps[g].end <= x) g++;
		const inGap = g < gaps.length && gaps[g].start < x && x < gaps[g].end;
		const prev = keep.length ? t[keep[keep.length - 1]] : -Infinity;
		const crossesGap = g < gaps.length && prev < gaps[g].start && gaps[g].start < x && keep.length > 0;
		if (inGap || x - prev > HOLE_SECONDS || crossesGap) {
			close();
			if (inGap) continue;
		}
		keep.push(i);
	}
	close();
	return runs;
}

/** The accelerometer averaged to 20 Hz along the axis with the most breathing-band variance. */
export function chestBreathing(acc: NonNullable<Recording['acc']>): { t: Float64Array; v: Float64Array } {
	const n = acc.t.length;
	if (n === 0) return { t: new Float64Array(0), v: new Float64Array(0) };
	const span = acc.t[n - 1] - acc.t[0];
	const rate = span > 0 ? (n - 1) / span : CHEST_RATE_HZ;
	const step = Math.max(1, Math.round(rate / CHEST_RATE_HZ));
	const m = Math.ceil(n / step);
	const t = new Float64Array(m);
	const axes = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
	const src = [acc.x, acc.y, acc.z];
	for (let j = 0; j < m; j++) {
		const a = j * step;
		const b = Math.min(n, a + step);
		t[j] = acc.t[a];
		for (let k = 0; k < 3; k++) {
			let sum = 0;
			for (let i = a; i < b; i++) sum += src[k][i];
			axes[k][j] = sum / (b - a);
		}
	}
	// Remove posture (a 10 s moving mean) so the variance compared is breathing, not gravity.
	const half = Math.round(5 * CHEST_RATE_HZ);
	let best = 0;
	let bestVar = -1;
	const detrended = axes.map((axis, k) => {
		const out = new Float64Array(m);
		let sum = 0;
		let lo = 0;
		let hi = 0;
		let variance = 0;
		for (let j = 0; j < m; j++) {
			while (hi < m && hi <= j + half) sum += axis[hi++];
			while (lo < j - half) sum -= axis[lo++];
			out[j] = axis[j] - sum / (hi - lo);
			variance += out[j] * out[j];
		}
		if (variance > bestVar) {
			bestVar = variance;
			best = k;
		}
		return out;
	});
	return { t, v: detrended[best] };
}

export function breathingTrace(rec: Recording, gaps: readonly Span[] = []): BreathingTrace {
	const sorted = [...gaps].sort((a, b) => a.start - b.start);
	let runs: TraceRun[] = [];
	let source: BreathingTrace['source'] = 'none';
	if (rec.resp) {
		runs = splitRuns(rec.resp.t, rec.resp.value, sorted);
		source = 'belt';
	} else if (rec.acc) {
		const c = chestBreathing(rec.acc);
		runs = splitRuns(c.t, c.v, sorted);
		source = 'chest';
	}
	return { source, runs, points: runs.reduce((a, r) => a + r.t.length, 0) };
}
