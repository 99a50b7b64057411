/**
 * Reads a recording from CSV text: a header row, a time column `t` (seconds) and any of `resp`,
 * `ax,ay,az` (mg), `rr` (ms; empty = no beat on that row) and `ecg` (µV). Columns may be sparse:
 * each channel takes the rows where its cells are filled, so accelerometer rows and beat rows can
 * be interleaved by time. Pure TypeScript (no Node, no DOM): the CLI, tests and the browser's
 * file import share it.
 *
 * Built for an hour of 200 Hz data (~720k rows): one pass over the text with `indexOf`, cells
 * sliced only for the columns Tidal uses, `Number()` parsing, growable Float64Array buffers.
 * The parts: the text (csv-text.ts), the header (csv-columns.ts), the rows (here), the channels
 * they fill (csv-channels.ts).
 */
import type { Recording } from './recording';
import { Channels } from './csv-channels';
import { CSV_COLUMNS, readHeader, T, type CsvHeader } from './csv-columns';
import { CsvError, isBinary, Lines, quote, splitQuoted } from './csv-text';

export interface ParseCsvOptions {
	/**
	 * Tidal name → file column name, e.g. `{ resp: 'RSP', t: 't_s' }`. Keys: t, resp, ax, ay, az,
	 * rr, ecg. The file column is matched case-sensitively first, then case-insensitively; an
	 * empty name means the column whose header cell is empty (e.g. a pandas index column).
	 */
	map?: Record<string, string>;
	/** Samples per second; gives time (t = row index / rate) to a file with no `t` column. */
	rateHz?: number;
}

export type ParseCsvResult =
	| { ok: true; recording: Recording; rows: number; warnings: string[] }
	| { ok: false; error: string; line?: number };

export function parseRecordingCsv(text: string, options: ParseCsvOptions = {}): ParseCsvResult {
	try {
		return parse(text, options);
	} catch (e) {
		if (e instanceof CsvError)
			return e.line === undefined
				? { ok: false, error: e.message }
				: { ok: false, error: e.message, line: e.line };
		throw e;
	}
}

function parse(text: string, options: ParseCsvOptions): ParseCsvResult {
	const warnings: string[] = [];
	const rate = options.rateHz;
	if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
		throw new CsvError(`the sample rate must be a positive number of samples per second, not ${rate}`);
	}
	const map = options.map ?? {};
	for (const key of Object.keys(map)) {
		if (!(CSV_COLUMNS as readonly string[]).includes(key)) {
			throw new CsvError(`cannot map ${quote(key)}: Tidal's columns are ${CSV_COLUMNS.join(', ')}`);
		}
	}

	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') throw new CsvError('the file is empty');
	const binary = isBinary(text);
	if (binary) throw new CsvError(`this is a binary file, not CSV text (${binary.why})`, binary.line);

	const lines = new Lines(text);
	const header = readHeader(lines, map, rate, warnings);
	const { label } = header;
	const channels = new Channels(header);
	const row = new RowCells(text, header);

	const vals = new Float64Array(7);
	let rows = 0;
	let blankLines = 0;
	/** Blank lines seen since the last data row: counted only if another row follows. */
	let pendingBlank = 0;
	let lastT = -Infinity;
	let lastTLine = 0;
	const tCol = header.colOf[T];

	while (lines.advance()) {
		const lineNo = lines.lineNo;
		if (!row.read(lines.start, lines.end, lineNo)) {
			pendingBlank++;
			continue;
		}
		rows++;
		blankLines += pendingBlank;
		pendingBlank = 0;

		const cells = row.cells;
		let mask = 0;
		for (let r = 0; r < 7; r++) {
			const s = cells[r];
			if (s.length === 0) continue;
			const v = Number(s);
			if (v === 0 && s.trim() === '') continue;
			if (!Number.isFinite(v)) {
				throw new CsvError(`column ${label(r)}: ${quote(s.trim())} is not a number`, lineNo);
			}
			vals[r] = v;
			mask |= 1 << r;
		}

		let t: number;
		if (tCol >= 0) {
			if ((mask & 1) === 0) {
				if (mask !== 0)
					throw new CsvError(`this row has values but its ${label(T)} (time) cell is empty`, lineNo);
				continue;
			}
			t = vals[T];
			if (t < lastT) {
				throw new CsvError(
					`time goes backwards: ${label(T)} = ${t} comes after ${lastT} on line ${lastTLine}`,
					lineNo
				);
			}
			lastT = t;
			lastTLine = lineNo;
		} else {
			t = (rows - 1) / (rate as number);
		}
		channels.add(t, mask, vals, cells, lineNo);
	}

	if (rows === 0)
		throw new CsvError(`the file has a header (line ${header.line}) but no data rows`, header.line + 1);
	if (blankLines > 0) warnings.push(`skipped ${blankLines} blank line${blankLines > 1 ? 's' : ''}`);
	return { ok: true, recording: channels.recording(warnings), rows, warnings };
}

/**
 * The cells of one data row that Tidal uses, by role (`cells[role]`, '' where the column is
 * absent or the cell empty). Lines without a quote take the fast path: `indexOf` the delimiter,
 * with the next quote and delimiter remembered across rows.
 */
class RowCells {
	readonly cells = ['', '', '', '', '', '', ''];
	private nextQuote = -1;
	private nextDelim = -1;
	private readonly delimCode: number;

	constructor(
		private readonly text: string,
		private readonly header: Pick<CsvHeader, 'delimiter' | 'columns' | 'roleOf'>
	) {
		this.delimCode = header.delimiter.charCodeAt(0);
	}

	/** Reads the line `[start, end)`: false for a blank line (no cells, or only empty ones). */
	read(start: number, end: number, lineNo: number): boolean {
		if (end === start) return false;
		const { text, cells } = this;
		const { columns, roleOf, delimiter } = this.header;
		const len = text.length;
		for (let r = 0; r < 7; r++) cells[r] = '';

		if (this.nextQuote < start && this.nextQuote !== len) {
			this.nextQuote = text.indexOf('"', start);
			if (this.nextQuote < 0) this.nextQuote = len;
		}
		if (this.nextQuote < end) {
			const parts = splitQuoted(text, start, end, this.delimCode, lineNo);
			if (parts.length !== columns) {
				if (parts.every((p) => p.trim() === '')) return false;
				throw new CsvError(
					`this row has ${parts.length} cells but the header has ${columns} columns`,
					lineNo
				);
			}
			for (let j = 0; j < columns; j++) if (roleOf[j] >= 0) cells[roleOf[j]] = parts[j];
			return true;
		}
		let p = start;
		let j = 0;
		for (;;) {
			if (this.nextDelim < p && this.nextDelim !== len) {
				this.nextDelim = text.indexOf(delimiter, p);
				if (this.nextDelim < 0) this.nextDelim = len;
			}
			const q = this.nextDelim < end ? this.nextDelim : end;
			if (j < columns) {
				const r = roleOf[j];
				if (r >= 0 && q > p) cells[r] = text.slice(p, q);
			}
			j++;
			if (q === end) break;
			p = q + 1;
		}
		if (j !== columns) {
			if (text.slice(start, end).trim() === '') return false;
			throw new CsvError(`this row has ${j} cells but the header has ${columns} columns`, lineNo);
		}
		return true;
	}
}
