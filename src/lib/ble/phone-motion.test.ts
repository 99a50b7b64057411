import { describe, expect, it } from 'vitest';
import type { AccChunk } from '$lib/core/types';
import type { MotionReading } from '$lib/core/protocols/motion';
import { PhoneMotionSim, simulatePhone, type PhoneSimOptions } from '$lib/core/simulate/phone';
import { PhoneMotion } from './phone-motion';

/** Run readings through the adapter; all samples out, flattened. */
function run(readings: MotionReading[]) {
	const chunks: AccChunk[] = [];
	const adapter = new PhoneMotion((c) => chunks.push(c));
	const placements: { t: number; placement: string }[] = [];
	for (const r of readings) {
		adapter.push(r);
		if (placements.at(-1)?.placement !== adapter.placement)
			placements.push({ t: r.t, placement: adapter.placement });
	}
	adapter.flush();
	const t: number[] = [];
	const x: number[] = [];
	const y: number[] = [];
	const z: number[] = [];
	for (const c of chunks)
		for (let i = 0; i < c.n; i++) {
			t.push(c.t[i]);
			x.push(c.x[i]);
			y.push(c.y[i]);
			z.push(c.z[i]);
		}
	return { chunks, t, x, y, z, adapter, placements };
}

/** The breathing tilt seen along the tilt direction (mg), as the simulation's truth gives it. */
function truthAlong(options: PhoneSimOptions, t: number[]): number[] {
	const sim = new PhoneMotionSim(options);
	const [ax, ay] = options.axis ?? [0.8, 0.6];
	const m = Math.hypot(ax, ay);
	// f = (−n_y sin θ, n_x sin θ, cos θ): the tilt shows along (−n_y, n_x).
	return t.map((s) => 1000 * Math.sin((sim.tiltDeg(s) * Math.PI) / 180) * (Math.hypot(-ay / m, ax / m) || 1));
}

function along(r: { x: number[]; y: number[] }, axis: [number, number]): number[] {
	const m = Math.hypot(...axis);
	return r.x.map((x, i) => (-axis[1] / m) * x + (axis[0] / m) * r.y[i]);
}

/** RMS of a − b after removing each one's mean, over samples after `from` seconds. */
function rmsError(t: number[], a: number[], b: number[], from: number): number {
	const idx = t.map((s, i) => (s >= from ? i : -1)).filter((i) => i >= 0);
	const mean = (v: number[]) => idx.reduce((s, i) => s + v[i], 0) / idx.length;
	const ma = mean(a);
	const mb = mean(b);
	return Math.sqrt(idx.reduce((s, i) => s + (a[i] - ma - (b[i] - mb)) ** 2, 0) / idx.length);
}

describe('phone motion → acc chunks', () => {
	it('gives milli-g on the event clock, in chunks of about a quarter second', () => {
		const readings = simulatePhone(10, { tiltDeg: 0, restDeg: 0, seed: 3 });
		const r = run(readings);
		expect(r.t).toEqual(readings.map((x) => x.t)); // every event, its own time, nothing invented
		expect(r.chunks.slice(0, -1).every((c) => c.n === 15)).toBe(true);
		for (let i = 0; i < r.t.length; i++) {
			expect(Math.hypot(r.x[i], r.y[i], r.z[i])).toBeCloseTo(1000, 6);
			expect(r.z[i]).toBeGreaterThan(999); // flat, screen up: all of gravity on z
		}
		// About 60 events a second, with jitter.
		const rate = (r.t.length - 1) / (r.t.at(-1)! - r.t[0]);
		expect(rate).toBeGreaterThan(57);
		expect(rate).toBeLessThan(63);
	});

	it('reads the breathing tilt far finer than the rounded accelerometer (gyroscope + gravity)', () => {
		for (const seed of [1, 2, 3]) {
			const options: PhoneSimOptions = { tiltDeg: 1.5, seed };
			const readings = simulatePhone(90, options);
			const fused = run(readings);
			const accOnly = run(readings.map((x) => ({ ...x, rx: NaN, ry: NaN, rz: NaN })));
			const truth = truthAlong(options, fused.t);
			const fusedErr = rmsError(fused.t, along(fused, [0.8, 0.6]), truth, 20);
			const accErr = rmsError(accOnly.t, along(accOnly, [0.8, 0.6]), truth, 20);
			// A 1.5° breath is about 26 mg; the browser's rounding step is 10 mg.
			expect(fusedErr).toBeLessThan(0.8);
			expect(accErr).toBeGreaterThan(4 * fusedErr);
			expect(fused.adapter.gyroscope).toBe(true);
			expect(accOnly.adapter.gyroscope).toBe(false);
		}
	});

	it('starts afresh after events stop (screen locked, tab hidden): the pause stays a gap', () => {
		const readings = simulatePhone(30, { seed: 5 });
		const kept = readings.filter((r) => r.t < 10 || r.t >= 14);
		const r = run(kept);
		const resumed = r.chunks.findIndex((c) => c.t[0] >= 10);
		const last = r.chunks[resumed - 1];
		const after = r.chunks[resumed];
		// The chunk before the pause is sent as it was, not held back to mix with later samples.
		expect(last.t[last.n - 1]).toBeLessThan(10);
		expect(after.t[0]).toBeGreaterThanOrEqual(14);
		expect(after.t[0] - last.t[last.n - 1]).toBeGreaterThan(4 - 0.05);
		// After the pause the tilt restarts from gravity: the first sample is the measured direction.
		const first = kept.find((x) => x.t >= 14)!;
		const a = Math.hypot(first.ax, first.ay, first.az);
		expect(after.x[0]).toBeCloseTo((1000 * first.ax) / a, 6);
		expect(after.z[0]).toBeCloseTo((1000 * first.az) / a, 6);
	});

	it('ignores a sensorless event (all nulls) and readings that go back in time', () => {
		const none: MotionReading = { t: 0.1, ax: NaN, ay: NaN, az: NaN, rx: NaN, ry: NaN, rz: NaN };
		const readings = simulatePhone(1, { seed: 9 });
		const shuffled = [none, ...readings.slice(0, 20), readings[5], ...readings.slice(20)];
		const r = run(shuffled);
		expect(r.t).toEqual(readings.map((x) => x.t));
		expect(r.adapter.readings).toBe(readings.length);
	});

	it('says when the phone is not lying flat, and when it keeps moving; a bump is not "moving"', () => {
		// Flat, with two bumps: stays ok.
		expect(run(simulatePhone(40, { bumps: [10, 25], seed: 4 })).placements.map((p) => p.placement)).toEqual([
			'ok'
		]);
		// Standing at 60°: tilted, said after a short hold.
		const standing = run(simulatePhone(10, { restDeg: 60, seed: 4 }));
		expect(standing.placements.map((p) => p.placement)).toEqual(['ok', 'tilted']);
		expect(standing.placements[1].t).toBeGreaterThan(1.5);
		expect(standing.placements[1].t).toBeLessThan(2);
		// Carried about: bumps back to back for five seconds, then resting again.
		const bumps = Array.from({ length: 7 }, (_, i) => 5 + i * 0.8);
		const carried = run(simulatePhone(20, { bumps, bumpDeg: 20, seed: 4 }));
		expect(carried.placements.map((p) => p.placement)).toEqual(['ok', 'moving', 'ok']);
		expect(carried.placements[1].t).toBeLessThan(8);
		expect(carried.placements[2].t).toBeGreaterThan(10.6);
	});
});
