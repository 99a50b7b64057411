import { describe, expect, it } from 'vitest';
import { BiquadFilter, lowPass, lowPassDelaySeconds } from '../dsp/biquad';
import { breathingWaveform } from '../simulate/breathing';
import { gaussian, seededRandom } from '../simulate/random';
import { BREATH_LP_HZ } from './chest';
import { EdgeRefiner } from './edges';
import type { Cycle } from './phase-sink';

const RATE_HZ = 25;
/** White noise under the chest's breathing low-pass (chest.ts), σ per sample. */
const WHITE_NOISE = 1.06;
/** σ of that noise once low-passed (a 2nd-order Butterworth passes 1.11 × its cutoff): what the chest reports. */
const REPORTED_NOISE = WHITE_NOISE * Math.sqrt((1.11 * BREATH_LP_HZ) / (RATE_HZ / 2));
const DEPTH = 3.8;

/**
 * One session of the strapped chest's slowest case (issue 8, item 5): 5-1-4 breaths with a
 * relaxed exhale, 3.8 mg deep, under white noise low-passed at 0.6 Hz as chest.ts does, so the
 * noise wanders slowly and hides each turn for half a second either side. The third breath is
 * refined from live edges up to 0.4 s out either way; returns its errors (s) and its pause.
 */
function session(seed: number, reportNoise: boolean) {
	const script = Array.from({ length: 6 }, () => ({ inhale: 5, hold: 1, exhale: 4, pause: 0, depth: 1 }));
	const wave = breathingWaveform(script, 1);
	const random = seededRandom(seed);
	const filter = new BiquadFilter(lowPass(BREATH_LP_HZ, RATE_HZ));
	const delay = lowPassDelaySeconds(BREATH_LP_HZ);
	const refiner = new EdgeRefiner();
	const [, , b, next] = wave.truth;
	filter.reset(0);
	for (let i = 0; i / RATE_HZ < next.inhaleStart + 2; i++) {
		const t = i / RATE_HZ;
		refiner.push(t - delay, filter.step(DEPTH * wave.volume(t) + WHITE_NOISE * gaussian(random)));
	}
	const off = () => 0.8 * (random() - 0.5);
	const c: Cycle = {
		riseStart: b.inhaleStart + off(),
		riseEnd: b.inhaleEnd + off(),
		fallStart: b.exhaleStart + off(),
		fallEnd: b.exhaleEnd + off(),
		nextRiseStart: next.inhaleStart + off(),
		excursion: DEPTH
	};
	c.fallStart = Math.max(c.fallStart, c.riseEnd);
	c.nextRiseStart = Math.max(c.nextRiseStart, c.fallEnd);
	refiner.refine(c, reportNoise ? REPORTED_NOISE : 0);
	return {
		errors: [
			c.riseEnd - b.inhaleEnd,
			c.fallStart - b.exhaleStart,
			c.fallEnd - b.exhaleEnd,
			c.nextRiseStart - next.inhaleStart
		],
		pause: c.nextRiseStart - c.fallEnd
	};
}

function sweep(reportNoise: boolean) {
	const errors: number[] = [];
	let pauses = 0;
	for (let seed = 1; seed <= 60; seed++) {
		const s = session(seed, reportNoise);
		errors.push(...s.errors.map(Math.abs));
		if (s.pause > 0.25) pauses++;
	}
	errors.sort((a, b) => a - b);
	return { p50: errors[errors.length >> 1], p95: errors[Math.floor(errors.length * 0.95)], pauses };
}

describe('EdgeRefiner on the chest accelerometer (the source reports its noise)', () => {
	it('places slow turns hidden by low-passed noise within the targets, nearer than without the noise', () => {
		const known = sweep(true);
		const unknown = sweep(false);
		console.log(
			`[edges chest] noise reported: p50 ${known.p50.toFixed(2)} p95 ${known.p95.toFixed(2)} pauses made up ${known.pauses}/60; not reported: p50 ${unknown.p50.toFixed(2)} p95 ${unknown.p95.toFixed(2)} pauses ${unknown.pauses}/60`
		);
		// Issue 8, item 5: edges p50 ≤ 0.35 s, p95 ≤ 0.9 s.
		expect(known.p50).toBeLessThanOrEqual(0.35);
		expect(known.p95).toBeLessThanOrEqual(0.9);
		// The residual alone underrates low-passed noise: the same fit without it is further out
		// and makes up a pause at the bottom (where there is none) about twice as often.
		expect(known.p95).toBeLessThan(unknown.p95 - 0.15);
		expect(known.pauses).toBeLessThan(unknown.pauses);
		expect(known.pauses).toBeLessThanOrEqual(12);
	});
});
