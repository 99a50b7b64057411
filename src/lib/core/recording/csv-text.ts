/**
 * The text side of CSV reading, shared by the header and the rows: lines, quoted cells, the
 * error a reader stops with (a message and its line) and how a cell is quoted in a message.
 */

export class CsvError extends Error {
	constructor(
		message: string,
		readonly line?: number
	) {
		super(message);
	}
}

/** Shortens a cell or line for quoting in a message. */
export function quote(s: string, max = 40): string {
	let clean = '';
	for (const ch of s) clean += ch < ' ' || ch === '\u007f' ? '?' : ch;
	return JSON.stringify(clean.length > max ? clean.slice(0, max - 1) + '…' : clean);
}

export function listNames(names: string[], max = 12): string {
	const shown = names.slice(0, max).map((n) => (n === '' ? '(blank)' : n));
	return shown.join(', ') + (names.length > max ? `, … (${names.length} columns)` : '');
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/**
 * The lines of a text, one at a time: after `advance()`, the line is `[start, end)` (its LF, and a
 * CR before it, left out) and `lineNo` its 1-based number. A text with no LF at all may use bare CR.
 */
export class Lines {
	start = 0;
	end = 0;
	lineNo = 0;
	private pos = 0;
	private readonly eol: string;

	constructor(readonly text: string) {
		this.eol = text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? '\r' : '\n';
	}

	advance(): boolean {
		const text = this.text;
		const pos = this.pos;
		if (pos >= text.length) return false;
		let end = text.indexOf(this.eol, pos);
		if (end < 0) end = text.length;
		this.start = pos;
		this.pos = end + 1;
		this.end = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
		this.lineNo++;
		return true;
	}
}

/** Splits one line with quote handling (the slow path, used only for lines containing `"`). */
export function splitQuoted(
	text: string,
	start: number,
	end: number,
	delim: number,
	lineNo: number
): string[] {
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

/** Why a text is not CSV but a binary file (null: it is text). */
export function isBinary(text: string): { line: number; why: string } | null {
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
