/**
 * Reads a recording from CSV text: a header row, a time column `t` (seconds) and any of `resp`,
 * `ax,ay,az` (mg), `rr` (ms; empty = no beat on that row) and `ecg` (µV). Columns may be sparse:
 * each channel takes the rows where its cells are filled, so accelerometer rows and beat rows can
 * be interleaved by time. Pure TypeScript (no Node, no DOM): the CLI, tests and the browser's
 * file import share it.
 *
 * Built for an hour of 200 Hz data (~720k rows): one pass over the text with `indexOf`, cells
 * sliced only for the columns Tidal uses, `Number()` parsing, growable Float64Array buffers.
 */
import type { Recording } from './recording';

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

/** Tidal's column names, in role order. */
export const CSV_COLUMNS = ['t', 'resp', 'ax', 'ay', 'az', 'rr', 'ecg'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const T = 0;
const RESP = 1;
const AX = 2;
const AY = 3;
const AZ = 4;
const RR = 5;
const ECG = 6;
const ACC_MASK = (1 << AX) | (1 << AY) | (1 << AZ);

/** A Float64Array that doubles when full; `done()` returns an exactly sized copy. */
class Grow {
	a = new Float64Array(4096);
	n = 0;
	push(v: number): void {
		if (this.n === this.a.length) {
			const b = new Float64Array(this.a.length * 2);
			b.set(this.a);
			this.a = b;
		}
		this.a[this.n++] = v;
	}
	done(): Float64Array {
		return this.a.slice(0, this.n);
	}
}

class CsvError extends Error {
	constructor(
		message: string,
		readonly line?: number
	) {
		super(message);
	}
}

/** Shortens a cell or line for quoting in a message. */
function quote(s: string, max = 40): string {
	let clean = '';
	for (const ch of s) clean += ch < ' ' || ch === '\u007f' ? '?' : ch;
	return JSON.stringify(clean.length > max ? clean.slice(0, max - 1) + '…' : clean);
}

function listNames(names: string[], max = 12): string {
	const shown = names.slice(0, max).map((n) => (n === '' ? '(blank)' : n));
	return shown.join(', ') + (names.length > max ? `, … (${names.length} columns)` : '');
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/** Splits one line with quote handling (the slow path, used only for lines containing `"`). */
function splitQuoted(text: string, start: number, end: number, delim: number, lineNo: number): string[] {
	const cells: string[] = [];
	let cell = '';
	let i = start;
	let inQuotes = false;
	while (i < end) {
		const c = text.charCodeAt(i);
		if (inQuotes) {
			if (c === 34) {
				if (i + 1 < end && text.charCodeAt(i + 1) === 34) {
					cell += '"';
					i += 2;
					continue;
				}
				inQuotes = false;
			} else cell += text[i];
		} else if (c === delim) {
			cells.push(cell);
			cell = '';
		} else if (c === 34 && cell.trim() === '') {
			cell = '';
			inQuotes = true;
		} else cell += text[i];
		i++;
	}
	if (inQuotes) throw new CsvError('a quoted cell is not closed (missing ")', lineNo);
	cells.push(cell);
	return cells;
}

/** Finds a header column by name: exact match first, then a unique case-insensitive match. */
function findColumn(header: string[], name: string, taken: Int8Array, what: string, lineNo: number): number {
	const exact: number[] = [];
	for (let j = 0; j < header.length; j++) if (header[j] === name && taken[j] < 0) exact.push(j);
	if (exact.length > 1) {
		throw new CsvError(
			`the header has ${exact.length} columns named ${quote(name)} (columns ${exact.map((j) => j + 1).join(' and ')}), so ${what} is ambiguous`,
			lineNo
		);
	}
	if (exact.length === 1) return exact[0];
	const lower = name.toLowerCase();
	const loose: number[] = [];
	for (let j = 0; j < header.length; j++)
		if (header[j].toLowerCase() === lower && taken[j] < 0) loose.push(j);
	if (loose.length > 1) {
		throw new CsvError(
			`columns ${loose.map((j) => quote(header[j])).join(' and ')} both match ${quote(name)} ignoring case, so ${what} is ambiguous`,
			lineNo
		);
	}
	return loose.length === 1 ? loose[0] : -1;
}

function isBinary(text: string): { line: number; why: string } | null {
	const nul = text.indexOf('\u0000');
	if (nul >= 0) return { line: lineOf(text, nul), why: 'it contains NUL bytes' };
	const n = Math.min(text.length, 4096);
	let bad = 0;
	let first = -1;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 127 && c < 160) || c === 0xfffd) {
			bad++;
			if (first < 0) first = i;
		}
	}
	if (bad > 0 && bad >= n * 0.1)
		return { line: lineOf(text, first), why: 'over a tenth of its first 4 KB is non-text bytes' };
	return null;
}

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

	const len = text.length;
	// LF or CRLF (a CR before the LF is dropped); a file with no LF at all may use bare CR.
	const eol = text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? '\r' : '\n';
	let pos = 0;
	let lineNo = 0;
	let lineEnd = 0;
	let next = 0;
	const nextLine = (): boolean => {
		if (pos >= len) return false;
		let end = text.indexOf(eol, pos);
		if (end < 0) end = len;
		next = end + 1;
		lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
		lineNo++;
		return true;
	};

	// Header: the first line that is not blank and not a `#` comment.
	let headerLine = 0;
	let headerText = '';
	while (nextLine()) {
		const s = text.slice(pos, lineEnd);
		pos = next;
		if (s.trim() === '' || s.trimStart().startsWith('#')) continue;
		headerLine = lineNo;
		headerText = s;
		break;
	}
	if (headerLine === 0) throw new CsvError('the file has no lines other than blank lines and # comments');

	const delimChar = headerText.includes(',')
		? ','
		: headerText.includes('\t')
			? '\t'
			: headerText.includes(';')
				? ';'
				: ',';
	const delim = delimChar.charCodeAt(0);
	const header = splitQuoted(headerText, 0, headerText.length, delim, headerLine).map((h) => h.trim());
	const ncols = header.length;

	if (header.every((h) => h !== '' && Number.isFinite(Number(h)))) {
		throw new CsvError(
			`the file has no header row: its first line ${quote(headerText)} holds only numbers; add a first line naming the columns (e.g. t,rr or t,resp)`,
			headerLine
		);
	}

	const { roleOf, colOf, label, hasResp, hasAcc, hasRr, hasEcg } = assignColumns(
		header,
		map,
		headerLine,
		rate,
		warnings
	);

	// Data rows.
	const respT = new Grow();
	const respV = new Grow();
	const accT = new Grow();
	const accX = new Grow();
	const accY = new Grow();
	const accZ = new Grow();
	const rrT = new Grow();
	const rrV = new Grow();
	const ecgT = new Grow();
	const ecgV = new Grow();

	const cells = ['', '', '', '', '', '', ''];
	const vals = new Float64Array(7);
	let rows = 0;
	let blankLines = 0;
	/** Blank lines seen since the last data row: counted only if another row follows. */
	let pendingBlank = 0;
	let lastT = -Infinity;
	let lastTLine = 0;
	let nextQuote = -1;
	let nextDelim = -1;
	const tCol = colOf[T];

	while (nextLine()) {
		const start = pos;
		pos = next;
		if (lineEnd === start) {
			pendingBlank++;
			continue;
		}
		for (let r = 0; r < 7; r++) cells[r] = '';

		if (nextQuote < start && nextQuote !== len) {
			nextQuote = text.indexOf('"', start);
			if (nextQuote < 0) nextQuote = len;
		}
		if (nextQuote < lineEnd) {
			const parts = splitQuoted(text, start, lineEnd, delim, lineNo);
			if (parts.length !== ncols) {
				if (parts.every((p) => p.trim() === '')) {
					pendingBlank++;
					continue;
				}
				throw new CsvError(`this row has ${parts.length} cells but the header has ${ncols} columns`, lineNo);
			}
			for (let j = 0; j < ncols; j++) if (roleOf[j] >= 0) cells[roleOf[j]] = parts[j];
		} else {
			let p = start;
			let j = 0;
			for (;;) {
				if (nextDelim < p && nextDelim !== len) {
					nextDelim = text.indexOf(delimChar, p);
					if (nextDelim < 0) nextDelim = len;
				}
				const q = nextDelim < lineEnd ? nextDelim : lineEnd;
				if (j < ncols) {
					const r = roleOf[j];
					if (r >= 0 && q > p) cells[r] = text.slice(p, q);
				}
				j++;
				if (q === lineEnd) break;
				p = q + 1;
			}
			if (j !== ncols) {
				if (text.slice(start, lineEnd).trim() === '') {
					pendingBlank++;
					continue;
				}
				throw new CsvError(`this row has ${j} cells but the header has ${ncols} columns`, lineNo);
			}
		}
		rows++;
		blankLines += pendingBlank;
		pendingBlank = 0;

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

		if (mask & (1 << RESP)) {
			respT.push(t);
			respV.push(vals[RESP]);
		}
		const acc = mask & ACC_MASK;
		if (acc === ACC_MASK) {
			accT.push(t);
			accX.push(vals[AX]);
			accY.push(vals[AY]);
			accZ.push(vals[AZ]);
		} else if (acc !== 0) {
			const have = [AX, AY, AZ].filter((r) => mask & (1 << r)).map((r) => label(r));
			const lack = [AX, AY, AZ].filter((r) => !(mask & (1 << r))).map((r) => label(r));
			throw new CsvError(
				`partial accelerometer row: ${have.join(' and ')} ${have.length > 1 ? 'have values' : 'has a value'} but ${lack.join(' and ')} ${lack.length > 1 ? 'are' : 'is'} empty (fill all three or none)`,
				lineNo
			);
		}
		if (mask & (1 << RR)) {
			const rr = vals[RR];
			if (!(rr > 0)) {
				throw new CsvError(
					`column ${label(RR)}: ${quote(cells[RR].trim())} is not a positive R-R interval in ms`,
					lineNo
				);
			}
			rrT.push(t);
			rrV.push(rr);
		}
		if (mask & (1 << ECG)) {
			ecgT.push(t);
			ecgV.push(vals[ECG]);
		}
	}

	if (rows === 0)
		throw new CsvError(`the file has a header (line ${headerLine}) but no data rows`, headerLine + 1);
	if (blankLines > 0) warnings.push(`skipped ${blankLines} blank line${blankLines > 1 ? 's' : ''}`);

	const recording = assemble(
		{ hasResp, hasAcc, hasRr, hasEcg, label },
		{ respT, respV, accT, accX, accY, accZ, rrT, rrV, ecgT, ecgV },
		warnings
	);
	return { ok: true, recording, rows, warnings };
}

/** Which column plays which of Tidal's roles: mapped names first, then Tidal's own names. */
function assignColumns(
	header: string[],
	map: Record<string, string>,
	headerLine: number,
	rate: number | undefined,
	warnings: string[]
) {
	const ncols = header.length;
	const roleOf = new Int8Array(ncols).fill(-1);
	const colOf = [-1, -1, -1, -1, -1, -1, -1];
	for (let r = 0; r < CSV_COLUMNS.length; r++) {
		const name = map[CSV_COLUMNS[r]];
		if (name === undefined) continue;
		const what = `map ${CSV_COLUMNS[r]}=${name}`;
		const j = findColumn(header, name, roleOf, what, headerLine);
		if (j < 0) {
			const clash = findColumn(header, name, new Int8Array(ncols).fill(-1), what, headerLine);
			throw new CsvError(
				clash >= 0
					? `${what}: column ${quote(header[clash])} is already used for ${CSV_COLUMNS[roleOf[clash]]}`
					: `${what}: the header has no column ${quote(name)} (found: ${listNames(header)})`,
				headerLine
			);
		}
		roleOf[j] = r;
		colOf[r] = j;
	}
	for (let r = 0; r < CSV_COLUMNS.length; r++) {
		if (colOf[r] >= 0 || map[CSV_COLUMNS[r]] !== undefined) continue;
		const j = findColumn(header, CSV_COLUMNS[r], roleOf, `column ${CSV_COLUMNS[r]}`, headerLine);
		if (j >= 0) {
			roleOf[j] = r;
			colOf[r] = j;
		}
	}

	const label = (r: number): string => {
		const name = header[colOf[r]];
		return name === CSV_COLUMNS[r] ? CSV_COLUMNS[r] : `${name === '' ? '(blank)' : name} (${CSV_COLUMNS[r]})`;
	};

	const accCols = [AX, AY, AZ].filter((r) => colOf[r] >= 0);
	if (accCols.length > 0 && accCols.length < 3) {
		const missing = [AX, AY, AZ].filter((r) => colOf[r] < 0).map((r) => CSV_COLUMNS[r]);
		throw new CsvError(
			`the header has ${accCols.map((r) => CSV_COLUMNS[r]).join(' and ')} but no ${missing.join(' or ')}: the accelerometer needs all three of ax, ay, az`,
			headerLine
		);
	}
	const hasResp = colOf[RESP] >= 0;
	const hasAcc = accCols.length === 3;
	const hasRr = colOf[RR] >= 0;
	const hasEcg = colOf[ECG] >= 0;
	if (!hasResp && !hasAcc && !hasRr && !hasEcg) {
		throw new CsvError(
			`the header has none of t, resp, ax/ay/az, rr, ecg: found ${listNames(header)}; use --map (e.g. --map resp=${header.find((h) => h !== '') ?? 'NAME'}) to say which column is which`,
			headerLine
		);
	}
	const hasT = colOf[T] >= 0;
	if (!hasT && rate === undefined) {
		throw new CsvError(
			`the header has no t (time in seconds) column: found ${listNames(header)}; name it with --map t=COLUMN or give the sample rate with --rate HZ`,
			headerLine
		);
	}
	if (hasT && rate !== undefined)
		warnings.push(`the file has a time column, so the rate ${rate} Hz was not used`);
	const ignored = header.filter((_, j) => roleOf[j] < 0);
	if (ignored.length) warnings.push(`ignored columns: ${listNames(ignored)}`);
	return { roleOf, colOf, label, hasResp, hasAcc, hasRr, hasEcg };
}

/** The channels that got values, as a Recording; empty channels are left out with a warning. */
function assemble(
	has: { hasResp: boolean; hasAcc: boolean; hasRr: boolean; hasEcg: boolean; label: (r: number) => string },
	c: Record<'respT' | 'respV' | 'accT' | 'accX' | 'accY' | 'accZ' | 'rrT' | 'rrV' | 'ecgT' | 'ecgV', Grow>,
	warnings: string[]
): Recording {
	const { hasResp, hasAcc, hasRr, hasEcg, label } = has;
	const { respT, respV, accT, accX, accY, accZ, rrT, rrV, ecgT, ecgV } = c;
	const recording: Recording = {};
	const empty: string[] = [];
	if (hasResp) {
		if (respT.n) recording.resp = { t: respT.done(), value: respV.done() };
		else empty.push(label(RESP));
	}
	if (hasAcc) {
		if (accT.n) recording.acc = { t: accT.done(), x: accX.done(), y: accY.done(), z: accZ.done() };
		else empty.push(`${label(AX)}/${label(AY)}/${label(AZ)}`);
	}
	if (hasRr) {
		if (rrT.n) recording.rr = { t: rrT.done(), rrMs: rrV.done() };
		else empty.push(label(RR));
	}
	if (hasEcg) {
		if (ecgT.n) recording.ecg = { t: ecgT.done(), value: ecgV.done() };
		else empty.push(label(ECG));
	}
	if (!recording.resp && !recording.acc && !recording.rr && !recording.ecg) {
		throw new CsvError(`no data: ${empty.join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty on every row`);
	}
	for (const e of empty) warnings.push(`column ${e} has no values and was left out`);
	return recording;
}
