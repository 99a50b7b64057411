import { describe, expect, it } from 'vitest';
import { breathWaveform, pacedBreaths, simulateChest } from './chest';

describe('simulateChest', () => {
	it('produces 1 g at rest along the configured gravity, with a breathing tilt of the requested size', () => {
		const g: [number, number, number] = [0.3, -0.8, 0.5];
		const sim = simulateChest({
			rate: 100,
			duration: 60,
			gravity: g,
			breathTiltDeg: 1,
			noiseMg: 0,
			heartMg: 0,
			driftMg: [0, 0, 0],
			radialMg: 0,
			jitter: 0,
			dropRate: 0
		});
		const gn = Math.hypot(...g);
		for (let i = 0; i < sim.t.length; i += 50) {
			expect(Math.hypot(sim.x[i], sim.y[i], sim.z[i])).toBeCloseTo(1000, 6);
		}
		// Angle between empty and full lungs = 1°.
		const i0 = sim.truth.breathing.findIndex((w) => w === 0);
		const i1 = sim.truth.breathing.findIndex((w) => w === 1);
		const cos = (sim.x[i0] * sim.x[i1] + sim.y[i0] * sim.y[i1] + sim.z[i0] * sim.z[i1]) / 1e6;
		expect(Math.acos(cos) / (Math.PI / 180)).toBeCloseTo(1, 3);
		expect((sim.x[i0] * g[0] + sim.y[i0] * g[1] + sim.z[i0] * g[2]) / gn).toBeCloseTo(1000, 3);
	});

	it('breath list edges and waveform agree', () => {
		const w = breathWaveform([{ inhale: 4, hold: 1, exhale: 5, pause: 2 }], 60);
		expect(w.edges.length).toBe(5);
		expect(w.edges[1]).toEqual({ inhaleStart: 12, inhaleEnd: 16, exhaleStart: 17, exhaleEnd: 22 });
		expect(w.at(12)).toBeCloseTo(0, 9);
		expect(w.at(14)).toBeCloseTo(0.5, 9);
		expect(w.at(16.5)).toBe(1);
		// A relaxed exhale: past its middle, less than half the breath is left.
		expect(w.at(19.5)).toBeCloseTo((1 + Math.cos(Math.PI * 0.625)) / 2, 9);
		expect(w.at(23)).toBe(0);
		expect(pacedBreaths(6)[0].inhale + pacedBreaths(6)[0].exhale + pacedBreaths(6)[0].pause).toBeCloseTo(
			10,
			9
		);
	});

	it('posture script gives hold/rest truth, a skipped rest, gaps and increasing timestamps', () => {
		const sim = simulateChest({
			rate: 50,
			posture: [
				{ angleDeg: 0, seconds: 10 },
				{ angleDeg: 30, seconds: 20 },
				{ angleDeg: 0, seconds: 20 },
				{ angleDeg: 20, azimuthDeg: 90, seconds: 10 },
				{ angleDeg: 25, azimuthDeg: -90, seconds: 10 }
			],
			gaps: [{ at: 5, seconds: 2 }]
		});
		expect(sim.truth.holds.map((h) => [h.start, h.end])).toEqual([
			[14, 34],
			[58, 68],
			[70, 80]
		]);
		expect(sim.truth.rests).toEqual([
			{ start: 36, end: 56, skipped: false },
			{ start: 68, end: 68, skipped: true }
		]);
		for (let i = 1; i < sim.t.length; i++) expect(sim.t[i]).toBeGreaterThan(sim.t[i - 1]);
		expect(sim.t.some((t) => t >= 5 && t < 7)).toBe(false);
		// Every step starts with a 2 s ramp (the first one too). 30° forward bend: angle from the neutral reading ≈ 30° in the middle of the hold.
		const a = sim.t.findIndex((t) => t > 1);
		const b = sim.t.findIndex((t) => t > 22);
		const cos =
			(sim.x[a] * sim.x[b] + sim.y[a] * sim.y[b] + sim.z[a] * sim.z[b]) /
			(Math.hypot(sim.x[a], sim.y[a], sim.z[a]) * Math.hypot(sim.x[b], sim.y[b], sim.z[b]));
		expect(Math.acos(cos) / (Math.PI / 180)).toBeGreaterThan(28);
		expect(Math.acos(cos) / (Math.PI / 180)).toBeLessThan(32);
	});

	it('is deterministic for a seed', () => {
		const a = simulateChest({ rate: 25, duration: 10, seed: 3 });
		const b = simulateChest({ rate: 25, duration: 10, seed: 3 });
		expect(Array.from(a.x)).toEqual(Array.from(b.x));
	});
});
