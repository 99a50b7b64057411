/**
 * What a physiotherapist reads first about one session: adherence, commonest issue, rate, heart
 * rate, RMSSD, pain change, signal quality, and how much of the session was measured rather than
 * only paced. Pure: the review page, the printed report, history and trends share it.
 */
import { commonestIssue, type AnalysisResult } from '../core/engine/analysis';
import type { Recording } from '../core/recording/recording';
import type { Breath, BreathIssue } from '../core/types';

export interface Span {
	start: number;
	end: number;
}

export interface SessionSummary {
	durationS: number;
	/** Seconds in which the wearable gave a usable signal; the rest was only paced. */
	measuredS: number;
	/** measuredS / durationS, 0–1 (0 for an empty session). */
	measuredFraction: number;
	breaths: number;
	/** 0–1, null without breath phases. */
	adherence: number | null;
	commonestIssue: { code: string; count: number; words: string } | null;
	ratePerMin: number | null;
	heartRate: number | null;
	rmssd: number | null;
	painBefore: number | null;
	painAfter: number | null;
	/** painAfter − painBefore (negative is better), null unless both are known. */
	painChange: number | null;
	gaps: { count: number; totalS: number };
	apneas: number;
	holds: { total: number; ok: number };
	/** Words for the signal: from the fraction measured and the gaps. */
	signal: 'good' | 'fair' | 'poor' | 'none';
}

/** Merges overlapping spans and clips them to [0, end]; result sorted. */
export function mergeSpans(spans: readonly Span[], end = Infinity): Span[] {
	const sorted = spans
		.map((s) => ({ start: Math.max(0, s.start), end: Math.min(end, s.end) }))
		.filter((s) => s.end > s.start)
		.sort((a, b) => a.start - b.start);
	const out: Span[] = [];
	for (const s of sorted) {
		const last = out[out.length - 1];
		if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
		else out.push({ ...s });
	}
	return out;
}

const total = (spans: readonly Span[]): number => spans.reduce((sum, s) => sum + (s.end - s.start), 0);

/** The channel the engine reads breaths (or, without them, beats) from. */
export function mainChannel(rec: Recording): { t: Float64Array } | undefined {
	return rec.resp ?? rec.acc ?? rec.rr ?? rec.ecg;
}

/**
 * Seconds of [0, durationS] covered by the main channel's samples, less the gaps the engine
 * reported. Samples further apart than `maxStepS` leave a hole even if the engine said nothing.
 */
export function measuredSeconds(
	rec: Recording,
	durationS: number,
	gaps: readonly Span[],
	maxStepS = 2
): number {
	const ch = mainChannel(rec);
	if (!ch || ch.t.length === 0) return 0;
	const t = ch.t;
	const covered: Span[] = [];
	let start = t[0];
	for (let i = 1; i < t.length; i++) {
		if (t[i] - t[i - 1] > maxStepS) {
			covered.push({ start, end: t[i - 1] });
			start = t[i];
		}
	}
	covered.push({ start, end: t[t.length - 1] });
	const cov = mergeSpans(covered, durationS);
	const lost = mergeSpans(gaps, durationS);
	// Covered minus lost: subtract the overlap of every lost span with the covered ones.
	let overlap = 0;
	for (const c of cov)
		for (const g of lost) overlap += Math.max(0, Math.min(c.end, g.end) - Math.max(c.start, g.start));
	return Math.max(0, total(cov) - overlap);
}

export interface SummaryInput {
	analysis: AnalysisResult;
	recording: Recording;
	durationS: number;
	painBefore?: number | null;
	painAfter?: number | null;
	/**
	 * Whole-session rate, heart rate and RMSSD (the session's stored summary, made from every
	 * event); without them, the analysis' own figures.
	 */
	figures?: { ratePerMin: number | null; heartRate: number | null; rmssd: number | null };
}

export function summarizeSession(input: SummaryInput): SessionSummary {
	const { analysis, recording, durationS } = input;
	const gaps = mergeSpans(analysis.gaps, durationS);
	const measuredS = measuredSeconds(recording, durationS, gaps);
	const measuredFraction = durationS > 0 ? Math.min(1, measuredS / durationS) : 0;
	const painBefore = input.painBefore ?? null;
	const painAfter = input.painAfter ?? null;
	const holds = analysis.stretch.holds;
	return {
		durationS,
		measuredS,
		measuredFraction,
		breaths: analysis.summary.breaths,
		adherence: analysis.summary.adherence,
		commonestIssue: commonestIssue(analysis.breaths),
		ratePerMin: input.figures ? input.figures.ratePerMin : analysis.summary.ratePerMin,
		heartRate: input.figures ? input.figures.heartRate : analysis.summary.heartRate,
		rmssd: input.figures ? input.figures.rmssd : analysis.summary.rmssd,
		painBefore,
		painAfter,
		painChange: painBefore !== null && painAfter !== null ? painAfter - painBefore : null,
		gaps: { count: gaps.length, totalS: total(gaps) },
		apneas: analysis.apneas.length,
		holds: { total: holds.length, ok: holds.filter((h) => h.ok).length },
		signal: signalWord(measuredFraction, measuredS)
	};
}

function signalWord(fraction: number, measuredS: number): SessionSummary['signal'] {
	if (measuredS <= 0) return 'none';
	if (fraction >= 0.9) return 'good';
	if (fraction >= 0.6) return 'fair';
	return 'poor';
}

/** "12 min 5 s", "45 s", "1 h 02 min": durations as a person says them. */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	if (s < 60) return `${s} s`;
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
	const rest = s % 60;
	return rest ? `${m} min ${rest} s` : `${m} min`;
}

/** "−2 (6 → 4)" style pain change, or null when either end is missing. */
export function formatPain(before: number | null, after: number | null): string {
	if (before === null && after === null) return 'not recorded';
	if (before === null || after === null) return `${before ?? '?'} → ${after ?? '?'}`;
	const d = after - before;
	const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
	return `${before} → ${after} (${sign}${Math.abs(d)})`;
}

/** Each issue and how many breaths had it, commonest first. */
export function issueCounts(breaths: readonly Breath[]): [BreathIssue, number][] {
	const counts = new Map<BreathIssue, number>();
	for (const b of breaths) for (const i of b.issues) counts.set(i, (counts.get(i) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]);
}
