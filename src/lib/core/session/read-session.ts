/**
 * What `npm run analyze -- session.json` needs from an exported session: its samples as a
 * Recording and the settings it was recorded with (pattern, stretch targets, belt direction), so
 * the command can analyse it again as recorded or with another pattern. Pure.
 */
import type { EngineOptions } from '../engine/engine';
import type { Recording } from '../recording/recording';
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
	const options: Partial<EngineOptions> = { pattern: session.settings.pattern };
	const programme = session.settings.programme;
	if (programme) {
		options.holdSeconds = programme.holdSeconds;
		options.restSeconds = programme.restSeconds;
	}
	if (session.settings.beltRisesOnInhale !== undefined)
		options.beltRisesOnInhale = session.settings.beltRisesOnInhale;
	return { ok: true, recording, options, id: session.id, startedAt: session.startedAt };
}
