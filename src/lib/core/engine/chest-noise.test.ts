import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../types';
import { simulateChest } from '../simulate/chest';
import { gaussian, seededRandom } from '../simulate/random';
import { ChestMotion } from './chest';

/**
 * The noise the chest reports with its breathing signal (the phase detector's noise margin) is the
 * still wearer's: learnt afresh after a move, and not from a stir the motion gate calls short of
 * a move.
 */
function run(edit: (t: number, i: number, sim: ReturnType<typeof simulateChest>) => void) {
	const sim = simulateChest({ rate: 50, duration: 150, breathTiltDeg: 3.5, noiseMg: 2, seed: 5 });
	for (let i = 0; i < sim.t.length; i++) edit(sim.t[i], i, sim);
	const noise: { t: number; sigma: number }[] = [];
	const events: EngineEvent[] = [];
	const chest = new ChestMotion(
		(e) => events.push(e),
		(t, _v, sigma) => noise.push({ t, sigma })
	);
	chest.push({ kind: 'acc', n: sim.t.length, t: sim.t, x: sim.x, y: sim.y, z: sim.z });
	const at = (t: number) => noise.find((s) => s.t >= t)!.sigma;
	return { at, events };
}

describe('the chest’s noise estimate', () => {
	it('is learnt afresh after a move: a noisy placement before it is not carried over', () => {
		const random = seededRandom(8);
		const { at, events } = run((t, i, sim) => {
			// 15 mg more noise per axis before the walk (the strap sat loose), a walk at 60–80 s.
			if (t < 60) {
				sim.x[i] += 15 * gaussian(random);
				sim.y[i] += 15 * gaussian(random);
				sim.z[i] += 15 * gaussian(random);
			} else if (t < 80) {
				sim.x[i] += 300 * Math.sin(2 * Math.PI * 2 * t);
				sim.z[i] += 200 * Math.sin(2 * Math.PI * 4 * t);
			}
		});
		const still = events.find((e) => e.type === 'quality' && e.reason === 'ok' && e.at > 80)!.at;
		const settled = at(140);
		// Two seconds after the walk the estimate is the quiet wearer's, not the loose strap's.
		expect(Math.abs(at(still + 2) / settled - 1)).toBeLessThan(0.35);
		expect(at(55)).toBeGreaterThan(4 * settled);
	});

	it('does not learn a stir short of a move (beyond the half second the gate takes to see it)', () => {
		const { at, events } = run((t, i, sim) => {
			// A 3 Hz tremor of 90 mg for 5 s along the breathing (a hand on the chest): above the
			// gate's calm jerk level, under its motion level.
			if (t > 60 && t < 65) sim.y[i] += 90 * Math.sin(2 * Math.PI * 3 * t);
		});
		expect(events.some((e) => e.type === 'quality' && e.reason === 'motion' && e.at > 55)).toBe(false);
		// What the gate takes half a second to see (its jerk energy's time constant) gets in: a
		// fifth more; learnt whole, even clipped at 2σ a sample, the stir would double it.
		expect(Math.abs(at(65.5) / at(59.5) - 1)).toBeLessThan(0.3);
	});
});
