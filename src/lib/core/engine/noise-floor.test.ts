import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '../simulate/random';
import { NoiseFloor } from './noise-floor';

const RATE = 25;
const TAU = 10;

/** `seconds` of white noise of σ `sigma` learnt by `floor`. */
function learn(floor: NoiseFloor, sigma: number, seconds: number, random: () => number): void {
	for (let i = 0; i < seconds * RATE; i++) {
		const r = sigma * gaussian(random);
		floor.learn(r * r);
	}
}

function fresh(): NoiseFloor {
	const floor = new NoiseFloor();
	floor.configure(RATE, TAU);
	return floor;
}

describe('NoiseFloor', () => {
	it('learns the variance of white noise, from its first samples on', () => {
		const random = seededRandom(1);
		const floor = fresh();
		// One second in, a plain mean of 25 samples: within its own spread (≈ 28 %), not the tenth
		// of the variance an average with a 10 s time constant would have grown to from zero.
		learn(floor, 2, 1, random);
		expect(floor.variance).toBeGreaterThan(4 * 0.5);
		expect(floor.variance).toBeLessThan(4 * 1.6);
		learn(floor, 2, 60, random);
		expect(Math.sqrt(floor.variance)).toBeGreaterThan(2 * 0.85);
		expect(Math.sqrt(floor.variance)).toBeLessThan(2 * 1.15);
	});

	it('learns afresh after a move: the noise before it is gone within two seconds', () => {
		const random = seededRandom(2);
		const kept = fresh();
		const restarted = fresh();
		for (const floor of [kept, restarted]) learn(floor, 6, 60, random);
		restarted.restart();
		for (const floor of [kept, restarted]) learn(floor, 2, 2, random);
		expect(Math.sqrt(restarted.variance)).toBeGreaterThan(2 * 0.75);
		expect(Math.sqrt(restarted.variance)).toBeLessThan(2 * 1.25);
		// Kept across the move, the estimate still carries most of the noise before it.
		expect(Math.sqrt(kept.variance)).toBeGreaterThan(5);
	});

	it('once settled, lets a burst count for at most 2σ a sample', () => {
		const random = seededRandom(3);
		const floor = fresh();
		learn(floor, 2, 60, random);
		const before = floor.variance;
		// Three seconds of a posture change's tail, ten times the noise.
		learn(floor, 20, 3, random);
		// Each sample moves the variance by at most 3k × itself: × (1 + 3k)^75 ≈ 2.5 in 3 s, where
		// unclipped it would take a quarter of the burst's hundredfold variance (× 27).
		expect(floor.variance / before).toBeLessThan(2.5);
	});
});
