/**
 * Tidal's session file: the JSON export of one or more sessions in the session format
 * (format.ts) — header, every stored sample chunk and the whole log — so the file holds
 * everything needed to analyse a session again. Reading checks it with valibot (file-schema.ts)
 * and refuses a wrong, truncated, oversized or newer file with a message a person can act on.
 *
 * The text is canonical (object keys sorted, typed arrays written as number lists, NaN as null),
 * so export → import → export gives the same bytes. Pure: the app, the CLI and tests share it.
 */
import * as v from 'valibot';
import type { FullSession, LogEntry, StoredChunk } from './format';
import { SESSION_FORMAT_VERSION } from './format';
import { SessionFileSchema } from './file-schema';
import { migrateSessionRecord } from './migrate';

/** What a file says it is: the first key a reader checks. */
export const FILE_MARK = 'tidal-sessions';

/** The largest file read: an hour of every channel a Polar H10 and a belt send is about 60 MB. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type ReadResult = { ok: true; sessions: FullSession[] } | { ok: false; error: string };

/** Plain objects with sorted keys, typed arrays as lists, non-finite numbers as null. */
function canonical(_key: string, value: unknown): unknown {
	if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
		return Array.from(value as Float64Array, (x) => (Number.isFinite(x) ? x : null));
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(value).sort()) out[k] = (value as Record<string, unknown>)[k];
		return out;
	}
	return value;
}

/** The JSON text of one or more sessions (oldest first, as given). */
export function writeSessionFile(sessions: readonly FullSession[]): string {
	return JSON.stringify({ [FILE_MARK]: true, format: SESSION_FORMAT_VERSION, sessions }, canonical);
}

const SAMPLE_KEYS = ['t', 'value', 'x', 'y', 'z', 'rrMs'] as const;

function toChunk(
	c: v.InferOutput<typeof SessionFileSchema>['sessions'][number]['chunks'][number]
): StoredChunk {
	const chunk: Record<string, unknown> = { ...c.chunk };
	for (const k of SAMPLE_KEYS) {
		const list = chunk[k] as (number | null)[] | undefined;
		if (list) chunk[k] = Float64Array.from(list, (x) => (x === null ? NaN : x));
	}
	return { ...c, chunk: chunk as unknown as StoredChunk['chunk'] };
}

function jsonProblem(e: unknown, text: string): string {
	const msg = e instanceof Error ? e.message : String(e);
	if (!/^\s*[{[]/.test(text)) return 'This is not a Tidal session file: it is not valid JSON.';
	if (/end of (JSON )?(data|input)|Unterminated|Unexpected end/i.test(msg) || !/[}\]]\s*$/.test(text)) {
		return 'The file is cut short: it ends in the middle of the data. Export it again and use the whole file.';
	}
	return 'This is not a Tidal session file: it is not valid JSON.';
}

/** The message for a file over the size limit (also used before reading a File at all). */
export function tooLarge(maxBytes = MAX_FILE_BYTES): string {
	return `The file is too large (over ${Math.round(maxBytes / 1048576)} MB) to be a Tidal session file; nothing was imported.`;
}

/** Reads a session file's text: every session in it, or one message saying why not. */
export function readSessionFile(text: string, maxBytes = MAX_FILE_BYTES): ReadResult {
	if (text.length > maxBytes) return { ok: false, error: tooLarge(maxBytes) };
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') return { ok: false, error: 'The file is empty.' };
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (e) {
		return { ok: false, error: jsonProblem(e, text) };
	}
	if (!raw || typeof raw !== 'object' || (raw as Record<string, unknown>)[FILE_MARK] !== true) {
		return { ok: false, error: 'This is not a Tidal session file (it is JSON, but not one Tidal exported).' };
	}
	const format = (raw as Record<string, unknown>).format;
	if (typeof format === 'number' && format > SESSION_FORMAT_VERSION) {
		return {
			ok: false,
			error: `This file was saved by a newer version of Tidal (format ${format}); update Tidal to open it.`
		};
	}
	const checked = v.safeParse(SessionFileSchema, raw);
	if (!checked.success) {
		const issue = checked.issues[0];
		const where = issue.path?.map((p) => String(p.key)).join('.') ?? 'the file';
		return { ok: false, error: `The file is damaged: ${where}: ${issue.message}.` };
	}
	const sessions: FullSession[] = [];
	for (const s of checked.output.sessions) {
		const header = migrateSessionRecord(s.session);
		if ('error' in header) return { ok: false, error: header.error };
		const id = header.id;
		if (s.chunks.some((c) => c.sessionId !== id) || s.log.some((e) => e.sessionId !== id)) {
			return { ok: false, error: `The file is damaged: session ${id} holds data of another session.` };
		}
		sessions.push({ session: header, chunks: s.chunks.map(toChunk), log: s.log as unknown as LogEntry[] });
	}
	if (sessions.length === 0) return { ok: false, error: 'The file holds no sessions.' };
	return { ok: true, sessions };
}
