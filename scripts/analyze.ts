/**
 * Offline analyzer: `npm run analyze -- FILE [--json] [--pattern 5-1-4] [--hold 30 --rest 30]
 * [--map resp=RSP] [--rate 100] [--polarity inverted]`.
 *
 * Reads a CSV recording, runs the same streaming engine the app uses, and prints a short summary
 * or the AnalysisResult as JSON. Every failure exits with code 2 and exactly one line on stderr
 * (`analyze: FILE:LINE: message`), never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { commonestIssue, type AnalysisResult } from '../src/lib/core/engine/analysis';
import { isEntryPoint } from './entry';
import type { Source } from '../src/lib/core/types';
import { ANALYZE_HELP, parseCliArgs } from './cli-args';
import { parseRecordingCsv } from '../src/lib/core/recording/csv';
import { looksLikeJson, readSessionForAnalysis } from '../src/lib/core/session/read-session';
import type { Recording } from '../src/lib/core/recording/recording';

/** Largest file read (an hour of 1000 Hz multi-channel CSV is well under this). */
const MAX_BYTES = 512 * 1024 * 1024;

/** An expected failure: printed as one line, exit code 2. */
class Failure extends Error {}

const one = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
/** An unexpected error's message without anything that looks like a stack (first line only). */
const firstLine = (e: unknown): string =>
	(e instanceof Error ? e.message : String(e)).split(/[\r\n]/).find((l) => l.trim() !== '') ??
	'unknown error';

function readText(file: string): string {
	let size: number;
	try {
		const st = statSync(file);
		if (st.isDirectory()) throw new Failure(`${file}: is a directory, not a CSV file`);
		if (!st.isFile()) throw new Failure(`${file}: is not a regular file`);
		size = st.size;
	} catch (e) {
		if (e instanceof Failure) throw e;
		throw new Failure(`${file}: ${fsReason(e)}`);
	}
	if (size > MAX_BYTES) {
		throw new Failure(
			`${file}: is too large (${(size / 1048576).toFixed(0)} MB; the limit is ${MAX_BYTES / 1048576} MB)`
		);
	}
	let buf: Buffer;
	try {
		buf = readFileSync(file);
	} catch (e) {
		throw new Failure(`${file}: ${fsReason(e)}`);
	}
	// UTF-16 with a byte-order mark (some spreadsheet exports); everything else is read as UTF-8.
	if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf);
	if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf);
	return buf.toString('utf8');
}

function fsReason(e: unknown): string {
	const code = (e as { code?: string }).code;
	switch (code) {
		case 'ENOENT':
			return 'no such file';
		case 'EACCES':
		case 'EPERM':
			return 'cannot be read (permission denied)';
		case 'EISDIR':
			return 'is a directory, not a CSV file';
		case 'ENOTDIR':
			return 'no such file (a part of the path is not a directory)';
		default:
			return `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
	}
}

const SOURCE_WORDS: Record<Source, string> = {
	resp: 'breathing belt (resp)',
	acc: 'accelerometer (ax/ay/az)',
	rr: 'heart beats (rr)',
	ecg: 'ECG (ecg)'
};

function durationOf(rec: Recording): number {
	let first = Infinity;
	let last = -Infinity;
	for (const ch of [rec.resp, rec.acc, rec.rr, rec.ecg]) {
		if (!ch || ch.t.length === 0) continue;
		first = Math.min(first, ch.t[0]);
		last = Math.max(last, ch.t[ch.t.length - 1]);
	}
	return last > first ? last - first : 0;
}

const fixed = (v: number, digits: number): string => v.toFixed(digits);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The short human summary. */
export function summarize(result: AnalysisResult, file: string, rec: Recording): string {
	const s = result.summary;
	const channels = (['resp', 'acc', 'rr', 'ecg'] as const).filter((k) => rec[k]).join(', ');
	const lines = [
		`${file}: ${fixed(durationOf(rec), 1)} s (channels: ${channels}), pattern ${result.pattern}`,
		`Source: ${SOURCE_WORDS[result.source] ?? result.source}`
	];
	if (result.phaseCapable) {
		lines.push(
			`Breaths: ${s.breaths}` +
				(s.ratePerMin !== null ? `, ${fixed(s.ratePerMin, 1)} per minute` : ', rate unknown')
		);
		lines.push(
			s.adherence !== null
				? `Adherence: ${Math.round(s.adherence * 100)}% of breaths met the pattern`
				: 'Adherence: not known (no complete breaths)'
		);
		const issue = commonestIssue(result.breaths);
		lines.push(
			issue
				? `Commonest issue: ${issue.words} (${issue.count} of ${plural(s.breaths, 'breath')})`
				: 'Commonest issue: none'
		);
	} else {
		lines.push(
			'Only the breathing rate is known, from the heart beats: phases and adherence need a belt or accelerometer.'
		);
		lines.push(
			`Breathing rate: ${s.ratePerMin !== null ? `${fixed(s.ratePerMin, 1)} per minute (from heart-rate variation)` : 'not known'}`
		);
	}
	if (s.heartRate !== null || s.rmssd !== null) {
		const parts: string[] = [];
		if (s.heartRate !== null) parts.push(`${Math.round(s.heartRate)} bpm`);
		if (s.rmssd !== null) parts.push(`RMSSD ${Math.round(s.rmssd)} ms`);
		lines.push(`Heart rate: ${parts.join(', ')}`);
	}
	lines.push(`Apneas: ${result.apneas.length}; signal gaps: ${result.gaps.length}`);
	const holds = result.stretch.holds;
	if (holds.length === 0) lines.push('Stretch holds: none');
	else {
		const flagged = holds.filter((h) => !h.ok);
		const why = new Map<string, number>();
		for (const h of flagged) for (const i of h.issues) why.set(i, (why.get(i) ?? 0) + 1);
		const reasons = [...why].map(([i, n]) => `${i} ×${n}`).join(', ');
		lines.push(
			`Stretch holds: ${holds.length - flagged.length} ok, ${flagged.length} flagged${reasons ? ` (${reasons})` : ''}`
		);
	}
	return lines.join('\n');
}

/**
 * JSON with the top-level objects spread over lines and each array element (a breath, a gap, a
 * hold) compact on one line: readable, diffable, and still exactly `JSON.stringify`'s data.
 */
export function formatJson(value: unknown, indent = ''): string {
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		return `[\n${value.map((v) => `${indent}  ${JSON.stringify(v) ?? 'null'}`).join(',\n')}\n${indent}]`;
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
		if (entries.length === 0) return '{}';
		const body = entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${formatJson(v, indent + '  ')}`);
		return `{\n${body.join(',\n')}\n${indent}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

type AnalyzeFn = typeof import('../src/lib/core/engine/engine').analyzeRecording;

async function loadEngine(): Promise<AnalyzeFn> {
	// Loaded only when there is something to analyze, so argument and file errors stay fast.
	const engine = await import('../src/lib/core/engine/engine');
	return engine.analyzeRecording;
}

async function run(argv: string[]): Promise<number> {
	const parsed = parseCliArgs(argv);
	if (!parsed.ok) throw new Failure(parsed.error);
	if (parsed.help) {
		process.stdout.write(ANALYZE_HELP + '\n');
		return 0;
	}
	const args = parsed.args;
	const text = readText(args.file);
	// An exported session (JSON) brings its own samples and the settings it was recorded with;
	// --pattern, --hold, --rest and --polarity below still override them.
	const session = looksLikeJson(text) ? readSessionForAnalysis(text) : null;
	if (session && !session.ok) throw new Failure(`${args.file}: ${session.error}`);
	const csv = session ? null : parseRecordingCsv(text, { map: args.map, rateHz: args.rateHz });
	if (csv && !csv.ok)
		throw new Failure(`${args.file}${csv.line !== undefined ? `:${csv.line}` : ''}: ${csv.error}`);
	const rec = session?.ok ? session.recording : csv?.ok ? csv.recording : {};
	const warnings = csv?.ok ? [...csv.warnings] : [];
	if (args.polarity && !rec.resp)
		warnings.push('--polarity applies to the belt (resp) channel, and this file has none');

	const analyzeRecording = await loadEngine();
	const options: NonNullable<Parameters<AnalyzeFn>[1]> = session?.ok ? { ...session.options } : {};
	if (args.pattern) options.pattern = args.pattern;
	// Targets given here hold for the whole recording, over the programme's own.
	if (args.holdSeconds !== undefined || args.restSeconds !== undefined) delete options.targetChanges;
	if (args.holdSeconds !== undefined) options.holdSeconds = args.holdSeconds;
	if (args.restSeconds !== undefined) options.restSeconds = args.restSeconds;
	if (args.polarity) options.beltRisesOnInhale = args.polarity === 'normal';
	const result = analyzeRecording(rec, options);

	for (const w of warnings) process.stderr.write(`analyze: warning: ${one(w)}\n`);
	process.stdout.write((args.json ? formatJson(result) : summarize(result, args.file, rec)) + '\n');
	return 0;
}

export async function main(argv: string[]): Promise<number> {
	try {
		return await run(argv);
	} catch (e) {
		if (e instanceof Failure) process.stderr.write(`analyze: ${one(e.message)}\n`);
		else process.stderr.write(`analyze: internal error: ${firstLine(e).trim()}\n`);
		return 2;
	}
}

if (isEntryPoint(import.meta.url)) {
	const fatal = (e: unknown): void => {
		process.stderr.write(`analyze: internal error: ${firstLine(e).trim()}\n`);
		process.exit(2);
	};
	process.on('uncaughtException', fatal);
	process.on('unhandledRejection', fatal);
	// `analyze FILE --json | head`: a closed pipe is not an error worth a message.
	process.stdout.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code === 'EPIPE') process.exit(0);
		fatal(e);
	});
	main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	}, fatal);
}
