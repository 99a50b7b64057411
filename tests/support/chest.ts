import { ChestMotion } from '../../src/lib/core/engine/chest';
import type { ChestSim } from '../../src/lib/core/simulate/chest';
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
