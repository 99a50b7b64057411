import type { BreathEngine } from '../../src/lib/core/engine/engine';
import { ChestMotion } from '../../src/lib/core/engine/chest';
import { strapChestAcc, type ChestSim } from '../../src/lib/core/simulate/chest';
import type { EngineEvent } from '../../src/lib/core/types';

/** What ChestMotion made of a chest recording: its events and its breathing signal. */
export interface ChestRun {
	events: EngineEvent[];
	t: number[];
	v: number[];
	cm: ChestMotion;
}

/** Feeds a chest recording through ChestMotion in device-sized chunks. */
export function feedChest(
	sim: Pick<ChestSim, 't' | 'x' | 'y' | 'z'>,
	chunk = 37,
	stretch = { holdSeconds: 30, restSeconds: 30 }
): ChestRun {
	const events: EngineEvent[] = [];
	const t: number[] = [];
	const v: number[] = [];
	const cm = new ChestMotion(
		(e) => events.push(e),
		(tt, vv) => {
			t.push(tt);
			v.push(vv);
		},
		stretch
	);
	for (let i = 0; i < sim.t.length; i += chunk) {
		const n = Math.min(chunk, sim.t.length - i);
		cm.push({
			kind: 'acc',
			n,
			t: sim.t.subarray(i, i + n),
			x: sim.x.subarray(i, i + n),
			y: sim.y.subarray(i, i + n),
			z: sim.z.subarray(i, i + n)
		});
	}
	cm.finish(sim.t[sim.t.length - 1]);
	return { events, t, v, cm };
}

/**
 * Feeds a strap's chest accelerometer and its beats to an engine as the live page sends them:
 * half-second chunks, each after the beats up to its last sample. `beforeChunk(until)` runs first
 * (for pacer cues up to that time).
 */
export function feedStrap(
	engine: BreathEngine,
	acc: { t: Float64Array; x: Float64Array; y: Float64Array; z: Float64Array },
	beats: { t: Float64Array; rrMs: Float64Array },
	rate: number,
	beforeChunk: (until: number) => void = () => {}
): void {
	const n = acc.t.length;
	let beat = 0;
	for (let i = 0; i < n; i += rate / 2) {
		const end = Math.min(n, i + rate / 2);
		const until = acc.t[end - 1];
		while (beat < beats.t.length && beats.t[beat] <= until) {
			engine.push({
				kind: 'rr',
				n: 1,
				t: beats.t.subarray(beat, beat + 1),
				rrMs: beats.rrMs.subarray(beat, beat + 1)
			});
			beat++;
		}
		beforeChunk(until);
		const view = (a: Float64Array) => a.subarray(i, end);
		engine.push({ kind: 'acc', n: end - i, t: view(acc.t), x: view(acc.x), y: view(acc.y), z: view(acc.z) });
	}
	engine.finish();
}

/**
 * A strap's chest accelerometer at `rate` Hz for `n` samples: `at(t)` gives the lung volume and
 * the posture (bend and roll, radians, as `bendAndRollAt` gives them) at each sample's time.
 */
export function strapAccRecording(
	rate: number,
	n: number,
	random: () => number,
	at: (t: number) => { volume: number; bend: number; roll: number }
): { t: Float64Array; x: Float64Array; y: Float64Array; z: Float64Array } {
	const t = new Float64Array(n);
	const x = new Float64Array(n);
	const y = new Float64Array(n);
	const z = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		t[i] = i / rate;
		const { volume, bend, roll } = at(t[i]);
		[x[i], y[i], z[i]] = strapChestAcc(volume, bend, roll, random);
	}
	return { t, x, y, z };
}
