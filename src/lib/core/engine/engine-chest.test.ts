import { describe, expect, it } from 'vitest';
import { simulateBeats } from '../simulate/beats';
import { pacedBreaths, simulateChest, type ChestSim, type PostureStep } from '../simulate/chest';
import { edgeErrors } from '../../../../tests/support/scoring';
import { analyzeRecording } from './engine';

/** The engine on a chest accelerometer alone, or with the strap's beats, as from a Polar H10. */
function analyzeChest(sim: ChestSim, beats?: { t: Float64Array; rrMs: Float64Array }) {
	return analyzeRecording({
		acc: { t: sim.t, x: sim.x, y: sim.y, z: sim.z },
		...(beats ? { rr: beats } : {})
	});
}

const BREATH_514 = [{ inhale: 5, hold: 1, exhale: 3.5, pause: 0 }];
/** Sensor orientations; in the second the breathing axis points against the default reference. */
const ORIENTATIONS = [
	{ gravity: [-1, 0, 0], axis: [0, 1, 0] },
	{ gravity: [0, 0, 1], axis: [-1, 0, 0] },
	{ gravity: [0.3, -0.5, 0.8], axis: [0, 0, 1] }
] as const;

describe('breathing from the chest accelerometer', () => {
	for (const [k, o] of ORIENTATIONS.entries()) {
		it(`learns which way is inhale from the heart rate, orientation ${k}`, () => {
			const sim = simulateChest({
				rate: 100,
				duration: 240,
				breaths: BREATH_514,
				gravity: [...o.gravity],
				breathRotationAxis: [...o.axis],
				seed: 3 + k
			});
			// Heart rate rises while breathing in (RSA), in step with the same breaths.
			const beats = simulateBeats([{ seconds: 240, breathsPerMin: 60 / 9.5 }], {
				heartRate: 65,
				seed: 2 + k
			});
			const result = analyzeChest(sim, beats);
			const e = edgeErrors(sim.truth.breaths, result.breaths);
			expect(result.source).toBe('acc');
			expect(e.recall).toBeGreaterThanOrEqual(0.85);
			expect(e.p50).toBeLessThanOrEqual(0.35);
			// Item 5's edge targets are asserted over a sweep in chest-sweep.test.ts; this one
			// seed per orientation (1° swing, 3 mg noise) stays within 1 s.
			expect(e.p95).toBeLessThanOrEqual(1);
			expect(result.summary.heartRate).toBeGreaterThan(60);
		});
	}

	it('gets the paced rate within 10 % from 3 to 30 breaths/min without any heartbeat', () => {
		for (const perMin of [3, 6, 10, 15, 20, 30]) {
			const sim = simulateChest({
				rate: 50,
				duration: Math.max(180, 12 * (60 / perMin)),
				breaths: pacedBreaths(perMin),
				heartMg: 0,
				seed: perMin
			});
			const rate = analyzeChest(sim).summary.ratePerMin;
			expect(rate, `${perMin}/min`).not.toBeNull();
			expect(Math.abs(rate! - perMin) / perMin, `${perMin}/min: got ${rate}`).toBeLessThanOrEqual(0.1);
		}
	});
});

describe('stretch programme', () => {
	const programme: PostureStep[] = [
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 30, azimuthDeg: 0, seconds: 30 },
		{ angleDeg: 0, seconds: 30 },
		{ angleDeg: 25, azimuthDeg: 90, seconds: 15 }, // too short
		{ angleDeg: 0, seconds: 30 },
		{ angleDeg: 30, azimuthDeg: 0, seconds: 30 },
		{ angleDeg: 30, azimuthDeg: -90, seconds: 30, rampSeconds: 3 }, // the rest before it was skipped
		{ angleDeg: 0, seconds: 20 }
	];

	it('finds every hold, flags the short one and the skipped rest', () => {
		const sim = simulateChest({ rate: 50, breaths: pacedBreaths(6), posture: programme, seed: 11 });
		const { stretch } = analyzeChest(sim);
		expect(stretch.holds).toHaveLength(4);
		sim.truth.holds.forEach((h, i) => {
			expect(Math.abs(stretch.holds[i].start - h.start), `hold ${i}`).toBeLessThan(3);
			expect(Math.abs(stretch.holds[i].end - h.end), `hold ${i}`).toBeLessThan(3);
		});
		expect(stretch.holds.map((h) => h.ok)).toEqual([true, false, true, true]);
		expect(stretch.holds[1].issues).toContain('hold-too-short');
		expect(stretch.rests.map((r) => r.ok)).toEqual([true, true, false]);
	});

	it('flags a hold during which the breath was held', () => {
		// Normal breathing, then no breathing at all for 20 s in the middle of a 40 s hold.
		const breathing = (t: number) => (t > 45 && t < 65 ? 0.5 : 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / 9.5));
		const sim = simulateChest({
			rate: 50,
			breaths: breathing,
			posture: [
				{ angleDeg: 0, seconds: 25 },
				{ angleDeg: 30, azimuthDeg: 0, seconds: 40 },
				{ angleDeg: 0, seconds: 30 }
			],
			seed: 5
		});
		const result = analyzeChest(sim);
		expect(result.apneas.length).toBeGreaterThanOrEqual(1);
		expect(result.stretch.holds).toHaveLength(1);
		expect(result.stretch.holds[0].issues).toContain('breath-held');
		expect(result.stretch.holds[0].ok).toBe(false);
	});
});

describe('breath held from the moment the wearer settles into a stretch', () => {
	it('is still an apnea, and the hold is flagged', () => {
		// Bend into the hold over 2 s from 20 s; the breath is held from 21 s to 45 s.
		const paced = (t: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / 9.5);
		const sim = simulateChest({
			rate: 50,
			breaths: (t) => (t > 21 && t < 45 ? paced(21) : paced(t)),
			posture: [
				{ angleDeg: 0, seconds: 20 },
				{ angleDeg: 30, azimuthDeg: 0, seconds: 40, rampSeconds: 2 },
				{ angleDeg: 0, seconds: 30 }
			],
			seed: 8
		});
		const result = analyzeChest(sim);
		expect(result.apneas).toHaveLength(1);
		expect(result.apneas[0].start).toBeLessThan(30);
		expect(result.apneas[0].end).toBeGreaterThan(43);
		expect(result.apneas[0].end).toBeLessThan(48);
		expect(result.stretch.holds[0].issues).toContain('breath-held');
	});
});

describe('one detector from a strapped H10 (2 mg) to a phone lying on the chest (100 mg)', () => {
	// Breathing tilt σ in mg → the simulator's full swing in degrees (1° ≈ 17.45 mg; the paced
	// waveform's σ is about a third of its swing). 100 mg σ is a 16° swing, beyond any phone seen.
	// At 2 mg and 3/min the edges of the slow flanks sink into the noise (not covered, see issue 8).
	for (const tiltMg of [2, 10, 30, 100]) {
		for (const perMin of tiltMg > 2 ? [3, 6, 15, 30] : [6, 15, 30]) {
			it(`${tiltMg} mg at ${perMin}/min lying still: the paced rate, 9 in 10 breaths, never a hold`, () => {
				const duration = Math.max(150, 10 * (60 / perMin));
				const sim = simulateChest({
					rate: 100,
					duration,
					breaths: pacedBreaths(perMin),
					breathTiltDeg: (tiltMg * 2 * Math.SQRT2) / 17.45,
					gravity: [0.05, 0.08, 1],
					breathRotationAxis: [1, 0.1, 0],
					noiseMg: tiltMg > 20 ? 6 : 2,
					heartMg: Math.min(3, tiltMg / 2),
					seed: perMin + tiltMg
				});
				const result = analyzeChest(sim);
				const inside = sim.truth.breaths.filter((b) => b.inhaleStart > 8 && b.exhaleEnd < duration - 3);
				// No heart rate here, so which way is in may be assumed wrong: a breath is found when
				// one starts at either end of the true inhale.
				const starts = result.breaths.map((b) => b.inhaleStart);
				const found = inside.filter((b) =>
					starts.some((s) => Math.abs(s - b.inhaleStart) < 1.5 || Math.abs(s - b.exhaleStart) < 1.5)
				).length;
				expect(result.stretch.holds).toEqual([]);
				expect(found / inside.length).toBeGreaterThanOrEqual(0.9);
				expect(Math.abs(result.summary.ratePerMin! - perMin) / perMin).toBeLessThanOrEqual(0.1);
			});
		}
	}
});
