import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '../simulate/random';
import { stillSink } from '../../../../tests/support/phases';
import { PhaseDetector } from './phases';

/**
 * The drift the detector takes off the flow is learnt from whole cycles: the level a cycle ends at
 * against the level it began at. The first cycle of a session seldom is one: a session that begins
 * mid-inhale starts its first cycle halfway up, and that cycle's "drift" was a third of the peak
 * flow. Taken off the flat signal of a breath held soon after, it read the hold as a slow phase
 * that never ended: no held-breath prompt.
 */
describe('the drift learnt from the first breaths of a session', () => {
	for (const into of [0.1, 0.2]) {
		it(`a breath held at the top after two breaths, the session begun ${into * 100} % into the first, is an apnea`, () => {
			for (const seed of [1, 2, 3]) {
				const stills: { t: number; at: number }[] = [];
				const sink = stillSink((t, at) => stills.push({ t, at }));
				const rate = 25;
				const period = 10;
				const detector = new PhaseDetector(sink, rate);
				const random = seededRandom(seed);
				// Breaths of depth 1 every 10 s (6/min); the breath held at the top of the third.
				const heldFrom = (2.5 - into) * period;
				for (let i = 0; i < 45 * rate; i++) {
					const t = i / rate;
					const v = t < heldFrom ? 0.5 - 0.5 * Math.cos((2 * Math.PI * (t + into * period)) / period) : 1;
					detector.sample(t, v + 0.003 * gaussian(random));
				}
				expect(stills, `seed ${seed}`).toHaveLength(1);
				expect(Math.abs(stills[0].t - heldFrom), `seed ${seed}`).toBeLessThan(1);
				expect(stills[0].at - heldFrom, `seed ${seed}`).toBeLessThan(11.5);
			}
		});
	}
});
