import { describe, expect, it } from 'vitest';
import { parseRecordingCsv, type ParseCsvOptions } from './csv';

function ok(text: string, options?: ParseCsvOptions) {
	const r = parseRecordingCsv(text, options);
	if (!r.ok) throw new Error(`expected ok, got line ${r.line}: ${r.error}`);
	return r;
}

function bad(text: string, options?: ParseCsvOptions) {
	const r = parseRecordingCsv(text, options);
	if (r.ok) throw new Error('expected an error');
	// One sentence: no line breaks.
	expect(r.error).not.toMatch(/[\r\n]/);
	return r;
}

const arr = (a: Float64Array | undefined) => Array.from(a ?? []);

describe('parseRecordingCsv: good input', () => {
	it('reads a dense file with every channel', () => {
		const r = ok('t,resp,ax,ay,az,rr,ecg\n0,1,10,20,30,800,5\n0.5,2,11,21,31,810,6\n');
		expect(r.rows).toBe(2);
		expect(r.warnings).toEqual([]);
		expect(arr(r.recording.resp?.t)).toEqual([0, 0.5]);
		expect(arr(r.recording.resp?.value)).toEqual([1, 2]);
		expect(arr(r.recording.acc?.x)).toEqual([10, 11]);
		expect(arr(r.recording.acc?.y)).toEqual([20, 21]);
		expect(arr(r.recording.acc?.z)).toEqual([30, 31]);
		expect(arr(r.recording.rr?.rrMs)).toEqual([800, 810]);
		expect(arr(r.recording.ecg?.value)).toEqual([5, 6]);
	});

	it('splits sparse, interleaved rows into channels by their filled cells', () => {
		const text = [
			't,ax,ay,az,rr,resp',
			'0.00,1,2,3,,',
			'0.01,,,,,100',
			'0.02,4,5,6,,',
			'0.02,,,,812,',
			'0.03,7,8,9,,101',
			'0.04,,,,,'
		].join('\n');
		const r = ok(text);
		expect(r.rows).toBe(6);
		expect(arr(r.recording.acc?.t)).toEqual([0, 0.02, 0.03]);
		expect(arr(r.recording.acc?.z)).toEqual([3, 6, 9]);
		expect(arr(r.recording.rr?.t)).toEqual([0.02]);
		expect(arr(r.recording.rr?.rrMs)).toEqual([812]);
		expect(arr(r.recording.resp?.t)).toEqual([0.01, 0.03]);
		expect(arr(r.recording.resp?.value)).toEqual([100, 101]);
		expect(r.recording.ecg).toBeUndefined();
		// Arrays are exactly sized, not views on a larger buffer.
		expect(r.recording.acc?.t.buffer.byteLength).toBe(3 * 8);
	});

	it('handles CRLF, a BOM, quoted headers and cells, blank cells and no final newline', () => {
		const r = ok('\uFEFF"t","resp"\r\n0,"1.5"\r\n1, 2 \r\n2,\r\n3,4');
		expect(arr(r.recording.resp?.t)).toEqual([0, 1, 3]);
		expect(arr(r.recording.resp?.value)).toEqual([1.5, 2, 4]);
		expect(r.rows).toBe(4);
	});

	it('accepts a trailing empty line and warns about blank lines in the middle', () => {
		expect(ok('t,resp\n0,1\n1,2\n\n').warnings).toEqual([]);
		const r = ok('t,resp\n0,1\n\n1,2\n');
		expect(r.rows).toBe(2);
		expect(r.warnings).toEqual(['skipped 1 blank line']);
	});

	it('accepts bare-CR line ends and tab or semicolon delimiters', () => {
		expect(arr(ok('t,resp\r0,1\r1,2\r').recording.resp?.value)).toEqual([1, 2]);
		expect(arr(ok('t\tresp\n0\t1\n1\t2\n').recording.resp?.value)).toEqual([1, 2]);
		expect(arr(ok('t;resp\n0;1\n1;2\n').recording.resp?.value)).toEqual([1, 2]);
	});

	it('does not count blank lines at the end, even several', () => {
		expect(ok('t,resp\n0,1\n\n\r\n\n').warnings).toEqual([]);
	});

	it('ignores unknown columns with a warning, and # comment lines before the header', () => {
		const r = ok('# recorded 2024-01-01\nt,PPG,resp,note\n0,9,1,x\n1,9,2,y\n');
		expect(arr(r.recording.resp?.value)).toEqual([1, 2]);
		expect(r.warnings).toEqual(['ignored columns: PPG, note']);
	});

	it('matches Tidal column names case-insensitively', () => {
		const r = ok('T,RESP,Rr\n0,1,800\n');
		expect(arr(r.recording.resp?.value)).toEqual([1]);
		expect(arr(r.recording.rr?.rrMs)).toEqual([800]);
	});

	it('renames columns with map, including the time column, exact case first', () => {
		const r = ok('t_s,RSP,rsp,ECG\n0,1,-1,5\n1,2,-2,6\n', { map: { t: 't_s', resp: 'rsp', ecg: 'ecg' } });
		expect(arr(r.recording.resp?.t)).toEqual([0, 1]);
		expect(arr(r.recording.resp?.value)).toEqual([-1, -2]);
		expect(arr(r.recording.ecg?.value)).toEqual([5, 6]);
		expect(r.warnings).toEqual(['ignored columns: RSP']);
	});

	it('a mapped column replaces a same-named one, which is then ignored', () => {
		const r = ok('t,resp,belt\n0,1,10\n', { map: { resp: 'belt' } });
		expect(arr(r.recording.resp?.value)).toEqual([10]);
		expect(r.warnings).toEqual(['ignored columns: resp']);
	});

	it('maps the blank-named index column with an empty name', () => {
		const r = ok(',0,1\n-15.0,0.5,0.6\n-14.95,0.7,0.8\n', { map: { t: '', resp: '1' } });
		expect(arr(r.recording.resp?.t)).toEqual([-15, -14.95]);
		expect(arr(r.recording.resp?.value)).toEqual([0.6, 0.8]);
	});

	it('makes time from the rate when there is no t column, counting rows with empty cells', () => {
		const r = ok('resp,rr\n1,\n2,\n,700\n4,\n', { rateHz: 4 });
		expect(arr(r.recording.resp?.t)).toEqual([0, 0.25, 0.75]);
		expect(arr(r.recording.rr?.t)).toEqual([0.5]);
	});

	it('prefers the t column over a rate, with a warning', () => {
		const r = ok('t,resp\n0,1\n0.5,2\n', { rateHz: 100 });
		expect(arr(r.recording.resp?.t)).toEqual([0, 0.5]);
		expect(r.warnings[0]).toMatch(/time column.*100 Hz/);
	});

	it('leaves out a channel whose column is empty on every row, with a warning', () => {
		const r = ok('t,resp,rr\n0,1,\n1,2,\n');
		expect(r.recording.rr).toBeUndefined();
		expect(r.warnings).toEqual(['column rr has no values and was left out']);
	});

	it('allows equal times (an accelerometer row and a beat row at the same instant)', () => {
		const r = ok('t,ax,ay,az,rr\n1,0,0,1000,\n1,,,,900\n');
		expect(r.recording.acc?.t.length).toBe(1);
		expect(r.recording.rr?.t.length).toBe(1);
	});
});

describe('parseRecordingCsv: bad input gives one sentence and the line', () => {
	it('empty file', () => {
		for (const text of ['', '\uFEFF', '\n\n', '  \r\n']) {
			const r = bad(text);
			expect(r.error).toBe('the file is empty');
			expect(r.line).toBeUndefined();
		}
	});

	it('binary file: NUL bytes, with the line of the first one', () => {
		const r = bad('t,resp\n0,1\n\u0000\u0001\u0002PNG');
		expect(r.error).toMatch(/binary file.*NUL/);
		expect(r.line).toBe(3);
	});

	it('binary file: mostly non-text characters', () => {
		let junk = '';
		for (let i = 0; i < 400; i++)
			junk += String.fromCharCode(i % 3 === 0 ? 0xfffd : 1 + (i % 7), 65 + (i % 26));
		const r = bad(junk);
		expect(r.error).toMatch(/binary file.*non-text/);
		expect(r.line).toBe(1);
	});

	it('headerless file', () => {
		const r = bad('2.2115e-01,9.36e+02\n1.2566,1020\n');
		expect(r.error).toMatch(/no header row.*"2\.2115e-01,9\.36e\+02".*only numbers/);
		expect(r.line).toBe(1);
		// After # comments (BioSPPy's text format) the header line is the first other line.
		expect(bad('# a\n# b\n2094.0\n2093.0\n').line).toBe(3);
	});

	it('missing t column (and no rate)', () => {
		const r = bad('time,resp\n0,1\n');
		expect(r.error).toMatch(/no t \(time in seconds\) column: found time, resp; .*--map t=COLUMN.*--rate/);
		expect(r.line).toBe(1);
	});

	it('no known channel column', () => {
		const r = bad('\n\nBelt,PPG,RSP\n1,2,3\n');
		expect(r.error).toMatch(
			/^the header has none of t, resp, ax\/ay\/az, rr, ecg: found Belt, PPG, RSP; use --map/
		);
		expect(r.line).toBe(3);
		expect(bad('t,x\n0,1\n').error).toMatch(/has none of .*found t, x/);
	});

	it('map naming a column the file lacks, or an unknown Tidal name', () => {
		const r = bad('t,RSP\n0,1\n', { map: { resp: 'BELT' } });
		expect(r.error).toBe('map resp=BELT: the header has no column "BELT" (found: t, RSP)');
		expect(r.line).toBe(1);
		expect(bad('t,RSP\n0,1\n', { map: { breath: 'RSP' } }).error).toMatch(/cannot map "breath".*t, resp, ax/);
		expect(bad('t,RSP\n0,1\n', { map: { resp: 'RSP', ecg: 'RSP' } }).error).toMatch(
			/map ecg=RSP: column "RSP" is already used for resp/
		);
	});

	it('a bad rate', () => {
		expect(bad('resp\n1\n', { rateHz: 0 }).error).toMatch(/sample rate must be a positive number/);
		expect(bad('resp\n1\n', { rateHz: NaN }).error).toMatch(/sample rate/);
	});

	it('duplicate column names', () => {
		const r = bad('t,resp,resp\n0,1,2\n');
		expect(r.error).toMatch(/2 columns named "resp" \(columns 2 and 3\)/);
		expect(r.line).toBe(1);
	});

	it('non-numeric value: quotes the cell and names the column', () => {
		const r = bad('t,resp,ecg\n0,1,2\n0.01,1,abc\n');
		expect(r.error).toBe('column ecg: "abc" is not a number');
		expect(r.line).toBe(3);
		const mapped = bad('t_s,RSP\n0,1\n1,NaN\n', { map: { t: 't_s', resp: 'RSP' } });
		expect(mapped.error).toBe('column RSP (resp): "NaN" is not a number');
		expect(mapped.line).toBe(3);
		expect(bad('t,resp\nx,1\n').error).toBe('column t: "x" is not a number');
		expect(bad('t,resp\n0,Infinity\n').error).toMatch(/"Infinity" is not a number/);
		// Decimal commas end up as a wrong cell count or a non-number, never a silent misread.
		expect(bad('t;resp\n0;1,5\n').error).toBe('column resp: "1,5" is not a number');
	});

	it('time going backwards', () => {
		const r = bad('t,resp\n0,1\n0.5,1\n0.25,1\n');
		expect(r.error).toBe('time goes backwards: t = 0.25 comes after 0.5 on line 3');
		expect(r.line).toBe(4);
	});

	it('a row with values but no time', () => {
		const r = bad('t,resp\n0,1\n,2\n');
		expect(r.error).toMatch(/values but its t \(time\) cell is empty/);
		expect(r.line).toBe(3);
	});

	it('wrong column count on a row', () => {
		const r = bad('t,resp,ecg\r\n0,1,2\r\n1,2\r\n');
		expect(r.error).toBe('this row has 2 cells but the header has 3 columns');
		expect(r.line).toBe(3);
		const more = bad('t,resp\n0,1\n1,2,3\n');
		expect(more.error).toBe('this row has 3 cells but the header has 2 columns');
		expect(more.line).toBe(3);
	});

	it('partial accelerometer: header and row', () => {
		const h = bad('t,ax,ay\n0,1,2\n');
		expect(h.error).toMatch(/has ax and ay but no az: the accelerometer needs all three/);
		expect(h.line).toBe(1);
		const row = bad('t,ax,ay,az\n0,1,2,3\n0.02,1,,3\n');
		expect(row.error).toBe(
			'partial accelerometer row: ax and az have values but ay is empty (fill all three or none)'
		);
		expect(row.line).toBe(3);
	});

	it('a non-positive R-R interval', () => {
		const r = bad('t,rr\n0,800\n1,-980\n');
		expect(r.error).toMatch(/column rr: "-980" is not a positive R-R interval in ms/);
		expect(r.line).toBe(3);
	});

	it('an unclosed quote', () => {
		const r = bad('t,resp\n0,"1\n');
		expect(r.error).toMatch(/quoted cell is not closed/);
		expect(r.line).toBe(2);
	});

	it('header but no data rows', () => {
		const r = bad('t,resp\n');
		expect(r.error).toMatch(/header \(line 1\) but no data rows/);
		expect(r.line).toBe(2);
	});

	it('every channel empty', () => {
		const r = bad('t,resp\n0,\n1,\n');
		expect(r.error).toBe('no data: resp is empty on every row');
	});
});
