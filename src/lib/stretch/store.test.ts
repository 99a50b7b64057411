import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { begin, createProgramme, phaseRemainingMs, restore, tick } from './programme';
import { DEFAULT_PLAN, loadStretch, saveStretch, STRETCH_KEY } from './store';

const T0 = Date.UTC(2026, 11, 4, 9, 0);

describe('stretch programme storage', () => {
	it('picks a running programme up after a reload, from what was stored', () => {
		const storage = memoryStorage();
		let p = begin(createProgramme(DEFAULT_PLAN, T0), T0);
		p = tick(p, T0 + 12_000);
		expect(saveStretch(storage, { plan: DEFAULT_PLAN, programme: p, sessionId: 's1' })).toBe(true);
		const back = loadStretch(storage);
		expect(back.sessionId).toBe('s1');
		const resumed = restore(back.programme!, T0 + 14_000);
		expect(resumed.phase).toBe('hold');
		expect(phaseRemainingMs(resumed, T0 + 14_000)).toBe(16_000);
	});

	it('keeps edited targets', () => {
		const storage = memoryStorage();
		const plan = [{ ...DEFAULT_PLAN[1], holdSeconds: 45, reps: 5 }];
		saveStretch(storage, { plan, programme: null, sessionId: null });
		expect(loadStretch(storage).plan).toEqual(plan);
	});

	it('reads damaged or impossible data as nothing saved', () => {
		const storage = memoryStorage();
		for (const bad of [
			'nope',
			'{"plan":[],"programme":null}',
			JSON.stringify({ plan: [{ ...DEFAULT_PLAN[0], holdSeconds: -3 }], programme: null, sessionId: null }),
			JSON.stringify({
				plan: DEFAULT_PLAN,
				programme: { ...createProgramme(DEFAULT_PLAN, T0), item: 7 },
				sessionId: null
			})
		]) {
			storage.setItem(STRETCH_KEY, bad);
			expect(loadStretch(storage)).toEqual({ plan: DEFAULT_PLAN, programme: null, sessionId: null });
		}
	});
});
