import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '$lib/core/engine/pattern';
import { DEFAULT_CUES } from '$lib/core/session/format';
import type { Breath } from '$lib/core/types';
import { SessionStore } from '$lib/storage/sessions';
import { recordedHistory, recordedPolarity } from './recording';
import { findInterrupted, finishFromRecording } from './recover';

const breath = (ok: boolean, at: number) => ({
	type: 'engine' as const,
	event: {
		type: 'breath' as const,
		at,
		breath: { ok, issues: ok ? [] : ['hold-short'] } as unknown as Breath
	}
});

async function leftRunning() {
	const store = await SessionStore.open({ indexedDB: new IDBFactory() });
	const s = await store.create({
		kind: 'breathing',
		settings: { pattern: PATTERN_514, plannedSeconds: 300, calibration: true, cues: DEFAULT_CUES }
	});
	const resp = (t0: number) => ({
		kind: 'resp' as const,
		n: 2,
		t: Float64Array.of(t0, t0 + 0.05),
		value: Float64Array.of(1, 2)
	});
	await store.append(s.id, {
		chunks: [
			{ device: 'belt', chunk: resp(0) },
			{ device: 'belt', chunk: resp(10) }
		],
		log: [
			{ type: 'cue', t: 5, phase: 'inhale', seconds: 5, part: 'guided' },
			{ type: 'mark', t: 27, mark: 'calibration-end', text: JSON.stringify({ polarity: -1 }) },
			breath(true, 40),
			breath(false, 50),
			{ type: 'gap', device: 'belt', source: 'resp', start: 55, end: 60, cause: 'away' }
		],
		lastT: 60
	});
	return { store, id: s.id };
}

describe('an interrupted session', () => {
	it('is found on the next visit and marked interrupted', async () => {
		const { store, id } = await leftRunning();
		const [found] = await findInterrupted(store);
		expect(found.record.id).toBe(id);
		expect(found.recordedSeconds).toBe(60);
		expect((await store.get(id))?.status).toBe('interrupted');
		store.close();
	});

	it('finishes from its recording with the summary of what the engine found', async () => {
		const { store, id } = await leftRunning();
		const done = await finishFromRecording(store, id);
		expect(done.status).toBe('finished');
		expect(done.summary).toMatchObject({
			breaths: 2,
			okBreaths: 1,
			adherence: 0.5,
			commonestIssue: 'hold-short',
			gapSeconds: 5,
			durationSeconds: 60
		});
		store.close();
	});

	it('gives a fresh worker its samples and cues in time order, and what calibration learnt', async () => {
		const { store, id } = await leftRunning();
		const history = await recordedHistory(store, id);
		expect(history.map((h) => ('chunk' in h ? `chunk@${h.chunk.t[0]}` : `${h.phase}@${h.t}`))).toEqual([
			'chunk@0',
			'inhale@5',
			'chunk@10'
		]);
		expect(await recordedPolarity(store, id)).toBe(-1);
		store.close();
	});
});
