import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { twoAlikeBends } from '$lib/core/simulate/chest';
import type { AccChunk, StretchHold } from '$lib/core/types';
import { EngineApi, type StretchTargets } from '$workers/engine-api';
import { StretchState } from './stretch.svelte';
import { TargetsFollower } from './targets';

const T0 = Date.UTC(2026, 11, 4, 9, 0);

/** A plan of the hunch (30 s holds and rests) then the lying twist (15 s holds, 20 s rests), once each. */
function twoExercisePlan(storage: Storage): StretchState {
	const stretch = new StretchState(storage, () => Date.now());
	stretch.setTargets('side-lying-hunch', { holdSeconds: 30, restSeconds: 30, reps: 1 });
	stretch.setTargets('lying-twist', { holdSeconds: 15, restSeconds: 20, reps: 1 });
	stretch.setTargets('seated-twist', { enabled: false });
	return stretch;
}

/** Wired as the stretch page wires its recording: every phase the programme reports is followed. */
function follow(stretch: StretchState, send: (t: StretchTargets) => void): TargetsFollower {
	const p = stretch.programme!;
	const follower = new TargetsFollower(p.items[p.item], send);
	stretch.onPhase = (change) => follower.follow(stretch.programme!.items[change.item]);
	return follower;
}

describe('the engine’s targets follow the exercise running', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(T0);
	});
	afterEach(() => vi.useRealTimers());

	it('sends each exercise’s hold and rest once, when the programme reaches it', () => {
		const stretch = twoExercisePlan(memoryStorage());
		stretch.start(null);
		const sent: StretchTargets[] = [];
		const follower = follow(stretch, (t) => sent.push(t));
		expect(follower.current).toEqual({ holdSeconds: 30, restSeconds: 30 });
		const stop = stretch.run();
		stretch.go();
		vi.advanceTimersByTime(59_000);
		expect(stretch.phase).toBe('rest');
		expect(sent).toEqual([]);
		vi.advanceTimersByTime(2_000);
		expect(stretch.phase).toBe('ready');
		expect(sent).toEqual([{ holdSeconds: 15, restSeconds: 20 }]);
		stretch.go();
		vi.advanceTimersByTime(40_000);
		expect(stretch.phase).toBe('done');
		expect(sent).toHaveLength(1);
		stop();
	});

	it('after a reload in the second exercise, a fresh engine starts with its targets', () => {
		const storage = memoryStorage();
		const stretch = twoExercisePlan(storage);
		stretch.start(null);
		const stop = stretch.run();
		stretch.go();
		vi.advanceTimersByTime(61_000);
		stretch.go();
		vi.advanceTimersByTime(5_000);
		stop();
		const reloaded = new StretchState(storage, () => Date.now());
		expect(reloaded.programme).toMatchObject({ item: 1, phase: 'hold' });
		expect(follow(reloaded, () => {}).current).toEqual({ holdSeconds: 15, restSeconds: 20 });
	});

	it('a 16 s hold is short in the 30 s exercise and long enough in the 15 s one', () => {
		// The person bends for 16 s in each exercise and ends each hold there; the chest strap sees it.
		const sim = twoAlikeBends(22);
		const stretch = twoExercisePlan(memoryStorage());
		stretch.start(null);
		const engine = new EngineApi();
		const follower = follow(stretch, (t) => expect(engine.updateStretchTargets(t)).toEqual({ ok: true }));
		engine.start({ ...follower.current });
		const holds: StretchHold[] = [];
		let i = 0;
		/** Wall time and sensor samples move on together, one second at a time. */
		const until = (seconds: number) => {
			while (Date.now() < T0 + seconds * 1000) {
				vi.advanceTimersByTime(1000);
				const to = (Date.now() - T0) / 1000;
				const from = i;
				while (i < sim.t.length && sim.t[i] < to) i++;
				const part = (a: Float64Array) => a.slice(from, i);
				const chunk: AccChunk = {
					kind: 'acc',
					n: i - from,
					t: part(sim.t),
					x: part(sim.x),
					y: part(sim.y),
					z: part(sim.z)
				};
				for (const e of engine.push(chunk)) if (e.type === 'stretch-hold') holds.push(e.hold);
			}
		};
		const stop = stretch.run();
		until(20);
		stretch.go();
		until(40);
		stretch.skip(); // "End this hold": back to neutral, the rest runs its 30 s
		until(71);
		expect(stretch.programme).toMatchObject({ item: 1, phase: 'ready' });
		stretch.go();
		until(90);
		stretch.skip();
		until(Math.ceil(sim.t.at(-1)!) + 1);
		stop();
		for (const e of engine.finish()) if (e.type === 'stretch-hold') holds.push(e.hold);

		expect(holds).toHaveLength(2);
		expect(holds[0].issues).toContain('hold-too-short');
		expect(holds[1]).toMatchObject({ ok: true, issues: [] });
	});
});
