/**
 * The header of a recording's CSV: which line it is, the delimiter, and which column plays which
 * of Tidal's roles (mapped names first, then Tidal's own names, exact case before any case).
 */
import { CsvError, Lines, listNames, quote, splitQuoted } from './csv-text';

/** Tidal's column names, in role order. */
export const CSV_COLUMNS = ['t', 'resp', 'ax', 'ay', 'az', 'rr', 'ecg'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Roles, as indices into CSV_COLUMNS. */
export const T = 0;
export const RESP = 1;
export const AX = 2;
export const AY = 3;
export const AZ = 4;
export const RR = 5;
export const ECG = 6;

/** The header as read: its line, delimiter, cells and the roles of its columns. */
export interface CsvHeader extends ReturnType<typeof assignColumns> {
	line: number;
	delimiter: string;
	columns: number;
}

/** Reads lines up to the header, the first that is not blank and not a `#` comment. */
export function readHeader(
	lines: Lines,
	map: Record<string, string>,
	rate: number | undefined,
	warnings: string[]
): CsvHeader {
	const text = lines.text;
	let headerText = '';
	let line = 0;
	while (lines.advance()) {
		const s = text.slice(lines.start, lines.end);
		if (s.trim() === '' || s.trimStart().startsWith('#')) continue;
		line = lines.lineNo;
		headerText = s;
		break;
	}
	if (line === 0) throw new CsvError('the file has no lines other than blank lines and # comments');

	const delimiter = headerText.includes(',')
		? ','
		: headerText.includes('\t')
			? '\t'
			: headerText.includes(';')
				? ';'
				: ',';
	const header = splitQuoted(headerText, 0, headerText.length, delimiter.charCodeAt(0), line).map((h) =>
		h.trim()
	);
	if (header.every((h) => h !== '' && Number.isFinite(Number(h)))) {
		throw new CsvError(
			`the file has no header row: its first line ${quote(headerText)} holds only numbers; add a first line naming the columns (e.g. t,rr or t,resp)`,
			line
		);
	}
	return { line, delimiter, columns: header.length, ...assignColumns(header, map, line, rate, warnings) };
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
