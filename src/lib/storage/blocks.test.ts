import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '$lib/core/engine/pattern';
import { DEFAULT_CUES, type LogBody, type NewSession, type StoredChunk } from '$lib/core/session/format';
import { sessionRecording } from '$lib/core/session/recording';
import type { Breath, SampleChunk } from '$lib/core/types';
import { toBlocks } from './blocks';
import { openTidalDB } from './db';
import { SessionStore } from './sessions';
import { SessionWriter } from './writer';

const BREATHING: NewSession = {
	kind: 'breathing',
	settings: { pattern: PATTERN_514, plannedSeconds: 300, calibration: true, cues: DEFAULT_CUES }
};

/** `n` samples of a channel from t0 at rateHz, values from the time (so order is checkable). */
function chunk(kind: SampleChunk['kind'], t0: number, n: number, rateHz: number): SampleChunk {
	const t = Float64Array.from({ length: n }, (_, i) => t0 + i / rateHz);
	const v = () => t.map((x) => Math.sin(x) * 100);
	if (kind === 'acc') return { kind, n, t, x: v(), y: v(), z: v() };
	if (kind === 'rr') return { kind, n, t, rrMs: t.map((x) => 900 + x) };
	return { kind, n, t, value: v() };
}

/** A minute of a belt (packets of 10 at 20 Hz), an H10's accelerometer (36 at 200 Hz) and RR, in arrival order. */
function packets(seconds = 60): { device: string; chunk: SampleChunk }[] {
	const out: { device: string; chunk: SampleChunk; at: number }[] = [];
	for (let t = 0; t < seconds; t += 0.5) out.push({ device: 'belt', chunk: chunk('resp', t, 10, 20), at: t });
	for (let t = 0; t < seconds; t += 0.18) out.push({ device: 'h10', chunk: chunk('acc', t, 36, 200), at: t });
	for (let t = 0; t < seconds; t += 1) out.push({ device: 'h10', chunk: chunk('rr', t, 1, 1), at: t });
	return out.sort((a, b) => a.at - b.at).map(({ device, chunk }) => ({ device, chunk }));
}

const stored = (chunks: { device: string; chunk: SampleChunk }[], id = 's'): StoredChunk[] =>
	chunks.map((c, seq) => ({ sessionId: id, seq, ...c }));

function breathAt(t: number): LogBody {
	const b = { inhaleStart: t, inhaleEnd: t + 5, exhaleStart: t + 6, exhaleEnd: t + 10, pause: 0 } as Breath;
	return { type: 'engine', event: { type: 'breath', breath: b, at: t + 10 } };
}

describe('samples stored as blocks', () => {
	it('joins each channel into blocks that give back the same recording', () => {
		const chunks = packets();
		const blocks = toBlocks(chunks, 1000);
		// Per channel: full blocks of 1000, then the rest (1200 belt samples, 334 × 36 ACC, 60 RR).
		const sizes = (kind: string) => blocks.filter((b) => b.chunk.kind === kind).map((b) => b.chunk.n);
		expect(sizes('resp')).toEqual([1000, 200]);
		expect(sizes('acc')).toEqual([...Array.from({ length: 12 }, () => 1000), 24]);
		expect(sizes('rr')).toEqual([60]);
		expect(sessionRecording(stored(blocks))).toEqual(sessionRecording(stored(chunks)));
		// Ordered by start time.
		const starts = blocks.map((b) => b.chunk.t[0]);
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
	});

	it('gives the same blocks when compacted again (so a file round-trips byte for byte)', () => {
		const once = toBlocks(packets(), 1000);
		const twice = toBlocks(once, 1000);
		expect(twice).toEqual(once);
		expect(twice.every((b, i) => b.chunk === once[i].chunk)).toBe(true);
	});

	it('keeps a channel in its own order even when its clock goes back, and drops empty chunks', () => {
		const blocks = toBlocks(
			[
				{ device: 'belt', chunk: chunk('resp', 10, 3, 1) },
				{ device: 'belt', chunk: chunk('resp', 0, 0, 1) },
				{ device: 'belt', chunk: chunk('resp', 2, 3, 1) }
			],
			4
		);
		expect(blocks.map((b) => [...b.chunk.t])).toEqual([
			[10, 11, 12, 2],
			[3, 4]
		]);
	});
});

describe('the store keeps finished sessions as blocks', () => {
	it('writes one block per channel per flush, and compacts the session when it finishes', async () => {
		const store = await SessionStore.open({ indexedDB: new IDBFactory() });
		const s = await store.create(BREATHING);
		const writer = new SessionWriter(store, s.id, { setTimer: () => 0, clearTimer: () => {} });
		const all = packets(20);
		// Flush every 0.5 s of packets, as the writer's timer does.
		let flushAt = 0.5;
		for (const p of all) {
			if (p.chunk.t[0] >= flushAt) {
				await writer.flush();
				flushAt += 0.5;
			}
			writer.addChunk(p.device, p.chunk);
		}
		await writer.close();
		const live = await store.chunks(s.id);
		// At most three channels per flush (belt, ACC, RR), about 40 flushes.
		expect(live.length).toBeLessThanOrEqual(41 * 3);
		expect(sessionRecording(live)).toEqual(sessionRecording(stored(all)));

		await store.finish(s.id, { ...summary(), durationSeconds: 20 });
		const done = await store.chunks(s.id);
		expect(done).toHaveLength(3);
		expect(done.map((c) => c.seq)).toEqual([0, 1, 2]);
		expect(sessionRecording(done)).toEqual(sessionRecording(stored(all)));
		store.close();
	});

	it('loses at most about half a second of a session when the page dies', async () => {
		const factory = new IDBFactory();
		const store = await SessionStore.open({ indexedDB: factory });
		const s = await store.create(BREATHING);
		// The writer's timer, driven by the simulated clock below.
		let due: (() => void) | null = null;
		const writer = new SessionWriter(store, s.id, {
			setTimer: (fn) => (due = fn),
			clearTimer: () => (due = null)
		});
		let lastFlushT = 0;
		for (let t = 0; t < 30; t += 0.05) {
			writer.addChunk('belt', chunk('resp', t, 1, 20));
			if (t - lastFlushT >= 0.5 && due) {
				const fire: () => void = due;
				due = null;
				fire();
				lastFlushT = t;
				await writer.flush();
			}
		}
		// The page dies now, at t ≈ 30 s, without closing anything.
		store.close();
		const after = await SessionStore.open({ indexedDB: factory });
		const chunks = await after.chunks(s.id);
		const lastT = Math.max(...chunks.map((c) => c.chunk.t[c.chunk.n - 1]));
		expect(29.95 - lastT).toBeLessThanOrEqual(0.55);
		expect((await after.get(s.id))?.lastT).toBe(lastT);
		after.close();
	});

	it('imports a finished session as blocks with its sparkline; a running one as it came', async () => {
		const store = await SessionStore.open({ indexedDB: new IDBFactory() });
		const s = await store.create(BREATHING);
		const chunks = stored(packets(30), s.id);
		const log = [breathAt(0), breathAt(10), breathAt(20)].map((e, seq) => ({ ...e, sessionId: s.id, seq }));
		await store.put({
			session: { ...s, status: 'finished', summary: { ...summary(), durationSeconds: 30 } },
			chunks,
			log
		});
		const blocks = await store.chunks(s.id);
		expect(blocks).toHaveLength(3);
		expect(sessionRecording(blocks)).toEqual(sessionRecording(chunks));
		const spark = (await store.sparklines()).get(s.id);
		expect(spark?.durationS).toBe(30);
		expect(spark?.points).toEqual([
			[0, 6],
			[10, 6],
			[20, 6]
		]);
		// The same session again: identical blocks (a re-import changes nothing).
		await store.put({ session: (await store.get(s.id))!, chunks: blocks, log });
		expect(await store.chunks(s.id)).toEqual(blocks);

		await store.put({ session: { ...s, id: 'live' }, chunks: stored(packets(5), 'live'), log: [] });
		expect(await store.chunks('live')).toHaveLength(packets(5).length);
		expect((await store.sparklines()).has('live')).toBe(false);
		await store.delete(s.id);
		expect((await store.sparklines()).has(s.id)).toBe(false);
		store.close();
	});

	it('upgrades a version-2 database: finished sessions become blocks with a sparkline, a running one is left as it is', async () => {
		const factory = new IDBFactory();
		const v2 = await openTidalDB({ indexedDB: factory, version: 2 });
		const old = new SessionStore(v2);
		const done = await old.create(BREATHING);
		const running = await old.create(BREATHING);
		await v2.put('sessions', { ...done, status: 'finished', summary: { ...summary(), durationSeconds: 60 } });
		const chunks = stored(packets(), done.id);
		for (const c of chunks) await v2.put('chunks', c);
		for (const c of stored(packets(3), running.id)) await v2.put('chunks', c);
		await v2.put('log', { ...breathAt(30), sessionId: done.id, seq: 0 });
		v2.close();

		const store = await SessionStore.open({ indexedDB: factory });
		expect(store.db.version).toBe(3);
		const blocks = await store.chunks(done.id);
		expect(blocks.length).toBeLessThan(5);
		expect(sessionRecording(blocks)).toEqual(sessionRecording(chunks));
		expect((await store.sparklines()).get(done.id)?.points).toEqual([[30, 6]]);
		expect(await store.chunks(running.id)).toHaveLength(packets(3).length);
		expect((await store.get(running.id))?.status).toBe('running');
		store.close();
	});
});

function summary() {
	return {
		durationSeconds: 0,
		breaths: 0,
		okBreaths: 0,
		adherence: null,
		issues: {},
		commonestIssue: null,
		breathsPerMin: null,
		heartRate: null,
		rmssd: null,
		gapSeconds: 0
	};
}
