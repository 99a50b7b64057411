import { describe, expect, it } from 'vitest';
import { ChestMotion } from './chest';
import { analyzeRecording } from './engine';
import { pacedBreaths, simulateChest, type ChestSim, type PostureStep, type Vec3 } from '../simulate/chest';
import type { EngineEvent, StretchHold, StretchRest } from '../types';
import { feedChest as feed, type ChestRun as Run } from '../../../../tests/support/chest';
import { correlation } from '../../../../tests/support/scoring';

/** Removes the best straight line (the output keeps slow sensor drift on purpose: no high-pass). */
function detrend(t: number[], v: number[]): number[] {
	const n = t.length;
	let mt = 0;
	let mv = 0;
	for (let i = 0; i < n; i++) {
		mt += t[i];
		mv += v[i];
	}
	mt /= n;
	mv /= n;
	let stt = 0;
	let stv = 0;
	for (let i = 0; i < n; i++) {
		stt += (t[i] - mt) ** 2;
		stv += (t[i] - mt) * (v[i] - mv);
	}
	const s = stv / stt;
	return v.map((x, i) => x - mv - s * (t[i] - mt));
}

/** Correlation with the truth over [from, to), truth shifted by `lag` seconds. */
function truthCorr(run: Run, sim: ChestSim, from: number, to: number, lag = 0): number {
	const tt: number[] = [];
	const vv: number[] = [];
	for (let i = 0; i < run.t.length; i++)
		if (run.t[i] >= from && run.t[i] < to) {
			tt.push(run.t[i]);
			vv.push(run.v[i]);
		}
	return correlation(
		detrend(tt, vv),
		tt.map((x) => sim.truth.breathingAt(x + lag))
	);
}

const ORIENTATIONS: { gravity: Vec3; axis: Vec3 }[] = [
	{ gravity: [0, 0, 1], axis: [1, 0, 0] },
	{ gravity: [0, -1, 0], axis: [1, 0, 0] },
	{ gravity: [0.3, -0.8, 0.5], axis: [1, 0.2, 0.1] },
	{ gravity: [-1, 0.2, 0.1], axis: [0, 0, 1] }
];

describe('ChestMotion breathing signal (synthetic)', () => {
	for (const rate of [25, 50, 100, 200]) {
		it(`correlates with the true breathing at ${rate} Hz, 3–30 br/min, 4 orientations; sign stable`, () => {
			for (const perMin of [3, 6, 15, 30]) {
				for (const [k, o] of ORIENTATIONS.entries()) {
					const sim = simulateChest({
						rate,
						duration: 240,
						breaths: pacedBreaths(perMin),
						gravity: o.gravity,
						breathRotationAxis: o.axis,
						seed: 11 + k + perMin
					});
					const run = feed(sim);
					expect(run.cm.internalRate).toBeGreaterThan(19);
					expect(run.cm.internalRate).toBeLessThan(41);
					const r = truthCorr(run, sim, 40, 240);
					expect(Math.abs(r), `${rate} Hz ${perMin}/min orientation ${k}`).toBeGreaterThan(0.9);
					// Sign stable: every 40 s window (≥ 2 breaths at 3/min) has the same sign as the whole.
					for (let a = 40; a + 40 <= 240; a += 40) {
						const rw = truthCorr(run, sim, a, a + 40);
						expect(Math.sign(rw), `window ${a}s at ${rate} Hz ${perMin}/min`).toBe(Math.sign(r));
						expect(Math.abs(rw)).toBeGreaterThan(0.8);
					}
				}
			}
		});
	}

	it('times are corrected for the low-pass delay: best lag against the truth within ±60 ms', () => {
		for (const rate of [25, 100]) {
			for (const perMin of [6, 15, 30]) {
				const sim = simulateChest({ rate, duration: 180, breaths: pacedBreaths(perMin), seed: 5 });
				const run = feed(sim);
				let best = 0;
				let bestLag = 0;
				for (let lag = -0.5; lag <= 0.5001; lag += 0.02) {
					const r = Math.abs(truthCorr(run, sim, 40, 180, lag));
					if (r > best) {
						best = r;
						bestLag = lag;
					}
				}
				expect(Math.abs(bestLag), `${rate} Hz ${perMin}/min`).toBeLessThanOrEqual(0.06);
			}
		}
	});

	it('keeps slow breathing (3/min) at full size: no high-pass', () => {
		const sim = simulateChest({
			rate: 50,
			duration: 200,
			breaths: pacedBreaths(3),
			breathTiltDeg: 1,
			noiseMg: 1,
			heartMg: 0,
			driftMg: [0, 0, 0],
			seed: 2
		});
		const run = feed(sim);
		let lo = Infinity;
		let hi = -Infinity;
		for (let i = 0; i < run.t.length; i++)
			if (run.t[i] > 60) {
				lo = Math.min(lo, run.v[i]);
				hi = Math.max(hi, run.v[i]);
			}
		// 1° tilt ≈ 17.5 mg peak to peak.
		expect(hi - lo).toBeGreaterThan(14);
		expect(hi - lo).toBeLessThan(22);
	});

	it('reports a gap > 1 s, resets and recovers; a settling/ok quality sequence without repeats', () => {
		const sim = simulateChest({
			rate: 50,
			duration: 200,
			breaths: pacedBreaths(10),
			gaps: [{ at: 90, seconds: 5 }],
			seed: 9
		});
		const run = feed(sim);
		const gaps = run.events.filter((e) => e.type === 'gap');
		expect(gaps.length).toBe(1);
		const g = gaps[0] as Extract<EngineEvent, { type: 'gap' }>;
		expect(g.start).toBeGreaterThan(89.8);
		expect(g.end).toBeLessThan(95.2);
		expect(Math.abs(truthCorr(run, sim, 120, 200))).toBeGreaterThan(0.9);
		const q = run.events.filter((e) => e.type === 'quality') as Extract<EngineEvent, { type: 'quality' }>[];
		for (let i = 1; i < q.length; i++) expect(q[i].reason).not.toBe(q[i - 1].reason);
		expect(q.map((e) => e.reason)).toEqual(['settling', 'ok', 'settling', 'ok']);
	});

	it('flags motion (jerks) and reports ok when it settles', () => {
		const sim = simulateChest({ rate: 100, duration: 120, breaths: pacedBreaths(10), seed: 6 });
		// 3 s of walking-like shaking at 60 s.
		for (let i = 0; i < sim.t.length; i++) {
			const t = sim.t[i];
			if (t > 60 && t < 63) {
				sim.x[i] += 300 * Math.sin(2 * Math.PI * 2 * t);
				sim.z[i] += 200 * Math.sin(2 * Math.PI * 4 * t);
			}
		}
		const run = feed(sim);
		const q = run.events.filter((e) => e.type === 'quality') as Extract<EngineEvent, { type: 'quality' }>[];
		const m = q.find((e) => e.reason === 'motion');
		expect(m).toBeDefined();
		expect(m!.at).toBeGreaterThan(60);
		expect(m!.at).toBeLessThan(61);
		expect(m!.quality).toBeLessThan(0.5);
		const ok = q.find((e) => e.reason === 'ok' && e.at > m!.at);
		expect(ok).toBeDefined();
		expect(ok!.at).toBeLessThan(70);
	});
});

const PROGRAMME: PostureStep[] = [
	{ angleDeg: 0, seconds: 20 },
	{ angleDeg: 30, azimuthDeg: 0, seconds: 30 }, // hold 1
	{ angleDeg: 0, seconds: 30 }, // rest
	{ angleDeg: 25, azimuthDeg: 90, seconds: 15 }, // hold 2: too short
	{ angleDeg: 0, seconds: 30 }, // rest
	{ angleDeg: 30, azimuthDeg: 0, seconds: 30 }, // hold 3
	{ angleDeg: 30, azimuthDeg: -90, seconds: 30, rampSeconds: 3 }, // hold 4, rest skipped
	{ angleDeg: 0, seconds: 20 }
];

describe('ChestMotion stretch holds (synthetic programme)', () => {
	for (const rate of [25, 50, 200]) {
		for (const [k, o] of ORIENTATIONS.entries()) {
			it(`finds 4 holds, flags the short hold and the skipped rest at ${rate} Hz, orientation ${k}`, () => {
				const sim = simulateChest({
					rate,
					breaths: pacedBreaths(6),
					posture: PROGRAMME,
					gravity: o.gravity,
					breathRotationAxis: o.axis,
					seed: 21 + k
				});
				const run = feed(sim, 64);
				const holds = run.events
					.filter((e) => e.type === 'stretch-hold')
					.map((e) => (e as { hold: StretchHold }).hold);
				const rests = run.events
					.filter((e) => e.type === 'stretch-rest')
					.map((e) => (e as { rest: StretchRest }).rest);
				const starts = run.events.filter((e) => e.type === 'stretch-hold-start');
				expect(holds.length).toBe(4);
				expect(starts.length).toBe(4);
				sim.truth.holds.forEach((h, i) => {
					expect(Math.abs(holds[i].start - h.start), `hold ${i} start`).toBeLessThan(3);
					expect(Math.abs(holds[i].end - h.end), `hold ${i} end`).toBeLessThan(3);
					expect(holds[i].angle).toBeGreaterThan(h.angleDeg - 4);
					expect(holds[i].angle).toBeLessThan(h.angleDeg + 4);
				});
				expect(holds.map((h) => h.ok)).toEqual([true, false, true, true]);
				expect(holds[1].issues).toEqual(['hold-too-short']);
				// Rests only between holds: 2 real rests (ok) and the skipped one (short, flagged).
				expect(rests.length).toBe(3);
				expect(rests.map((r) => r.ok)).toEqual([true, true, false]);
				expect(rests[2].end - rests[2].start).toBeLessThan(0.75 * 30);
				expect(Math.abs(rests[0].start - sim.truth.rests[0].start)).toBeLessThan(3);
				expect(Math.abs(rests[0].end - sim.truth.rests[0].end)).toBeLessThan(3);
			});
		}
	}

	it('adds breathing issues to an open hold only', () => {
		const sim = simulateChest({
			rate: 50,
			breaths: pacedBreaths(6),
			posture: PROGRAMME.slice(0, 3),
			seed: 3
		});
		const events: EngineEvent[] = [];
		const cm = new ChestMotion(
			(e) => {
				events.push(e);
				if (e.type === 'stretch-hold-start') {
					cm.noteBreathDuringHold('breath-held');
					cm.noteBreathDuringHold('breath-held');
					cm.noteBreathDuringHold('fast-breathing');
				}
			},
			() => {},
			{ holdSeconds: 30, restSeconds: 30 }
		);
		cm.push({ kind: 'acc', n: sim.t.length, t: sim.t, x: sim.x, y: sim.y, z: sim.z });
		cm.noteBreathDuringHold('fast-breathing'); // no hold open: ignored
		cm.finish(sim.t[sim.t.length - 1]);
		const holds = events
			.filter((e) => e.type === 'stretch-hold')
			.map((e) => (e as { hold: StretchHold }).hold);
		expect(holds.length).toBe(1);
		expect(holds[0].issues).toEqual(['breath-held', 'fast-breathing']);
		expect(holds[0].ok).toBe(false);
	});

	it('a hold still open at finish() is reported; hold targets scale the short test', () => {
		const sim = simulateChest({
			rate: 50,
			breaths: pacedBreaths(6),
			posture: PROGRAMME.slice(0, 2),
			seed: 3
		});
		const run = feed(sim, 50, { holdSeconds: 20, restSeconds: 20 });
		const holds = run.events
			.filter((e) => e.type === 'stretch-hold')
			.map((e) => (e as { hold: StretchHold }).hold);
		expect(holds.length).toBe(1);
		expect(holds[0].ok).toBe(true);
		expect(run.events.filter((e) => e.type === 'stretch-rest').length).toBe(0);
	});
});

describe('breathing through posture changes (engine on the chest accelerometer alone)', () => {
	const analyze = (sim: ChestSim) => analyzeRecording({ acc: { t: sim.t, x: sim.x, y: sim.y, z: sim.z } });

	it('no false apnea after a bend: breathing goes on through the whole programme', () => {
		// Before the fix the axis turned towards the side bend's direction (the move leaked into the
		// covariance) and the signal went flat from ≈ 112 to 130 s: an apnea that never happened.
		for (const seed of [11, 12, 13]) {
			for (const perMin of [6, 12]) {
				const sim = simulateChest({ rate: 50, breaths: pacedBreaths(perMin), posture: PROGRAMME, seed });
				const r = analyze(sim);
				expect(r.apneas, `seed ${seed}, ${perMin}/min`).toEqual([]);
				expect(Math.abs(r.summary.ratePerMin! - perMin) / perMin).toBeLessThan(0.15);
			}
		}
	});

	it('the breathing signal still follows the truth in every still stretch after a move', () => {
		const sim = simulateChest({ rate: 50, breaths: pacedBreaths(6), posture: PROGRAMME, seed: 11 });
		const run = feed(sim);
		// From when each move has settled (quality back to ok) to the start of the next move.
		const still = [
			[31, 54],
			[63, 86],
			[95, 103],
			[112, 135],
			[144, 167],
			[177, 200],
			[209, 222]
		];
		const whole = truthCorr(run, sim, 5, 22);
		for (const [a, b] of still) {
			const r = truthCorr(run, sim, a, b);
			expect(Math.abs(r), `${a}–${b} s`).toBeGreaterThan(0.95);
			expect(Math.sign(r), `${a}–${b} s`).toBe(Math.sign(whole));
		}
	});

	it('a real 20 s breath-hold during a rest is still an apnea', () => {
		// Paced breathing at 6/min; breath held (empty) from 65 to 85 s, in the rest after hold 1
		// (the wearer is still from ≈ 62 s; the side bend starts at 86 s).
		const paced = (t: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (t - 65)) / 10);
		for (const seed of [11, 12]) {
			const sim = simulateChest({
				rate: 50,
				breaths: (t) => (t > 65 && t < 85 ? 0 : paced(t)),
				posture: PROGRAMME,
				seed
			});
			const r = analyze(sim);
			expect(r.apneas, `seed ${seed}`).toHaveLength(1);
			expect(r.apneas[0].start).toBeGreaterThan(62);
			expect(r.apneas[0].start).toBeLessThan(67);
			expect(r.apneas[0].end).toBeGreaterThan(84);
			expect(r.apneas[0].end).toBeLessThan(88);
		}
	});
});
