/**
 * Tidal's session format, version 1: everything a session leaves on the device, enough to analyse
 * it again from scratch (the samples with their times, per device and channel) and to show what
 * happened live (the engine's events, the pacer's cues, gaps, marks, settings, pain ratings).
 *
 * A session is three kinds of record, written incrementally while it runs:
 * - one `SessionRecord` (the header: kind, status, settings, wearables, pain, summary),
 * - `StoredChunk`s: the samples as the device layer gave them (times, values and order within each
 *   channel kept), in blocks: one per channel per flush while running, larger once finished,
 * - `LogEntry`s: everything else that happened, in order (engine events, cues, gaps, marks…).
 *
 * Times: `startedAt` is wall-clock epoch milliseconds; every other time is seconds on the session
 * clock, which counts from `startedAt` (t = 0 at the start). A session resumed after a reload keeps
 * that clock, so the time it was away is simply a span without samples.
 *
 * Pure types and helpers (no browser APIs): the same format is read by the review, the exports and
 * the offline analyzer. Later versions only add fields; `SESSION_FORMAT_VERSION` goes up when a
 * stored record needs migrating (see `migrateSessionRecord`).
 */
import type { BreathPattern } from '../engine/pattern';
import type { BreathIssue, BreathPhase, EngineEvent, SampleChunk, Source } from '../types';

export const SESSION_FORMAT_VERSION = 1;

/** The exercises a session can be; each stores into the same store. */
export type SessionKind = 'breathing' | 'stretch';

/**
 * running: being recorded now (or the page died while it was: see `interrupted`);
 * finished: ended by the person or by its planned length; interrupted: found running by a later
 * visit and not resumed (yet). An interrupted session can still be resumed or finished.
 */
export type SessionStatus = 'running' | 'finished' | 'interrupted';

/** Stretch programme targets (for kind 'stretch'). */
export interface StretchProgramme {
	holdSeconds: number;
	restSeconds: number;
	/** Planned holds, or null for as many as the person likes. */
	repetitions: number | null;
	/** Free text: which stretch, e.g. "knee to chest". */
	exercise?: string;
}

/**
 * The `setting` log entry a stretch programme writes when it moves to an exercise with other
 * targets; its value is `{ holdSeconds, restSeconds }`.
 */
export const STRETCH_TARGETS_SETTING = 'stretchTargets';

/** How the pacer speaks to the person. Changes during a session are also logged as `setting`. */
export interface CueSettings {
	sound: boolean;
	/** 0–1. */
	volume: number;
	speech: boolean;
	vibration: boolean;
}

export interface SessionSettings {
	/** The full pattern (not just its id), so a session re-analyses the same way after presets change. */
	pattern: BreathPattern;
	/** Planned length in seconds, or null for open-ended. */
	plannedSeconds: number | null;
	/** Whether the session began with calibration breaths. */
	calibration: boolean;
	/** Engine options the session was run with (see workers/engine-api.ts SessionSettings). */
	beltRisesOnInhale?: boolean;
	programme?: StretchProgramme;
	cues: CueSettings;
}

/** A wearable that took part; `id` is the device id chunks and log entries refer to. */
export interface SessionWearable {
	id: string;
	name: string;
	/** Device kind as the device layer names it ('polar-h10', 'gdx-belt', 'hr-strap', …). */
	kind: string;
	simulated: boolean;
	/** Channels it sent. */
	sources: Source[];
	/** Session time it joined. */
	joinedAt: number;
}

export interface PainRatings {
	/** 0 (no pain) – 10 (worst imaginable), or null when not given. */
	before: number | null;
	after: number | null;
}

/** The end-of-session figures. Absent fields were not measured (e.g. no heart-rate wearable). */
export interface SessionSummary {
	/** Seconds from start to end, including gaps. */
	durationSeconds: number;
	/** Breaths the engine found. */
	breaths: number;
	/** Breaths within the pattern's ranges. */
	okBreaths: number;
	/** okBreaths / breaths, 0–1, or null with no breaths. */
	adherence: number | null;
	/** Issue counts over all breaths. */
	issues: Partial<Record<BreathIssue, number>>;
	/** The issue seen most often, or null. */
	commonestIssue: BreathIssue | null;
	/** Breaths per minute: median breath cycle, else from heart rate (engine/figures.ts). */
	breathsPerMin: number | null;
	/** Mean heart rate, bpm. */
	heartRate: number | null;
	/** RMSSD over the session's clean beats, ms. */
	rmssd: number | null;
	/** Seconds with a channel missing while a wearable was expected. */
	gapSeconds: number;
	/** Stretch sessions: holds and how many met the targets. */
	holds?: number;
	okHolds?: number;
}

/** The header record of one session. */
export interface SessionRecord {
	format: number;
	id: string;
	kind: SessionKind;
	status: SessionStatus;
	/** Wall clock, epoch ms: session time 0. */
	startedAt: number;
	/** Wall clock, epoch ms, when it finished (null while running or interrupted). */
	endedAt: number | null;
	/** Wall clock, epoch ms, of the latest write: how recent an interrupted session's data is. */
	updatedAt: number;
	/** Session time of the newest stored sample or entry. */
	lastT: number;
	settings: SessionSettings;
	wearables: SessionWearable[];
	pain: PainRatings;
	summary: SessionSummary | null;
}

/** Samples as the device layer gave them: arrays trimmed to `n`, typed arrays kept. */
export interface StoredChunk {
	sessionId: string;
	/** Order of arrival within the session, from 0. */
	seq: number;
	/** The wearable (SessionWearable.id) that sent it. */
	device: string;
	chunk: SampleChunk;
}

/** What the pacer started: a breath phase, or a stretch hold / rest. */
export type PacerPhase = BreathPhase | 'stretch-hold' | 'stretch-rest';

export type MarkKind =
	| 'calibration-start'
	| 'calibration-end'
	| 'paused'
	| 'resumed'
	| 'interrupted'
	| 'engine-restarted'
	| 'storage-warning'
	| 'note';

/** Everything in a session besides samples, in the order it happened. */
export type LogBody =
	/** An event from the engine, as it came. */
	| { type: 'engine'; event: EngineEvent }
	/** The pacer began `phase` at `t`, lasting `seconds`; `part` says whether it was calibration. */
	| { type: 'cue'; t: number; phase: PacerPhase; seconds: number; part: 'calibration' | 'guided' }
	/** A channel of a wearable was missing between start and end; `cause` as the device layer says. */
	| { type: 'gap'; device: string; source: Source; start: number; end: number; cause: 'away' | 'paused' }
	/** A wearable's connection changed. */
	| { type: 'device'; t: number; device: string; status: string }
	/** A moment worth showing in the review. */
	| { type: 'mark'; t: number; mark: MarkKind; text?: string }
	/** A setting changed mid-session (cue volume, sound off…). */
	| { type: 'setting'; t: number; key: string; value: unknown }
	/** A pain rating given (also kept in the header). */
	| { type: 'pain'; t: number; when: 'before' | 'after'; rating: number };

export type LogEntry = { sessionId: string; seq: number } & LogBody;

/** A whole session in memory: what the review reads and an export writes. */
export interface FullSession {
	session: SessionRecord;
	chunks: StoredChunk[];
	log: LogEntry[];
}

export const DEFAULT_CUES: CueSettings = { sound: true, volume: 0.6, speech: false, vibration: true };

export interface NewSession {
	id?: string;
	kind: SessionKind;
	settings: SessionSettings;
	startedAt?: number;
	wearables?: SessionWearable[];
	pain?: Partial<PainRatings>;
}

/** A fresh running session header. */
export function newSessionRecord(init: NewSession, now: number, makeId: () => string): SessionRecord {
	const startedAt = init.startedAt ?? now;
	return {
		format: SESSION_FORMAT_VERSION,
		id: init.id ?? makeId(),
		kind: init.kind,
		status: 'running',
		startedAt,
		endedAt: null,
		updatedAt: now,
		lastT: 0,
		settings: init.settings,
		wearables: init.wearables ?? [],
		pain: { before: init.pain?.before ?? null, after: init.pain?.after ?? null },
		summary: null
	};
}

/** A pain rating as stored: a whole number 0–10, or an error message in the person's words. */
export function checkPain(rating: number): number | { error: string } {
	if (!Number.isInteger(rating) || rating < 0 || rating > 10) {
		return { error: 'Pain is rated with a whole number from 0 (none) to 10 (worst imaginable).' };
	}
	return rating;
}
