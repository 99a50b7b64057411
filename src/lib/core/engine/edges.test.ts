import { describe, expect, it } from 'vitest';
import { EdgeRefiner } from './edges';
import { RING } from './level-ring';
import type { Cycle } from './phase-sink';
import { gaussian, seededRandom } from '../simulate/random';

const RATE_HZ = 20;

/**
 * A refiner fed 30 s of a regular breath on the level (raised-cosine flanks, flat hold and pause)
 * with white noise of σ `noise` (depth 1).
 */
function refinerFor(
	inhale: number,
	hold: number,
	exhale: number,
	pause: number,
	noise: number,
	timeOf = (i: number) => i / RATE_HZ
): EdgeRefiner {
	const refiner = new EdgeRefiner();
	const random = seededRandom(3);
	const cycle = inhale + hold + exhale + pause;
	for (let i = 0; i <= 30 * RATE_HZ; i++) {
		const t = timeOf(i);
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

/** Sample times whose intervals swing between 25 and 75 ms (20 Hz on average). */
const uneven = (i: number) => i / RATE_HZ + 0.4 * Math.sin((2 * Math.PI * i) / 97);

class Probe extends EdgeRefiner {
	firstAt(time: number): number {
		return this.firstAtOrAfter(time);
	}
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

	it('finds the first sample at or after a time when they come unevenly (a steady rate is only a guess)', () => {
		// Intervals swinging between 25 and 75 ms: a sample is up to 8 places from where the
		// mean rate puts it. Times before, between, on and after the samples held.
		const refiner = new Probe();
		const times: number[] = [];
		for (let i = 0; i < 1500; i++) {
			times.push(uneven(i));
			refiner.push(uneven(i), 0);
		}
		// The ring holds the last RING samples.
		const held = times.slice(-RING);
		for (let q = held[0] - 1; q < held[held.length - 1] + 1; q += 0.0137) {
			const expected = held.findIndex((t) => t >= q);
			expect(refiner.firstAt(q)).toBe(expected < 0 ? held.length : expected);
		}
		for (const t of [held[0], held[500], held[held.length - 1]]) expect(held[refiner.firstAt(t)]).toBe(t);
	});

	it('puts the turns where the level turns when the samples come unevenly', () => {
		const refiner = refinerFor(5, 1, 4, 0, 0.02, uneven);
		const c = liveEdges(5, 1, 4, 0);
		refiner.refine(c);
		expect(Math.abs(c.riseEnd - 15)).toBeLessThan(0.15);
		expect(Math.abs(c.fallStart - 16)).toBeLessThan(0.15);
		expect(Math.abs(c.fallEnd - 20)).toBeLessThan(0.15);
		expect(Math.abs(c.nextRiseStart - 20)).toBeLessThan(0.15);
	});

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
