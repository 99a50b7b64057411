/**
 * Heart rate and RMSSD over a session, in windows, from the R-R intervals; and breathing rate
 * breath by breath. An interval more than 20 % away from the median of its neighbours is an
 * artefact (a missed or extra beat) and is left out, as is any difference that touches one.
 */
import type { Recording } from '../core/recording/recording';
import type { Breath } from '../core/types';
import type { TracePoint } from './breathing-trace';

export interface HeartSeries {
	heartRate: TracePoint[];
	rmssd: TracePoint[];
}

const ARTEFACT_FRACTION = 0.2;

function median5(rr: Float64Array, i: number): number {
	const w: number[] = [];
	for (let j = Math.max(0, i - 2); j <= Math.min(rr.length - 1, i + 2); j++) if (j !== i) w.push(rr[j]);
	w.sort((a, b) => a - b);
	return w.length ? (w[(w.length - 1) >> 1] + w[w.length >> 1]) / 2 : rr[i];
}

/** Per window of `windowS` seconds (centred x): mean heart rate (bpm) and RMSSD (ms). */
export function heartSeries(rec: Recording, windowS = 30): HeartSeries {
	const out: HeartSeries = { heartRate: [], rmssd: [] };
	const rr = rec.rr;
	if (!rr || rr.t.length === 0) return out;
	const n = rr.t.length;
	const clean = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const m = median5(rr.rrMs, i);
		clean[i] =
			rr.rrMs[i] > 250 && rr.rrMs[i] < 2500 && Math.abs(rr.rrMs[i] - m) <= ARTEFACT_FRACTION * m ? 1 : 0;
	}
	const start = rr.t[0];
	let i = 0;
	for (let w0 = start; i < n; w0 += windowS) {
		const w1 = w0 + windowS;
		let sum = 0;
		let count = 0;
		let sq = 0;
		let diffs = 0;
		for (; i < n && rr.t[i] < w1; i++) {
			if (!clean[i]) continue;
			sum += rr.rrMs[i];
			count++;
			// A successive difference needs the previous beat to be clean and right before this one.
			if (i > 0 && clean[i - 1] && rr.t[i] - rr.t[i - 1] < 2.6) {
				const d = rr.rrMs[i] - rr.rrMs[i - 1];
				sq += d * d;
				diffs++;
			}
		}
		const x = w0 + windowS / 2;
		// A window with too few clean beats says nothing: leave a hole, not a made-up value.
		if (count >= Math.max(3, windowS / 6)) out.heartRate.push({ x, y: 60_000 / (sum / count) });
		else out.heartRate.push({ x, y: NaN });
		out.rmssd.push({ x, y: diffs >= Math.max(3, windowS / 6) ? Math.sqrt(sq / diffs) : NaN });
	}
	return out;
}

/** Breaths per minute of each breath (from its full cycle), at the breath's start. */
export function breathRates(breaths: readonly Breath[]): TracePoint[] {
	return breaths
		.map((b) => ({ x: b.inhaleStart, y: 60 / (b.exhaleEnd + b.pause - b.inhaleStart) }))
		.filter((p) => Number.isFinite(p.y) && p.y > 0);
}
