import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../engine/pattern';
import { patternBreaths, synthBelt } from '../simulate/breathing';
import { SessionStore } from '$lib/storage/sessions';
import { readSessionForAnalysis } from './read-session';
import { analysisFromLog, sessionFromRecording } from './session-analysis';
import { readSessionFile, writeSessionFile } from './session-file';

function session(id = 'one', breaths = 12) {
	const belt = synthBelt(patternBreaths(PATTERN_514, breaths), {
		rateHz: 20,
		gaps: [{ start: 40, end: 50 }]
	});
	const rr = { t: Float64Array.from([1, 2, 3.05, 4.1]), rrMs: Float64Array.from([1000, 1000, 1050, 1050]) };
	return sessionFromRecording(
		{ resp: { t: belt.t, value: belt.value }, rr },
		{
			id,
			startedAt: Date.UTC(2026, 10, 30, 8),
			kind: 'breathing',
			pattern: PATTERN_514,
			deviceName: 'test.csv'
		}
	);
}

describe('session file', () => {
	it('export → import → export gives the same bytes, through the real store', async () => {
		const full = session();
		const first = writeSessionFile([full]);
		const read = readSessionFile(first);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		const store = await SessionStore.open({ indexedDB: new IDBFactory() });
		await store.put(read.sessions[0]);
		const loaded = await store.load('one');
		store.close();
		expect(loaded).toBeDefined();
		if (!loaded) return;
		expect(loaded.chunks[0].chunk.t).toBeInstanceOf(Float64Array);
		expect(writeSessionFile([loaded])).toBe(first);
	});

	it('keeps NaN samples as null and reads them back as NaN', () => {
		const full = session();
		const resp = full.chunks[0].chunk as { value: Float64Array };
		resp.value[3] = NaN;
		const text = writeSessionFile([full]);
		const read = readSessionFile(text);
		expect(
			read.ok && Number.isNaN((read.sessions[0].chunks[0].chunk as { value: Float64Array }).value[3])
		).toBe(true);
		expect(read.ok && writeSessionFile(read.sessions)).toBe(text);
	});

	it('keeps the analysis: the logged engine events give the same breaths after a round trip', () => {
		const full = session();
		const read = readSessionFile(writeSessionFile([full]));
		if (!read.ok) throw new Error(read.error);
		const before = analysisFromLog(full.log, '5-1-4', 'resp').analysis;
		const after = analysisFromLog(read.sessions[0].log, '5-1-4', 'resp').analysis;
		expect(before.breaths.length).toBeGreaterThan(6);
		expect(after).toEqual(before);
		expect(before.gaps.length).toBe(1);
	});

	it('refuses bad files with a clear message', () => {
		const good = writeSessionFile([session()]);
		const cases: [string, string, RegExp][] = [
			['empty', '', /empty/],
			['CSV', 't,resp\n0,1\n', /not valid JSON/],
			['truncated', good.slice(0, Math.floor(good.length / 2)), /cut short/],
			['other JSON', '{"hello":"world"}', /not one Tidal exported/],
			[
				'future',
				good.replace('"format":1,"sessions"', '"format":7,"sessions"'),
				/newer version of Tidal \(format 7\)/
			],
			['no sessions', '{"format":1,"sessions":[],"tidal-sessions":true}', /no sessions/],
			['wrong n', good.replace('"n":', '"n":1'), /damaged.*not as long/],
			['not numbers', good.replace(/"t":\[0,/, '"t":["zero",'), /damaged.*list of numbers/],
			['bad pain', good.replace('"before":null', '"before":12'), /damaged/]
		];
		for (const [name, text, message] of cases) {
			const r = readSessionFile(text);
			expect(r.ok, name).toBe(false);
			if (!r.ok) expect(r.error, name).toMatch(message);
		}
		const oversized = readSessionFile(good, 1000);
		expect(!oversized.ok && oversized.error).toMatch(/too large/);
	});

	it('gives the CLI the recording and the settings it was recorded with', () => {
		const r = readSessionForAnalysis(writeSessionFile([session()]));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.recording.resp?.t.length).toBeGreaterThan(100);
		expect(r.recording.rr?.rrMs.length).toBe(4);
		expect(r.options.pattern?.id).toBe('5-1-4');
		const two = readSessionForAnalysis(writeSessionFile([session('a'), session('b')]));
		expect(!two.ok && two.error).toMatch(/2 sessions/);
	});
});
