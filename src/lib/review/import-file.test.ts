import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PATTERN_514, PATTERN_PRESETS } from '$lib/core/engine/pattern';
import { channelCsvs } from '$lib/export/csv-writers';
import { patternBreaths, synthBelt } from '$lib/core/simulate/breathing';
import { SessionStore } from '$lib/storage/sessions';
import { importFile, sessionsFromText } from './import-file';

const belt = synthBelt(patternBreaths(PATTERN_514, 10), { rateHz: 20 });
const csv = channelCsvs({ resp: { t: belt.t, value: belt.value } }, { startedAt: 0 })[0].text;

describe('importing a file', () => {
	it('turns a CSV in the analyze format into a finished, analysed session', () => {
		const r = sessionsFromText(csv, 'belt.csv', Date.UTC(2026, 10, 1), () => 'csv-1');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const s = r.sessions[0];
		expect(s.session.status).toBe('finished');
		expect(s.session.wearables[0].name).toBe('belt.csv');
		expect(s.session.summary?.breaths).toBeGreaterThanOrEqual(8);
		expect(s.log.some((e) => e.type === 'engine' && e.event.type === 'breath')).toBe(true);
	});

	it('analyses a CSV recording with the pattern the person chose', () => {
		const box = PATTERN_PRESETS.find((p) => p.id === 'box');
		if (!box) throw new Error('no box preset');
		const as514 = sessionsFromText(csv, 'belt.csv', 0, () => 'a');
		const asBox = sessionsFromText(csv, 'belt.csv', 0, () => 'b', box);
		if (!as514.ok || !asBox.ok) throw new Error('not read');
		expect(asBox.sessions[0].session.settings.pattern).toEqual(box);
		expect(as514.sessions[0].session.settings.pattern).toEqual(PATTERN_514);
		// The same breaths, judged against another pattern: 5-1-4 breathing meets 5-1-4, not box.
		const s514 = as514.sessions[0].session.summary;
		const sBox = asBox.sessions[0].session.summary;
		expect(sBox?.breaths).toBe(s514?.breaths);
		expect(s514?.adherence).toBeGreaterThan(0.7);
		expect(sBox?.adherence ?? 0).toBeLessThan((s514?.adherence ?? 0) - 0.5);
	});

	it('says what is wrong with a file that is neither, and stores nothing', async () => {
		const store = await SessionStore.open({ indexedDB: new IDBFactory() });
		const file = new File(['hello,world\n1,2\n'], 'notes.csv');
		const r = await importFile(file, store);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/neither a Tidal session file nor a recording.*none of t, resp/);
		expect(await store.list()).toEqual([]);
		store.close();
	});

	it('stores a CSV recording so history lists it', async () => {
		const store = await SessionStore.open({ indexedDB: new IDBFactory() });
		const r = await importFile(new File([csv], 'belt.csv', { lastModified: Date.UTC(2026, 10, 2) }), store);
		expect(r.ok).toBe(true);
		const listed = await store.list();
		expect(listed).toHaveLength(1);
		expect(listed[0].startedAt).toBe(Date.UTC(2026, 10, 2));
		store.close();
	});
});
