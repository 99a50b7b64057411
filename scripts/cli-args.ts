/**
 * Command-line arguments of the offline analyzer (`npm run analyze -- FILE ...`). Pure: returns
 * a result or one error sentence, never throws, so the script decides how to print and exit.
 */
import { parsePattern, type BreathPattern } from '../src/lib/core/engine/pattern';
import { stretchSecondsError } from '../src/lib/core/engine/settings';
import { CSV_COLUMNS } from '../src/lib/core/recording/csv';

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

const VALUE_FLAGS = ['--pattern', '--hold', '--rest', '--map', '--rate', '--polarity'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function positive(flag: string, text: string, max: number, unit: string): number | string {
	const v = text.trim() === '' ? NaN : Number(text);
	if (!Number.isFinite(v) || v <= 0) return `${flag} needs a positive number of ${unit}, not "${text}"`;
	if (v > max) return `${flag} ${text} is too large (at most ${max} ${unit})`;
	return v;
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
	const files: string[] = [];
	const seen = new Set<string>();
	let json = false;
	let pattern: BreathPattern | undefined;
	let holdSeconds: number | undefined;
	let restSeconds: number | undefined;
	let map: Record<string, string> | undefined;
	let rateHz: number | undefined;
	let polarity: 'normal' | 'inverted' | undefined;
	let onlyFiles = false;

	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (onlyFiles || !arg.startsWith('-') || arg === '-') {
			files.push(arg);
			continue;
		}
		if (arg === '--') {
			onlyFiles = true;
			continue;
		}
		if (arg === '-h' || arg === '--help') return { ok: true, help: true };
		if (arg === '--json') {
			json = true;
			continue;
		}
		const eq = arg.indexOf('=');
		const flag = eq > 0 ? arg.slice(0, eq) : arg;
		if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
			return { ok: false, error: `unknown option ${flag} (see --help)` };
		}
		let value: string;
		if (eq > 0) value = arg.slice(eq + 1);
		else {
			if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) {
				return { ok: false, error: `${flag} needs a value (see --help)` };
			}
			value = argv[++i];
		}
		if (flag !== '--map' && seen.has(flag)) return { ok: false, error: `${flag} is given twice` };
		seen.add(flag);

		switch (flag as ValueFlag) {
			case '--pattern': {
				const p = parsePattern(value);
				if ('error' in p) return { ok: false, error: `--pattern: ${p.error}` };
				pattern = p;
				break;
			}
			case '--hold':
			case '--rest': {
				const v = value.trim() === '' ? NaN : Number(value);
				const error = stretchSecondsError(flag, v, value);
				if (error) return { ok: false, error };
				if (flag === '--hold') holdSeconds = v;
				else restSeconds = v;
				break;
			}
			case '--rate': {
				const v = positive(flag, value, 1_000_000, 'samples per second');
				if (typeof v === 'string') return { ok: false, error: v };
				rateHz = v;
				break;
			}
			case '--map': {
				const m = parseMap(value, map ?? {});
				if (typeof m === 'string') return { ok: false, error: m };
				map = m;
				break;
			}
			case '--polarity': {
				const v = value.trim().toLowerCase();
				if (v !== 'normal' && v !== 'inverted') {
					return { ok: false, error: `--polarity must be normal or inverted, not "${value}"` };
				}
				polarity = v;
				break;
			}
		}
	}

	if (files.length === 0)
		return { ok: false, error: 'no FILE given (usage: analyze FILE [options]; see --help)' };
	if (files.length > 1)
		return { ok: false, error: `give one FILE, not ${files.length} (${files.join(', ')})` };
	const args: AnalyzeArgs = { file: files[0], json };
	if (polarity) args.polarity = polarity;
	if (pattern) args.pattern = pattern;
	if (holdSeconds !== undefined) args.holdSeconds = holdSeconds;
	if (restSeconds !== undefined) args.restSeconds = restSeconds;
	if (map) args.map = map;
	if (rateHz !== undefined) args.rateHz = rateHz;
	return { ok: true, help: false, args };
}
