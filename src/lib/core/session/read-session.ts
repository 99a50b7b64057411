/**
 * What `npm run analyze -- session.json` needs from an exported session: its samples as a
 * Recording and the settings it was recorded with (pattern, stretch targets, belt direction), so
 * the command can analyse it again as recorded or with another pattern. Pure.
 */
import type { EngineOptions, TargetChange } from '../engine/engine';
import { stretchSecondsError } from '../engine/settings';
import type { Recording } from '../recording/recording';
import { STRETCH_TARGETS_SETTING, type FullSession } from './format';
import { sessionRecording } from './recording';
import { readSessionFile } from './session-file';

export type SessionForAnalysis =
	| { ok: true; recording: Recording; options: Partial<EngineOptions>; id: string; startedAt: number }
	| { ok: false; error: string };

/** True when a file's text looks like JSON rather than CSV (first non-blank character). */
export function looksLikeJson(text: string): boolean {
	return /^\s*[{[]/.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export function readSessionForAnalysis(text: string): SessionForAnalysis {
	const file = readSessionFile(text);
	if (!file.ok) return file;
	if (file.sessions.length > 1) {
		return {
			ok: false,
			error: `the file holds ${file.sessions.length} sessions; export the one to analyse on its own`
		};
	}
	const { session, chunks } = file.sessions[0];
	const recording = sessionRecording(chunks);
	if (!recording.resp && !recording.acc && !recording.rr && !recording.ecg) {
		return { ok: false, error: 'the session has no recorded samples (it was only paced)' };
	}
	const options = recordedEngineOptions(file.sessions[0]);
	return { ok: true, recording, options, id: session.id, startedAt: session.startedAt };
}

/**
 * The engine settings a session was recorded with: its pattern, its belt direction and, for a
 * stretch programme, the first exercise's targets and each later exercise's from the moment the
 * programme moved to it. Analysing the session again with these judges it as it was judged live.
 */
export function recordedEngineOptions(full: Pick<FullSession, 'session' | 'log'>): Partial<EngineOptions> {
	const { settings } = full.session;
	const options: Partial<EngineOptions> = { pattern: settings.pattern };
	if (settings.programme) {
		options.holdSeconds = settings.programme.holdSeconds;
		options.restSeconds = settings.programme.restSeconds;
		const changes: TargetChange[] = [];
		for (const e of full.log) {
			if (e.type !== 'setting' || e.key !== STRETCH_TARGETS_SETTING) continue;
			const v = e.value as Partial<TargetChange> | null;
			const hold = v?.holdSeconds;
			const rest = v?.restSeconds;
			// A damaged entry is left out: the targets before it stay.
			if (stretchSecondsError('hold', hold) || stretchSecondsError('rest', rest) || !Number.isFinite(e.t))
				continue;
			changes.push({ t: e.t, holdSeconds: hold as number, restSeconds: rest as number });
		}
		if (changes.length) options.targetChanges = changes.sort((a, b) => a.t - b.t);
	}
	if (settings.beltRisesOnInhale !== undefined) options.beltRisesOnInhale = settings.beltRisesOnInhale;
	return options;
}
