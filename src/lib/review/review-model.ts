/**
 * Everything the review of one session shows, from a stored session: its samples as a recording,
 * the analysis (replayed from the logged engine events, or computed when the log has none), the
 * summary a physiotherapist reads first, and the series the charts draw. Pure.
 */
import type { AnalysisResult } from '../core/engine/analysis';
import type { BreathPattern } from '../core/engine/pattern';
import type { Recording } from '../core/recording/recording';
import type { FullSession, SessionRecord, SessionSummary as FormatSummary } from '../core/session/format';
import { sessionRecording } from '../core/session/recording';
import { recordedEngineOptions } from '../core/session/read-session';
import { analysisFromLog, mainSource, recordingSpan, runEngine } from '../core/session/session-analysis';
import { breathingTrace, type BreathingTrace, type TracePoint } from './breathing-trace';
import { breathRates, heartSeries } from './heart-series';
import { mergeSpans, summarizeSession, type SessionSummary, type Span } from './summary';

export interface ReviewModel {
	session: SessionRecord;
	recording: Recording;
	analysis: AnalysisResult;
	summary: SessionSummary;
	pattern: BreathPattern;
	holdSeconds: number;
	restSeconds: number;
	durationS: number;
	/** Disconnections and poor signal, merged, in session seconds. */
	gaps: Span[];
	trace: BreathingTrace;
	heartRate: TracePoint[];
	rmssd: TracePoint[];
	breathRates: TracePoint[];
	/** Marks worth showing (resumed after an interruption, engine restarted…). */
	marks: { t: number; mark: string; text?: string }[];
}

/** Length of a session: its end (or last write), at least as long as its samples. */
export function sessionDuration(full: FullSession, rec: Recording): number {
	const s = full.session;
	const byHeader =
		s.summary?.durationSeconds ?? (s.endedAt !== null ? (s.endedAt - s.startedAt) / 1000 : s.lastT);
	return Math.max(byHeader, s.lastT, recordingSpan(rec).last);
}

/**
 * The model; `analysis` replaces the logged one (the result of analysing again with another
 * pattern, together with that pattern).
 */
export function reviewModel(
	full: FullSession,
	again?: { analysis: AnalysisResult; summary: FormatSummary; pattern: BreathPattern }
): ReviewModel {
	const s = full.session;
	const recording = sessionRecording(full.chunks);
	const durationS = sessionDuration(full, recording);
	const pattern = again?.pattern ?? s.settings.pattern;
	const recorded = recordedEngineOptions(full);
	const holdSeconds = recorded.holdSeconds ?? 30;
	const restSeconds = recorded.restSeconds ?? 30;
	let result = again;
	if (!result) {
		const logged = full.log.some((e) => e.type === 'engine');
		const hasSamples = Boolean(recording.resp || recording.acc || recording.rr || recording.ecg);
		result = {
			pattern,
			...(logged || !hasSamples
				? analysisFromLog(full.log, pattern.id, mainSource(recording), durationS)
				: runEngine(recording, { ...recorded, pattern }, durationS))
		};
	}
	const { analysis } = result;
	const figures = {
		ratePerMin: result.summary.breathsPerMin,
		heartRate: result.summary.heartRate,
		rmssd: result.summary.rmssd
	};
	const logGaps = full.log.flatMap((e) => (e.type === 'gap' ? [{ start: e.start, end: e.end }] : []));
	const gaps = mergeSpans([...analysis.gaps, ...logGaps], durationS);
	const summary = summarizeSession({
		analysis: { ...analysis, gaps },
		recording,
		durationS,
		painBefore: s.pain.before,
		painAfter: s.pain.after,
		figures
	});
	const heart = heartSeries(recording);
	return {
		session: s,
		recording,
		analysis,
		summary,
		pattern,
		holdSeconds,
		restSeconds,
		durationS,
		gaps,
		trace: breathingTrace(recording, gaps),
		heartRate: heart.heartRate,
		rmssd: heart.rmssd,
		breathRates: breathRates(analysis.breaths),
		marks: full.log.flatMap((e) => (e.type === 'mark' ? [{ t: e.t, mark: e.mark, text: e.text }] : []))
	};
}

/** Breaths per minute the pattern asks for (null for a pattern of zero length). */
export function patternRate(p: Pick<BreathPattern, 'inhale' | 'hold' | 'exhale' | 'pause'>): number | null {
	const cycle = p.inhale + p.hold + p.exhale + p.pause;
	return cycle > 0 ? 60 / cycle : null;
}
