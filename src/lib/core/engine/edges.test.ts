import { describe, expect, it } from 'vitest';
import { EdgeRefiner } from './edges';
import type { Cycle } from './phases';
import { gaussian, seededRandom } from '../simulate/random';

const RATE_HZ = 20;

/**
 * A refiner fed 30 s of a regular breath on the level (raised-cosine flanks, flat hold and pause)
 * with white noise of σ `noise` (depth 1).
 */
function refinerFor(inhale: number, hold: number, exhale: number, pause: number, noise: number): EdgeRefiner {
	const refiner = new EdgeRefiner();
	const random = seededRandom(3);
	const cycle = inhale + hold + exhale + pause;
	for (let i = 0; i <= 30 * RATE_HZ; i++) {
		const t = i / RATE_HZ;
		const c = t % cycle;
		let x = 0;
		if (c < inhale) x = 0.5 - 0.5 * Math.cos((Math.PI * c) / inhale);
		else if (c < inhale + hold) x = 1;
		else if (c < inhale + hold + exhale) x = 0.5 + 0.5 * Math.cos((Math.PI * (c - inhale - hold)) / exhale);
		refiner.push(t, x + noise * gaussian(random));
	}
	return refiner;
}

/**
 * The second breath's edges as a noisy belt's flow gives them: the inhale's end and the exhale's
 * start blurred towards each other (a 1 s hold looks like a dip), the exhale's end early.
 */
function liveEdges(inhale: number, hold: number, exhale: number, pause: number): Cycle {
	const start = inhale + hold + exhale + pause;
	return {
		riseStart: start + 0.2,
		riseEnd: start + inhale - 0.4,
		fallStart: start + inhale + Math.max(0.2, hold - 0.4),
		fallEnd: start + inhale + hold + exhale - 0.4,
		nextRiseStart: 2 * start + 0.4,
		excursion: 1
	};
}

describe('EdgeRefiner', () => {
	const cases = [
		{ name: '5-1-4, no pause', hold: 1, pause: 0, noise: 0.02 },
		{ name: '5-1-4, noisy belt', hold: 1, pause: 0, noise: 0.05 },
		{ name: '5-0-4, no hold', hold: 0, pause: 0, noise: 0.02 },
		{ name: '5-1-4-1, a pause after the exhale', hold: 1, pause: 1, noise: 0.02 }
	];
	for (const { name, hold, pause, noise } of cases) {
		it(`puts the turns where the level turns: ${name}`, () => {
			const refiner = refinerFor(5, hold, 4, pause, noise);
			const c = liveEdges(5, hold, 4, pause);
			const start = 9 + hold + pause;
			refiner.refine(c);
			expect(Math.abs(c.riseEnd - (start + 5))).toBeLessThan(0.15);
			expect(Math.abs(c.fallStart - (start + 5 + hold))).toBeLessThan(0.15);
			expect(Math.abs(c.fallEnd - (start + 9 + hold))).toBeLessThan(0.15);
			expect(Math.abs(c.nextRiseStart - (start + 9 + hold + pause))).toBeLessThan(0.15);
			// No hold or pause is made up from noise: a single turn is kept.
			if (hold === 0) expect(c.fallStart - c.riseEnd).toBeLessThan(0.1);
			if (pause === 0) expect(c.nextRiseStart - c.fallEnd).toBeLessThan(0.1);
		});
	}

	it('leaves a turn alone when a jolt falls in its fit, and still refines the other', () => {
		const refiner = refinerFor(5, 1, 4, 0, 0.02);
		const c = liveEdges(5, 1, 4, 0);
		const before = { ...c };
		refiner.artifact(c.riseEnd - 0.5, c.riseEnd);
		refiner.refine(c);
		expect(c.riseEnd).toBe(before.riseEnd);
		expect(c.fallStart).toBe(before.fallStart);
		expect(Math.abs(c.fallEnd - 20)).toBeLessThan(0.15);
	});

	it('refines nothing from samples it no longer holds', () => {
		const refiner = refinerFor(5, 1, 4, 0, 0.02);
		const c = liveEdges(5, 1, 4, 0);
		refiner.clear();
		const before = { ...c };
		refiner.refine(c);
		expect(c).toEqual(before);
	});
});
