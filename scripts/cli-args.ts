/**
 * Command-line arguments of the offline analyzer (`npm run analyze -- FILE ...`). Pure: returns
 * a result or one error sentence, never throws, so the script decides how to print and exit.
 */
import { parseArgs } from 'node:util';
import { parsePattern, type BreathPattern } from '../src/lib/core/engine/pattern';
import { stretchSecondsError } from '../src/lib/core/engine/settings';
import { CSV_COLUMNS } from '../src/lib/core/recording/csv-columns';

export interface AnalyzeArgs {
	file: string;
	json: boolean;
	pattern?: BreathPattern;
	holdSeconds?: number;
	restSeconds?: number;
	/** Tidal column name → file column name. */
	map?: Record<string, string>;
	rateHz?: number;
	/** Belt polarity when given: `inverted` = the belt signal falls on inhale. */
	polarity?: 'normal' | 'inverted';
}

export type ParsedArgs =
	{ ok: true; help: true } | { ok: true; help: false; args: AnalyzeArgs } | { ok: false; error: string };

export const ANALYZE_HELP = `Usage: npm run analyze -- FILE [options]

Analyzes a recorded CSV file and prints the breaths, adherence to a pattern, heart rate and
stretch holds.

FILE is a CSV with a header row: t (seconds) and any of resp (belt), ax,ay,az (accelerometer,
mg), rr (R-R interval, ms; leave empty on rows without a beat), ecg (µV). Channels may sit on
separate rows, interleaved by time. Other columns are ignored.

Options:
  --json               print the full result as JSON instead of a summary
  --pattern P          breathing pattern: a preset (5-1-4, coherent, 4-7-8, box) or seconds
                       like 5-1-4 or 4-4-4-4 (default 5-1-4)
  --hold S             stretch hold length in seconds
  --rest S             rest between stretch holds in seconds
  --map a=B,c=D        the file's column B is Tidal's a, e.g. --map t=t_s,resp=RSP,ecg=ECG
                       (names: ${CSV_COLUMNS.join(', ')}; "t=" with nothing after it means the
                       column with an empty name)
  --rate HZ            sample rate, for a file without a time column (t = row / rate)
  --polarity P         normal (the belt signal rises on inhale, the default) or inverted
  -h, --help           show this help

Exit code 0 on success, 2 on any error (one line on stderr).`;

/** The options, as `node:util` parseArgs reads them (values are checked below). */
const OPTIONS = {
	json: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
	pattern: { type: 'string' },
	hold: { type: 'string' },
	rest: { type: 'string' },
	map: { type: 'string', multiple: true },
	rate: { type: 'string' },
	polarity: { type: 'string' }
} as const;

function positive(flag: string, text: string, max: number, unit: string): number | string {
	const v = text.trim() === '' ? NaN : Number(text);
	if (!Number.isFinite(v) || v <= 0) return `${flag} needs a positive number of ${unit}, not "${text}"`;
	if (v > max) return `${flag} ${text} is too large (at most ${max} ${unit})`;
	return v;
}

/** parseArgs' own errors, in the analyzer's words. */
function argsError(e: unknown): string {
	const code = (e as { code?: string }).code;
	const message = e instanceof Error ? e.message : String(e);
	const option = /'(-[^' <]+)/.exec(message)?.[1] ?? 'an option';
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (see --help)`;
	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		return `${option} needs a value (see --help; a value starting with a dash goes as ${option}=VALUE)`;
	}
	return message.split(/[\r\n]/)[0];
}

/** Reads `resp=RSP,t=t_s` into an object; keys are Tidal's names (any case), values verbatim. */
export function parseMap(text: string, into: Record<string, string> = {}): Record<string, string> | string {
	for (const part of text.split(',')) {
		if (part.trim() === '') continue;
		const eq = part.indexOf('=');
		if (eq < 0) return `--map: "${part}" should look like name=COLUMN (e.g. resp=RSP)`;
		const key = part.slice(0, eq).trim().toLowerCase();
		const value = part.slice(eq + 1).trim();
		if (!(CSV_COLUMNS as readonly string[]).includes(key)) {
			return `--map: "${part.slice(0, eq).trim()}" is not one of Tidal's columns (${CSV_COLUMNS.join(', ')})`;
		}
		if (key in into) return `--map: ${key} is mapped twice`;
		into[key] = value;
	}
	if (Object.keys(into).length === 0) return `--map needs at least one name=COLUMN pair`;
	return into;
}

export function parseCliArgs(argv: string[]): ParsedArgs {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
	} catch (e) {
		return { ok: false, error: argsError(e) };
	}
	const { values, positionals: files, tokens } = parsed;
	if (values.help) return { ok: true, help: true };
	// Every option but --map (which adds pairs) and --json is given at most once.
	const seen = new Set<string>();
	for (const token of tokens) {
		if (token.kind !== 'option' || token.name === 'map' || token.name === 'json') continue;
		if (seen.has(token.name)) return { ok: false, error: `--${token.name} is given twice` };
		seen.add(token.name);
	}
	const args: AnalyzeArgs = { file: files[0], json: values.json ?? false };
	if (values.pattern !== undefined) {
		const p = parsePattern(values.pattern);
		if ('error' in p) return { ok: false, error: `--pattern: ${p.error}` };
		args.pattern = p;
	}
	for (const [flag, text] of [
		['--hold', values.hold],
		['--rest', values.rest]
	] as const) {
		if (text === undefined) continue;
		const v = text.trim() === '' ? NaN : Number(text);
		const error = stretchSecondsError(flag, v, text);
		if (error) return { ok: false, error };
		if (flag === '--hold') args.holdSeconds = v;
		else args.restSeconds = v;
	}
	if (values.map) {
		let map: Record<string, string> = {};
		for (const text of values.map) {
			const m = parseMap(text, map);
			if (typeof m === 'string') return { ok: false, error: m };
			map = m;
		}
		args.map = map;
	}
	if (values.rate !== undefined) {
		const v = positive('--rate', values.rate, 1_000_000, 'samples per second');
		if (typeof v === 'string') return { ok: false, error: v };
		args.rateHz = v;
	}
	if (values.polarity !== undefined) {
		const v = values.polarity.trim().toLowerCase();
		if (v !== 'normal' && v !== 'inverted') {
			return { ok: false, error: `--polarity must be normal or inverted, not "${values.polarity}"` };
		}
		args.polarity = v;
	}
	if (files.length === 0)
		return { ok: false, error: 'no FILE given (usage: analyze FILE [options]; see --help)' };
	if (files.length > 1)
		return { ok: false, error: `give one FILE, not ${files.length} (${files.join(', ')})` };
	return { ok: true, help: false, args };
}
