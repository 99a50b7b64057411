/**
 * Importing a file into history: a Tidal session file (JSON) or a recording in the `analyze`
 * command's CSV format. Everything is checked before anything is stored, so a wrong, truncated,
 * oversized or newer file changes nothing and says why.
 */
import { PATTERN_514, type BreathPattern } from '$lib/core/engine/pattern';
import { parseRecordingCsv } from '$lib/core/recording/csv';
import type { FullSession } from '$lib/core/session/format';
import { looksLikeJson } from '$lib/core/session/read-session';
import { sessionFromRecording } from '$lib/core/session/session-analysis';
import { MAX_FILE_BYTES, readSessionFile, tooLarge } from '$lib/core/session/session-file';
import type { SessionStore } from '$lib/storage/sessions';

export type ImportOutcome =
	| { ok: true; sessions: { id: string; startedAt: number; kind: string }[]; replaced: number; file: string }
	| { ok: false; error: string; file: string };

/**
 * Reads and checks a file; returns the sessions it holds or a message. Stores nothing. A CSV
 * recording carries no pattern: it is analysed with `pattern` (the one the person chose).
 */
export function sessionsFromText(
	text: string,
	name: string,
	lastModified: number,
	makeId: () => string,
	pattern: BreathPattern = PATTERN_514
): { ok: true; sessions: FullSession[] } | { ok: false; error: string } {
	if (looksLikeJson(text)) return readSessionFile(text);
	const csv = parseRecordingCsv(text);
	if (!csv.ok) {
		return {
			ok: false,
			error: `This is neither a Tidal session file nor a recording Tidal can read: ${csv.error}${csv.line !== undefined ? ` (line ${csv.line})` : ''}.`
		};
	}
	const session = sessionFromRecording(csv.recording, {
		id: makeId(),
		startedAt: lastModified,
		kind: 'breathing',
		pattern,
		deviceName: name
	});
	return { ok: true, sessions: [session] };
}

export async function importFile(
	file: File,
	store: SessionStore,
	csvPattern: BreathPattern = PATTERN_514
): Promise<ImportOutcome> {
	if (file.size > MAX_FILE_BYTES) return { ok: false, error: tooLarge(), file: file.name };
	let text: string;
	try {
		text = await file.text();
	} catch {
		return { ok: false, error: 'The file could not be read.', file: file.name };
	}
	const read = sessionsFromText(
		text,
		file.name,
		file.lastModified || Date.now(),
		() => globalThis.crypto.randomUUID(),
		csvPattern
	);
	if (!read.ok) return { ok: false, error: read.error, file: file.name };
	let replaced = 0;
	for (const full of read.sessions) {
		if (await store.get(full.session.id)) replaced++;
		await store.put(full);
	}
	return {
		ok: true,
		file: file.name,
		replaced,
		sessions: read.sessions.map((f) => ({
			id: f.session.id,
			startedAt: f.session.startedAt,
			kind: f.session.kind
		}))
	};
}
