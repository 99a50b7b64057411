import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../core/engine/pattern';
import type { FullSession } from '../core/session/format';
import { readSessionFile } from '../core/session/session-file';
import { sessionFromRecording } from '../core/session/session-analysis';
import { simulateBeats } from '../core/simulate/beats';
import { patternBreaths, synthBelt } from '../core/simulate/breathing';
import { reviewModel } from '../review/review-model';
import { rangeZip } from './range-export';
import { exportBase, sessionExports } from './session-exports';

function session(id: string, startedAt: number, kind: 'breathing' | 'stretch'): FullSession {
	const belt = synthBelt(patternBreaths(PATTERN_514, 12), { rateHz: 20 });
	const beats = simulateBeats([{ seconds: 120, breathsPerMin: 6 }], { heartRate: 62, seed: 3 });
	return sessionFromRecording(
		{ resp: { t: belt.t, value: belt.value }, rr: { t: beats.t, rrMs: beats.rrMs } },
		{ id, startedAt, kind, pattern: PATTERN_514, deviceName: 'belt + strap' }
	);
}

const noWait = () => Promise.resolve();

async function unzipped(sessions: FullSession[]): Promise<Record<string, string>> {
	const parts = await rangeZip(sessions, { yieldToPage: noWait });
	const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		bytes.set(p, at);
		at += p.length;
	}
	return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}

describe('exporting a date range', () => {
	it('gives each session the files its own review exports, in its folder, plus a summary table', async () => {
		const a = session('aaaaaaaa-1', Date.UTC(2026, 10, 1, 8), 'breathing');
		const b = session('bbbbbbbb-2', Date.UTC(2026, 10, 2, 18), 'stretch');
		const files = await unzipped([a, b]);
		for (const full of [a, b]) {
			const folder = exportBase(full.session.startedAt, full.session.kind);
			for (const f of sessionExports(full, reviewModel(full)))
				expect(files[`${folder}/${f.name}`], `${folder}/${f.name}`).toBe(f.text());
		}
		const names = Object.keys(files).map((n) => n.replace(/tidal-[\d-]+-(breathing|stretch)/g, '<$1>'));
		expect(names.sort()).toEqual(
			[
				'sessions.csv',
				'<breathing>/<breathing>.json',
				'<breathing>/<breathing>-resp.csv',
				'<breathing>/<breathing>-rr.csv',
				'<breathing>/<breathing>-breaths.csv',
				'<breathing>/<breathing>-rr-kubios.txt',
				'<stretch>/<stretch>.json',
				'<stretch>/<stretch>-resp.csv',
				'<stretch>/<stretch>-rr.csv',
				'<stretch>/<stretch>-breaths.csv',
				'<stretch>/<stretch>-holds.csv',
				'<stretch>/<stretch>-rr-kubios.txt'
			].sort()
		);
		// The summary table: a row per session, oldest first; each JSON reads back as its session.
		const rows = files['sessions.csv'].trim().split('\n');
		expect(rows).toHaveLength(3);
		expect(rows[1]).toContain('aaaaaaaa-1');
		expect(rows[2]).toContain('bbbbbbbb-2');
		const json =
			files[
				`${exportBase(a.session.startedAt, 'breathing')}/${exportBase(a.session.startedAt, 'breathing')}.json`
			];
		const back = readSessionFile(json);
		expect(back.ok && back.sessions[0].session.id).toBe('aaaaaaaa-1');
	});

	it('keeps two sessions started in the same minute apart', async () => {
		const t = Date.UTC(2026, 10, 1, 8);
		const files = await unzipped([
			session('first-id-1', t, 'breathing'),
			session('second-id', t + 1000, 'breathing')
		]);
		const folders = new Set(
			Object.keys(files)
				.filter((n) => n.includes('/'))
				.map((n) => n.split('/')[0])
		);
		expect([...folders].map((f) => f.replace(/^tidal-[\d-]+-breathing/, ''))).toEqual([
			'-first-id',
			'-second-i'
		]);
	});

	it('gives the page a turn between files', async () => {
		let turns = 0;
		await rangeZip([session('x', 0, 'breathing')], { yieldToPage: async () => void turns++ });
		expect(turns).toBe(5);
	});
});
