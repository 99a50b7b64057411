/**
 * A stored session's analysis: replayed from the engine events its log kept (what the person saw
 * live, no engine run needed to open a review), or computed by running the engine over a
 * recording (an imported CSV, "analyse again"), with the format's end-of-session summary from the
 * same events; and a whole session made from a bare recording. Pure.
 */
import { AnalysisCollector, type AnalysisResult } from '../engine/analysis';
import { BreathEngine, timeOrderedChunks, type EngineOptions } from '../engine/engine';
import type { BreathPattern } from '../engine/pattern';
import type { Recording } from '../recording/recording';
import type { EngineEvent, Source } from '../types';
import {
	DEFAULT_CUES,
	SESSION_FORMAT_VERSION,
	type FullSession,
	type LogEntry,
	type SessionKind,
	type SessionSummary,
	type StoredChunk
} from './format';
import { SummaryBuilder } from './summary';

/** The channel the engine reads breaths from, as analyzeRecording chooses it. */
export function mainSource(rec: Recording): Source {
	return rec.resp ? 'resp' : rec.acc ? 'acc' : rec.rr ? 'rr' : 'ecg';
}

/**
 * Engine events in, the review's analysis and the format's end-of-session summary out: the
 * collector the CLI uses, counting its figures with the summary builder the live session uses.
 */
export class SessionAnalysis {
	private readonly collector: AnalysisCollector;
	private readonly summary = new SummaryBuilder();

	constructor(patternId: string, source: Source) {
		this.collector = new AnalysisCollector(patternId, source, this.summary);
	}

	handle = (e: EngineEvent): void => this.collector.handle(e);

	result(durationSeconds: number): { analysis: AnalysisResult; summary: SessionSummary } {
		const analysis = this.collector.result();
		const gapSeconds = analysis.gaps.reduce((s, g) => s + Math.max(0, g.end - g.start), 0);
		return { analysis, summary: this.summary.result(durationSeconds, gapSeconds) };
	}
}

/** The analysis the session's logged engine events give (what the person saw live). */
export function analysisFromLog(
	log: readonly LogEntry[],
	patternId: string,
	source: Source,
	durationSeconds = 0
): { analysis: AnalysisResult; summary: SessionSummary } {
	const a = new SessionAnalysis(patternId, source);
	for (const e of log) if (e.type === 'engine') a.handle(e.event);
	return a.result(durationSeconds);
}

/** Runs the engine over a recording; returns its events in order, the analysis and the summary. */
export function runEngine(
	rec: Recording,
	options: Partial<EngineOptions> & { pattern: BreathPattern },
	durationSeconds = recordingSpan(rec).last
): { events: EngineEvent[]; analysis: AnalysisResult; summary: SessionSummary } {
	const a = new SessionAnalysis(options.pattern.id, mainSource(rec));
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => {
		events.push(e);
		a.handle(e);
	}, options);
	for (const chunk of timeOrderedChunks(rec, 1)) engine.push(chunk);
	engine.finish();
	return { events, ...a.result(durationSeconds) };
}

/** Seconds from the first to the last sample of any channel (0 for an empty recording). */
export function recordingSpan(rec: Recording): { first: number; last: number } {
	let first = Infinity;
	let last = -Infinity;
	for (const ch of [rec.resp, rec.acc, rec.rr, rec.ecg]) {
		if (!ch || ch.t.length === 0) continue;
		first = Math.min(first, ch.t[0]);
		last = Math.max(last, ch.t[ch.t.length - 1]);
	}
	return last >= first ? { first, last } : { first: 0, last: 0 };
}

export interface FromRecording {
	id: string;
	startedAt: number;
	kind: SessionKind;
	pattern: BreathPattern;
	holdSeconds?: number;
	restSeconds?: number;
	/** What the samples came from, e.g. the imported file's name. */
	deviceName: string;
}

/**
 * A finished session made from a recording (an imported CSV): one chunk per channel, the engine's
 * events in the log as a live session would have them, and the summary.
 */
export function sessionFromRecording(rec: Recording, init: FromRecording): FullSession {
	const device = 'import';
	const chunks: StoredChunk[] = [];
	const add = (chunk: StoredChunk['chunk']) =>
		chunks.push({ sessionId: init.id, seq: chunks.length, device, chunk });
	if (rec.resp) add({ kind: 'resp', n: rec.resp.t.length, ...rec.resp });
	if (rec.acc) add({ kind: 'acc', n: rec.acc.t.length, ...rec.acc });
	if (rec.rr) add({ kind: 'rr', n: rec.rr.t.length, ...rec.rr });
	if (rec.ecg) add({ kind: 'ecg', n: rec.ecg.t.length, ...rec.ecg });
	const programme =
		init.kind === 'stretch'
			? { holdSeconds: init.holdSeconds ?? 30, restSeconds: init.restSeconds ?? 30, repetitions: null }
			: undefined;
	const durationSeconds = recordingSpan(rec).last;
	const { events, summary } = runEngine(rec, {
		pattern: init.pattern,
		...(programme ? { holdSeconds: programme.holdSeconds, restSeconds: programme.restSeconds } : {})
	});
	const log: LogEntry[] = events.map((event, seq) => ({ sessionId: init.id, seq, type: 'engine', event }));
	return {
		session: {
			format: SESSION_FORMAT_VERSION,
			id: init.id,
			kind: init.kind,
			status: 'finished',
			startedAt: init.startedAt,
			endedAt: init.startedAt + durationSeconds * 1000,
			updatedAt: init.startedAt + durationSeconds * 1000,
			lastT: durationSeconds,
			settings: {
				pattern: init.pattern,
				plannedSeconds: null,
				calibration: false,
				cues: DEFAULT_CUES,
				...(programme ? { programme } : {})
			},
			wearables: [
				{
					id: device,
					name: init.deviceName,
					kind: 'file',
					simulated: false,
					sources: (['resp', 'acc', 'rr', 'ecg'] as const).filter((k) => rec[k]),
					joinedAt: 0
				}
			],
			pain: { before: null, after: null },
			summary
		},
		chunks,
		log
	};
}
