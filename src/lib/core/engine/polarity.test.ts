import { describe, expect, it } from 'vitest';
import { simulateBeats } from '../simulate/beats';
import { pacedBreaths, simulateChest, type BreathSpec, type ChestSim } from '../simulate/chest';
import { edgeErrors } from '../../../../tests/support/scoring';
import type { BreathPhase, EngineEvent } from '../types';
import type { Breath } from '../types';
import { BreathEngine, timeOrderedChunks } from './engine';

type Polarity = Extract<EngineEvent, { type: 'polarity' }>;

/** Runs a chest recording (with beats, and pacer cues given at their times) through the engine. */
function run(
	sim: ChestSim,
	beats: { t: Float64Array; rrMs: Float64Array } | null,
	cues: [number, BreathPhase][]
) {
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => events.push(e));
	let next = 0;
	const recording = { acc: { t: sim.t, x: sim.x, y: sim.y, z: sim.z }, ...(beats ? { rr: beats } : {}) };
	for (const chunk of timeOrderedChunks(recording, 0.25)) {
		// The pacer speaks before the samples of the moment it speaks in arrive.
		while (next < cues.length && cues[next][0] <= chunk.t[0]) engine.pacerCue(...cues[next++]);
		engine.push(chunk);
	}
	engine.finish();
	const breaths = events.flatMap((e) => (e.type === 'breath' ? [e.breath] : []));
	const polarity = events.filter((e): e is Polarity => e.type === 'polarity');
	return { breaths, polarity };
}

/** Breaths the right way round (inhale where the truth has it), or turned inside out. */
function orientation(sim: ChestSim, breaths: Breath[], after = 0) {
	const truth = sim.truth.breaths.filter(
		(b) => b.inhaleStart > after && b.exhaleEnd < sim.t[sim.t.length - 1] - 2
	);
	const right = edgeErrors(truth, breaths).recall;
	const flipped = edgeErrors(
		truth.map((b, i) => ({
			inhaleStart: b.exhaleStart,
			inhaleEnd: b.exhaleEnd,
			exhaleStart: truth[i + 1]?.inhaleStart ?? NaN,
			exhaleEnd: truth[i + 1]?.inhaleEnd ?? NaN
		})),
		breaths
	).recall;
	return { right, flipped };
}

const SIZES = [
	{ name: 'strap (≈ 6 mg swing, σ ≈ 2 mg)', tiltDeg: 0.35, noiseMg: 1.5, heartMg: 1 },
	{ name: 'phone (≈ 90 mg swing, σ ≈ 30 mg)', tiltDeg: 5, noiseMg: 5, heartMg: 3 }
];
const AXES: [number, number, number][] = [
	[1, 0, 0],
	[-1, 0, 0]
];

function chest(
	breaths: BreathSpec[],
	size: (typeof SIZES)[number],
	axis: [number, number, number],
	duration: number,
	seed: number
) {
	return simulateChest({
		rate: 50,
		duration,
		breaths,
		breathTiltDeg: size.tiltDeg,
		noiseMg: size.noiseMg,
		heartMg: size.heartMg,
		gravity: [0.1, 0.2, 1],
		breathRotationAxis: axis,
		seed
	});
}

describe('which way is in, from the heart rate (RSA follows lung volume, late)', () => {
	// Lags swept as the issue asks; the phase lag is 360° · lag · rate.
	const sweeps = [
		{ perMin: 6, lags: [0, 0.5, 1, 1.5, 2] },
		{ perMin: 15, lags: [0, 0.25, 0.5, 0.75, 1] }
	];
	for (const { perMin, lags } of sweeps) {
		for (const size of SIZES) {
			it(`${perMin}/min, ${size.name}: decided right when clearly in phase, never decided wrong`, () => {
				const rows: string[] = [];
				for (const lag of lags) {
					for (const [k, axis] of AXES.entries()) {
						const duration = 180;
						const sim = chest(pacedBreaths(perMin), size, axis, duration, 10 + k + 10 * lag);
						const beats = simulateBeats([{ seconds: duration, breathsPerMin: perMin }], {
							heartRate: 65,
							volume: sim.truth.breathingAt,
							lagSeconds: lag,
							seed: 3 + k
						});
						const { breaths, polarity } = run(sim, beats, []);
						const last = polarity[polarity.length - 1];
						// Judged on the breaths after the last decision (an earlier one may have been corrected).
						const o = orientation(sim, breaths, Math.min(150, last.at));
						const phaseDeg = 360 * lag * (perMin / 60);
						rows.push(
							`lag ${lag}s (${phaseDeg.toFixed(0)}°) axis ${axis[0]}: ${polarity.map((p) => `${p.basis} ${p.inverted ? '-' : '+'} ${p.confidence.toFixed(2)} @${p.at.toFixed(0)}`).join(', ')}; right ${o.right.toFixed(2)} flipped ${o.flipped.toFixed(2)}`
						);
						console.log(`[polarity] ${perMin}/min ${size.name} ${rows[rows.length - 1]}`);
						expect(last, `lag ${lag}`).toBeDefined();
						if (last.basis === 'heart-rate') {
							// Right way round: breaths line up with the true inhales, none with the exhales.
							expect(o.right, `lag ${lag} axis ${axis[0]}: decided wrong`).toBeGreaterThanOrEqual(0.8);
							expect(o.flipped, `lag ${lag} axis ${axis[0]}: decided wrong`).toBeLessThan(0.2);
						}
						if (phaseDeg <= 55) expect(last.basis, `lag ${lag} axis ${axis[0]}`).toBe('heart-rate');
					}
				}
				console.log(`[polarity] ${perMin}/min ${size.name}\n  ${rows.join('\n  ')}`);
			});
		}
	}

	it('at 90° (15/min, heart rate 1 s late) the heart rate cannot tell: assumed, not guessed', () => {
		const sim = chest(pacedBreaths(15), SIZES[1], AXES[0], 180, 4);
		const beats = simulateBeats([{ seconds: 180, breathsPerMin: 15 }], {
			volume: sim.truth.breathingAt,
			lagSeconds: 1,
			noiseMs: 2,
			seed: 4
		});
		const { polarity } = run(sim, beats, []);
		expect(polarity.map((p) => p.basis)).toEqual(['assumed']);
		expect(polarity[0].confidence).toBe(0);
	});
});

/** Pacer cues for the truth's breaths: the person starts each phase `reaction` s after the cue. */
function cuesFor(sim: ChestSim, from: number, to: number, reaction = 0.4): [number, BreathPhase][] {
	const cues: [number, BreathPhase][] = [];
	for (const b of sim.truth.breaths.slice(from, to)) {
		cues.push([b.inhaleStart - reaction, 'inhale']);
		if (b.exhaleStart > b.inhaleEnd + 0.1) cues.push([b.inhaleEnd - reaction, 'hold']);
		cues.push([b.exhaleStart - reaction, 'exhale']);
	}
	return cues;
}

describe('which way is in, from the pacer', () => {
	const BREATH_514: BreathSpec[] = [{ inhale: 5, hold: 1, exhale: 4, pause: 0 }];
	for (const size of SIZES) {
		for (const [k, axis] of AXES.entries()) {
			it(`${size.name}, axis ${axis[0]}: the calibration's three breaths decide, with no heartbeat at all`, () => {
				const sim = chest(BREATH_514, size, axis, 120, 30 + k);
				const { breaths, polarity } = run(sim, null, cuesFor(sim, 0, 12));
				expect(polarity[0].basis).toBe('pacer');
				expect(polarity[0].confidence).toBeGreaterThanOrEqual(0.8);
				// Decided within the first four breaths (a breath is known when the next one starts).
				expect(polarity[0].at).toBeLessThan(sim.truth.breaths[5].inhaleStart);
				// Every breath found is the right way round (how many are found is item 5's matter).
				const o = orientation(sim, breaths, 10);
				console.log(
					`[polarity] pacer ${size.name} axis ${axis[0]}: right ${o.right.toFixed(2)} flipped ${o.flipped.toFixed(2)}`
				);
				expect(o.flipped).toBe(0);
				expect(o.right).toBeGreaterThanOrEqual(0.75);
			});
		}
	}

	it('a later, stronger decision corrects an assumed one (pacer starts late), both axis signs', () => {
		const flips: boolean[] = [];
		for (const [k, axis] of AXES.entries()) {
			const sim = chest(pacedBreaths(10), SIZES[1], axis, 150, 50 + k);
			// No beats, no cues for the first 12 breaths (72 s): the sign is assumed; then the pacer.
			const { breaths, polarity } = run(sim, null, cuesFor(sim, 12, 30));
			expect(polarity[0].basis).toBe('assumed');
			const last = polarity[polarity.length - 1];
			expect(last.basis).toBe('pacer');
			flips.push(polarity[0].inverted !== last.inverted);
			expect(orientation(sim, breaths, last.at + 6).right).toBeGreaterThanOrEqual(0.9);
		}
		// One of the two axis signs was assumed wrong, and was corrected.
		expect(flips).toContain(true);
	});

	it('a pacer the person does not follow decides nothing', () => {
		const sim = chest(pacedBreaths(10), SIZES[1], AXES[0], 120, 60);
		// Cues at a different pace (every 3.7 s) than the breathing (every 6 s).
		const cues: [number, BreathPhase][] = [];
		for (let t = 1; t < 120; t += 3.7) cues.push([t, cues.length % 2 ? 'exhale' : 'inhale']);
		const { polarity } = run(sim, null, cues);
		for (const p of polarity) expect(p.confidence).toBeLessThan(0.9);
	});
});
