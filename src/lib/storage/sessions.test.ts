import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { PATTERN_514 } from '$lib/core/engine/pattern';
import { DEFAULT_CUES, type NewSession } from '$lib/core/session/format';
import { DB_VERSION, openTidalDB } from './db';
import { SessionStore } from './sessions';
import { SessionWriter } from './writer';

const BREATHING: NewSession = {
	kind: 'breathing',
	settings: { pattern: PATTERN_514, plannedSeconds: 300, calibration: true, cues: DEFAULT_CUES }
};

function resp(t0: number, n: number, rateHz = 20) {
	const t = new Float64Array(n);
	const value = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		t[i] = t0 + i / rateHz;
		value[i] = Math.sin(t[i]);
	}
	return { kind: 'resp' as const, n, t, value };
}

let stores: SessionStore[] = [];
async function freshStore(factory = new IDBFactory()): Promise<SessionStore> {
	const store = await SessionStore.open({ indexedDB: factory });
	stores.push(store);
	return store;
}
afterEach(() => {
	for (const s of stores) s.close();
	stores = [];
});

describe('the session store', () => {
	it('keeps a session’s samples, log and header as written, in order', async () => {
		const store = await freshStore();
		const s = await store.create(BREATHING);
		expect(s.status).toBe('running');
		await store.append(s.id, {
			chunks: [{ device: 'belt', chunk: resp(0, 10) }],
			log: [{ type: 'cue', t: 0, phase: 'inhale', seconds: 5, part: 'guided' }],
			lastT: 0.45
		});
		await store.append(s.id, { chunks: [{ device: 'belt', chunk: resp(0.5, 10) }], lastT: 0.95 });
		await store.setPain(s.id, 'before', 6, 0);
		const full = await store.load(s.id);
		expect(full?.chunks.map((c) => c.seq)).toEqual([0, 1]);
		expect(full?.chunks[1].chunk.t).toBeInstanceOf(Float64Array);
		expect(full?.chunks[1].chunk.t[0]).toBe(0.5);
		expect(full?.log.map((e) => e.type)).toEqual(['cue', 'pain']);
		expect(full?.session.pain).toEqual({ before: 6, after: null });
		expect(full?.session.lastT).toBe(0.95);
	});

	it('gives concurrent appends distinct sequence numbers', async () => {
		const store = await freshStore();
		const s = await store.create(BREATHING);
		await Promise.all(
			[0, 1, 2, 3].map((i) => store.append(s.id, { chunks: [{ device: 'belt', chunk: resp(i, 2) }] }))
		);
		expect((await store.chunks(s.id)).map((c) => c.chunk.t[0])).toEqual([0, 1, 2, 3]);
	});

	it('finds a session left running by a page that died, and resumes appending after it', async () => {
		const factory = new IDBFactory();
		const first = await freshStore(factory);
		const s = await first.create(BREATHING);
		await first.append(s.id, { chunks: [{ device: 'belt', chunk: resp(0, 20) }] });
		first.close();
		// The next visit: a new connection, a new store object.
		const next = await freshStore(factory);
		const [left] = await next.unfinished();
		expect(left.id).toBe(s.id);
		await next.markInterrupted(s.id);
		expect((await next.get(s.id))?.status).toBe('interrupted');
		await next.markRunning(s.id);
		await next.append(s.id, { chunks: [{ device: 'belt', chunk: resp(30, 20) }] });
		expect((await next.chunks(s.id)).map((c) => c.seq)).toEqual([0, 1]);
		const done = await next.finish(s.id, {
			durationSeconds: 31,
			breaths: 3,
			okBreaths: 2,
			adherence: 2 / 3,
			issues: {},
			commonestIssue: null,
			breathsPerMin: 6,
			heartRate: null,
			rmssd: null,
			gapSeconds: 29
		});
		expect(done.status).toBe('finished');
		expect(await next.unfinished()).toEqual([]);
	});

	it('lists newest first, by kind, and deletes a session with all it holds', async () => {
		let clock = 1000;
		const store = new SessionStore(await openTidalDB({ indexedDB: new IDBFactory() }), () => clock++);
		stores.push(store);
		const a = await store.create(BREATHING);
		const b = await store.create({ ...BREATHING, kind: 'stretch' });
		const c = await store.create(BREATHING);
		expect((await store.list()).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
		expect((await store.list('breathing')).map((s) => s.id)).toEqual([c.id, a.id]);
		await store.append(a.id, { chunks: [{ device: 'belt', chunk: resp(0, 5) }] });
		await store.delete(a.id);
		expect(await store.load(a.id)).toBeUndefined();
		expect(await store.db.count('chunks')).toBe(0);
	});

	it('upgrades a version-1 database and keeps its sessions', async () => {
		const factory = new IDBFactory();
		const v1 = await openTidalDB({ indexedDB: factory, version: 1 });
		const old = new SessionStore(v1);
		const s = await old.create(BREATHING);
		await v1.put('chunks', { sessionId: s.id, seq: 0, device: 'belt', chunk: resp(0, 3) });
		v1.close();
		const store = await freshStore(factory);
		expect(store.db.version).toBe(DB_VERSION);
		expect([...store.db.transaction('sessions').store.indexNames]).toContain('by-status');
		expect((await store.unfinished()).map((x) => x.id)).toEqual([s.id]);
		expect(await store.chunks(s.id)).toHaveLength(1);
	});

	it('skips a damaged header instead of failing the whole history', async () => {
		const store = await freshStore();
		const good = await store.create(BREATHING);
		await store.db.put('sessions', { ...good, id: 'broken', status: 'exploded' } as never);
		expect((await store.list()).map((s) => s.id)).toEqual([good.id]);
	});
});

describe('the session writer', () => {
	it('writes what it gathered on each flush and copies chunks the caller reuses', async () => {
		const store = await freshStore();
		const s = await store.create(BREATHING);
		const writer = new SessionWriter(store, s.id, { setTimer: () => 0, clearTimer: () => {} });
		const reused = resp(0, 4);
		writer.addChunk('belt', reused);
		reused.t[0] = 99;
		writer.addLog({ type: 'mark', t: 0.1, mark: 'calibration-start' }, 0.1);
		await writer.flush();
		const [c] = await store.chunks(s.id);
		expect(c.chunk.t[0]).toBe(0);
		expect((await store.log(s.id))[0]).toMatchObject({ type: 'mark', mark: 'calibration-start' });
	});

	it('keeps everything through a full disk, warns once, and saves it all when space returns', async () => {
		const store = await freshStore();
		const s = await store.create(BREATHING);
		let full = true;
		const realAppend = store.append.bind(store);
		store.append = (id, entries) =>
			full ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : realAppend(id, entries);
		const problems: (string | null)[] = [];
		const writer = new SessionWriter(store, s.id, {
			setTimer: () => 0,
			clearTimer: () => {},
			onProblem: (p) => problems.push(p?.code ?? null)
		});
		writer.addChunk('belt', resp(0, 4));
		await writer.flush();
		writer.addChunk('belt', resp(0.2, 4));
		await writer.flush();
		expect(problems).toEqual(['full']);
		expect(writer.currentProblem?.message).toMatch(/out of storage space/);
		full = false;
		writer.addChunk('belt', resp(0.4, 4));
		await writer.flush();
		expect(problems).toEqual(['full', null]);
		// Kept through the failures and written with what came after, in order, in one block.
		const stored = await store.chunks(s.id);
		expect(stored.flatMap((c) => [...c.chunk.t])).toEqual([
			...resp(0, 4).t,
			...resp(0.2, 4).t,
			...resp(0.4, 4).t
		]);
	});
});
