import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyze } from '../support/cli';
import { formatJson, main } from '../../scripts/analyze';
import { parseCliArgs } from '../../scripts/cli-args';

// In-process only (the child-process runs below use the real engine): an engine that fails
// unexpectedly, to check that the CLI still prints one line and returns 2.
// In-process only: a file the operating system refuses to read (CI runs as root, where chmod
// cannot take read permission away, so the refusal is simulated at the fs call).
vi.mock('node:fs', async (importOriginal) => {
	const fs = await importOriginal<typeof import('node:fs')>();
	return {
		...fs,
		readFileSync: ((file: string, ...rest: unknown[]) => {
			if (String(file).endsWith('secret.csv')) {
				throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
			}
			return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
		}) as typeof fs.readFileSync
	};
});

vi.mock('../../src/lib/core/engine/engine', () => ({
	analyzeRecording: () => {
		throw new TypeError('boom\n    at somewhere (engine.ts:1:1)');
	}
}));

const dir = mkdtempSync(path.join(tmpdir(), 'tidal-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
	const p = path.join(dir, name);
	writeFileSync(p, content);
	return p;
}

/** Exit code 2, exactly one line on stderr starting with `analyze: `, nothing on stdout, no stack. */
function expectFailure(r: ReturnType<typeof analyze>, pattern: RegExp) {
	expect(r.code).toBe(2);
	expect(r.stdout).toBe('');
	expect(r.stderr.endsWith('\n')).toBe(true);
	const lines = r.stderr.slice(0, -1).split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^analyze: /);
	expect(lines[0]).not.toMatch(/\bat \S+ \(|\bat (file|node):|Error:/);
	expect(lines[0]).toMatch(pattern);
}

describe('parseCliArgs', () => {
	it('reads a file and every option', () => {
		const r = parseCliArgs([
			'rec.csv',
			'--json',
			'--pattern',
			'4-4-4-4',
			'--hold=30',
			'--rest',
			'20',
			'--map',
			'resp=RSP,ECG=ecg_raw',
			'--map',
			't=',
			'--rate',
			'100',
			'--polarity',
			'inverted'
		]);
		expect(r.ok && !r.help).toBe(true);
		if (!r.ok || r.help) return;
		expect(r.args.file).toBe('rec.csv');
		expect(r.args.json).toBe(true);
		expect(r.args.pattern?.id).toBe('4-4-4-4');
		expect(r.args.holdSeconds).toBe(30);
		expect(r.args.restSeconds).toBe(20);
		expect(r.args.map).toEqual({ resp: 'RSP', ecg: 'ecg_raw', t: '' });
		expect(r.args.rateHz).toBe(100);
		expect(r.args.polarity).toBe('inverted');
	});

	it('leaves unset options out', () => {
		expect(parseCliArgs(['a.csv'])).toEqual({ ok: true, help: false, args: { file: 'a.csv', json: false } });
		expect(parseCliArgs(['--', '--odd-name.csv'])).toMatchObject({
			ok: true,
			args: { file: '--odd-name.csv' }
		});
	});

	it('help', () => {
		expect(parseCliArgs(['--help'])).toEqual({ ok: true, help: true });
		expect(parseCliArgs(['x.csv', '-h'])).toEqual({ ok: true, help: true });
	});

	it.each([
		[[], /no FILE given/],
		[['a.csv', 'b.csv'], /give one FILE, not 2/],
		[['a.csv', '--frobnicate'], /unknown option --frobnicate/],
		[['a.csv', '--pattern'], /--pattern needs a value/],
		[['a.csv', '--pattern', '--json'], /--pattern needs a value/],
		[['a.csv', '--pattern', '9-9-9-9-9'], /--pattern: "9-9-9-9-9" is not a pattern/],
		[['a.csv', '--hold', 'long'], /--hold needs a positive number of seconds, not "long"/],
		[['a.csv', '--rest=-3'], /--rest needs a positive number/],
		[['a.csv', '--rest', '-3'], /--rest needs a value .*--rest=VALUE/],
		[['a.csv', '--rate', '0'], /--rate needs a positive number of samples per second/],
		[['a.csv', '--rate', '1e9'], /--rate 1e9 is too large/],
		[['a.csv', '--map', 'resp'], /--map: "resp" should look like name=COLUMN/],
		[['a.csv', '--map', 'breath=RSP'], /--map: "breath" is not one of Tidal's columns/],
		[['a.csv', '--map', 'resp=A,resp=B'], /resp is mapped twice/],
		[['a.csv', '--polarity', 'up'], /--polarity must be normal or inverted/],
		[['a.csv', '--json', '--rate', '5', '--rate', '6'], /--rate is given twice/]
	] as [string[], RegExp][])('%j → %s', (argv, message) => {
		const r = parseCliArgs(argv);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(message);
	});
});

describe('formatJson', () => {
	it('is valid JSON with the same data as JSON.stringify', () => {
		const value = {
			pattern: '5-1-4',
			breaths: [{ a: 1, issues: ['x'] }, { a: NaN }],
			gaps: [],
			summary: { n: null, rate: 1.5 },
			nested: { deep: { list: [1, 2] } }
		};
		const text = formatJson(value);
		expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
		expect(text).toContain('\n    {"a":1,"issues":["x"]},\n');
	});
});

describe('analyze CLI: failures exit 2 with one line on stderr', () => {
	it('no arguments', () => {
		expectFailure(analyze(), /^analyze: no FILE given/);
	});

	it('a bad flag', () => {
		expectFailure(analyze('x.csv', '--bogus'), /^analyze: unknown option --bogus \(see --help\)$/);
		expectFailure(analyze('x.csv', '--pattern', 'fast'), /^analyze: --pattern: "fast" is not a pattern/);
	});

	it('a missing file', () => {
		const p = path.join(dir, 'does-not-exist.csv');
		expectFailure(analyze(p), new RegExp(`^analyze: ${escape(p)}: no such file$`));
	});

	it('a directory', () => {
		expectFailure(analyze(dir), /: is a directory, not a CSV file$/);
	});

	it('an empty file', () => {
		const p = file('empty.csv', '');
		expectFailure(analyze(p), new RegExp(`^analyze: ${escape(p)}: the file is empty$`));
	});

	it('a binary file', () => {
		const bytes = new Uint8Array(2048);
		for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
		const p = file('blob.bin', bytes);
		expectFailure(analyze(p), new RegExp(`^analyze: ${escape(p)}:1: this is a binary file, not CSV text`));
	});

	it('a binary file that is mostly invalid UTF-8 without NUL bytes', () => {
		const bytes = new Uint8Array(2048);
		for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + (i % 64);
		expectFailure(
			analyze(file('high.bin', bytes)),
			/:1: this is a binary file, not CSV text \(over a tenth of its first 4 KB is non-text/
		);
	});

	it('time going backwards', () => {
		const p = file('backwards.csv', 't,resp\r\n0,1\r\n0.1,2\r\n0.05,3\r\n');
		expectFailure(
			analyze(p, '--json'),
			new RegExp(`^analyze: ${escape(p)}:4: time goes backwards: t = 0\\.05 comes after 0\\.1 on line 3$`)
		);
	});

	it('a non-numeric cell, a short row, a headerless file, a partial accelerometer row', () => {
		expectFailure(
			analyze(file('nan.csv', 't,ecg\n0,1\n1,n/a\n')),
			/nan\.csv:3: column ecg: "n\/a" is not a number$/
		);
		expectFailure(analyze(file('short.csv', 't,resp,rr\n0,1,\n1,2\n')), /short\.csv:3: this row has 2 cells/);
		expectFailure(
			analyze(file('nohead.csv', '0.22,936\n1.26,1020\n')),
			/nohead\.csv:1: the file has no header row/
		);
		expectFailure(
			analyze(file('acc.csv', 't,ax,ay,az\n0,1,2,3\n1,1,2,\n')),
			/acc\.csv:3: partial accelerometer row/
		);
	});

	it('unknown columns and a missing time column', () => {
		expectFailure(analyze(file('cols.csv', 'a,b\n1,2\n')), /cols\.csv:1: the header has none of t, resp/);
		expectFailure(
			analyze(file('not.csv', 'resp\n1\n')),
			/not\.csv:1: the header has no t \(time in seconds\) column/
		);
		expectFailure(
			analyze(file('map.csv', 't,RSP\n0,1\n'), '--map', 'resp=BELT'),
			/map resp=BELT: the header has no column "BELT"/
		);
	});

	it('--help prints usage and exits 0', () => {
		const r = analyze('--help');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^Usage: npm run analyze -- FILE/);
		expect(r.stderr).toBe('');
	});
});

describe('analyze main(): files the system will not read', () => {
	it('says the file cannot be read, on one line, and returns 2', async () => {
		const p = file('secret.csv', 't,resp\n0,1\n');
		const err: string[] = [];
		const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
		try {
			expect(await main([p])).toBe(2);
		} finally {
			e.mockRestore();
		}
		expect(err).toEqual([`analyze: ${p}: cannot be read (permission denied)\n`]);
	});
});

describe('analyze main(): unexpected exceptions', () => {
	it('prints "analyze: internal error: <message>" on one line, without the stack, and returns 2', async () => {
		const p = file('fine.csv', 't,resp\n0,1\n0.1,2\n');
		const err: string[] = [];
		const out: string[] = [];
		const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
		const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
		try {
			expect(await main([p])).toBe(2);
		} finally {
			e.mockRestore();
			o.mockRestore();
		}
		expect(out).toEqual([]);
		expect(err).toEqual(['analyze: internal error: boom\n']);
	});
});

describe('analyze CLI: successful runs', () => {
	it('human summary for heart beats only says that only the rate is known', () => {
		const rows = ['t,rr'];
		let t = 0;
		for (let i = 0; i < 400; i++) {
			const rr = 900 + 80 * Math.sin((2 * Math.PI * t) / 10);
			t += rr / 1000;
			rows.push(`${t.toFixed(3)},${rr.toFixed(1)}`);
		}
		const r = analyze(file('rr.csv', rows.join('\n')), '--pattern', 'coherent');
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		expect(r.stdout).toMatch(/pattern coherent/);
		expect(r.stdout).toMatch(/Only the breathing rate is known, from the heart beats/);
		expect(r.stdout).toMatch(/Breathing rate: \d+\.\d per minute/);
		expect(r.stdout).toMatch(/Heart rate: \d+ bpm, RMSSD \d+ ms/);
	});
});

function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
