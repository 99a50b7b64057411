import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../types';
import { synthBelt, type BeltOptions, type ScriptedBreath } from '../simulate/breathing';
import { edgeErrors, matchBreath } from '../../../../tests/support/scoring';
import { BreathEngine, type EngineOptions } from './engine';
import { parsePattern } from './pattern';

const GOOD: ScriptedBreath = { inhale: 5, hold: 1, exhale: 3.5, pause: 0, depth: 1 };

function runBelt(breaths: ScriptedBreath[], belt: BeltOptions, options: Partial<EngineOptions> = {}) {
	const rec = synthBelt(breaths, belt);
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => events.push(e), options);
	// Feed it as a device would: packets of about 0.5 s.
	const step = Math.max(1, Math.round(belt.rateHz / 2));
	for (let i = 0; i < rec.t.length; i += step) {
		const end = Math.min(rec.t.length, i + step);
		engine.push({ kind: 'resp', n: end - i, t: rec.t.subarray(i, end), value: rec.value.subarray(i, end) });
	}
	engine.finish();
	const breathsFound = events.flatMap((e) => (e.type === 'breath' ? [e.breath] : []));
	return { rec, events, breaths: breathsFound };
}

describe('breath phases on a belt', () => {
	it('finds every 5-1-4 breath with its edges at 10 Hz', () => {
		const { rec, breaths } = runBelt(Array(20).fill(GOOD), { rateHz: 10 });
		const e = edgeErrors(rec.truth, breaths);
		expect(e.recall).toBeGreaterThanOrEqual(0.95);
		expect(e.p50).toBeLessThan(0.1);
		expect(e.p95).toBeLessThan(0.25);
		// Correct breaths pass the pattern.
		const judged = breaths.filter((b) => b.inhaleStart > 5);
		expect(judged.filter((b) => b.ok).length / judged.length).toBeGreaterThan(0.9);
	});

	it('copes with drift, noise, jitter and dropped samples at 20 Hz', () => {
		const { rec, breaths } = runBelt(Array(30).fill(GOOD), {
			rateHz: 20,
			noise: 0.02,
			driftPerMin: 0.5,
			jitter: 0.01,
			dropFraction: 0.05,
			seed: 7
		});
		const e = edgeErrors(rec.truth, breaths);
		expect(e.recall).toBeGreaterThanOrEqual(0.9);
		expect(e.p50).toBeLessThanOrEqual(0.25);
		expect(e.p95).toBeLessThanOrEqual(0.6);
	});

	it('follows breathing from 3 to 40 breaths per minute', () => {
		for (const perMin of [3, 6, 12, 20, 30, 40]) {
			const cycle = 60 / perMin;
			const breath = { inhale: cycle * 0.42, hold: 0, exhale: cycle * 0.58, pause: 0, depth: 1 };
			const count = Math.max(12, Math.round(perMin * 3));
			const { rec, breaths, events } = runBelt(Array(count).fill(breath), {
				rateHz: 25,
				noise: 0.005,
				seed: perMin
			});
			const e = edgeErrors(rec.truth, breaths);
			expect(e.recall, `${perMin}/min`).toBeGreaterThanOrEqual(0.9);
			const rates = events.flatMap((ev) =>
				ev.type === 'rate' && ev.breathsPerMin !== null ? [ev.breathsPerMin] : []
			);
			expect(rates.at(-1)!, `${perMin}/min`).toBeCloseTo(perMin, 0);
		}
	});

	it('reads a belt that falls on inhale when told so', () => {
		const { rec, breaths } = runBelt(
			Array(12).fill(GOOD),
			{ rateHz: 10, polarity: -1 },
			{ beltRisesOnInhale: false }
		);
		const e = edgeErrors(rec.truth, breaths);
		expect(e.recall).toBeGreaterThanOrEqual(0.9);
		expect(e.p95).toBeLessThan(0.3);
		// Told the wrong polarity, the inhale found is the true exhale: the edges do not line up.
		const wrong = runBelt(Array(12).fill(GOOD), { rateHz: 10, polarity: -1 });
		expect(edgeErrors(wrong.rec.truth, wrong.breaths).recall).toBeLessThan(0.3);
	});
});

describe('pattern issues', () => {
	const cases: [string, Partial<ScriptedBreath>][] = [
		['inhale-short', { inhale: 2.5 }],
		['inhale-long', { inhale: 7.5 }],
		['hold-short', { hold: 0 }],
		['hold-long', { hold: 3.5 }],
		['exhale-short', { exhale: 1.5 }],
		['exhale-long', { exhale: 6.5 }],
		['pause-after-exhale', { pause: 2.5 }],
		['shallow', { depth: 0.3 }]
	];
	for (const [code, change] of cases) {
		it(`flags ${code} on the breath that has it, and only there`, () => {
			const script = [...Array(5).fill(GOOD), { ...GOOD, ...change }, ...Array(3).fill(GOOD)];
			for (const [seed, rateHz] of [
				[3, 20],
				[4, 10],
				[5, 25]
			]) {
				const { rec, breaths } = runBelt(script, { rateHz, noise: 0.003, seed });
				const faulty = matchBreath(rec.truth[5], breaths);
				expect(faulty, `seed ${seed}: the faulty breath is found`).toBeDefined();
				expect(faulty!.issues, `seed ${seed}`).toContain(code);
				expect(faulty!.ok).toBe(false);
				for (const i of [3, 4, 7]) {
					expect(matchBreath(rec.truth[i], breaths)?.issues, `seed ${seed}, breath ${i}`).toEqual([]);
				}
			}
		});
	}

	it('judges against any pattern, for example box breathing', () => {
		const box = parsePattern('box');
		if ('error' in box) throw new Error(box.error);
		const breath = { inhale: 4, hold: 4, exhale: 4, pause: 4, depth: 1 };
		const { breaths } = runBelt(Array(8).fill(breath), { rateHz: 20, noise: 0.003 }, { pattern: box });
		expect(breaths.length).toBeGreaterThanOrEqual(7);
		const [b] = breaths.slice(2);
		expect(b.hold).toBeGreaterThan(3);
		expect(b.pause).toBeGreaterThan(3);
		expect(b.issues).toEqual([]);
	});
});

describe('apnea and gaps', () => {
	it('reports breath holding longer than 10 s as apnea, with its span', () => {
		const script = [...Array(4).fill(GOOD), { ...GOOD, pause: 15 }, ...Array(3).fill(GOOD)];
		const { rec, events } = runBelt(script, { rateHz: 20, noise: 0.003 });
		const apneas = events.filter((e) => e.type === 'apnea-end');
		expect(apneas).toHaveLength(1);
		const a = apneas[0] as Extract<EngineEvent, { type: 'apnea-end' }>;
		expect(Math.abs(a.start - rec.truth[4].exhaleEnd)).toBeLessThan(0.5);
		expect(Math.abs(a.end - rec.truth[5].inhaleStart)).toBeLessThan(0.5);
		const started = events.find((e) => e.type === 'apnea-start')!;
		// Announced live, about 10 s after breathing stopped.
		expect(started.at - rec.truth[4].exhaleEnd).toBeGreaterThan(9.5);
		expect(started.at - rec.truth[4].exhaleEnd).toBeLessThan(11);
	});

	it('never treats missing samples as a breath hold', () => {
		const gap = { start: 40, end: 55 };
		const { events, breaths } = runBelt(Array(10).fill(GOOD), { rateHz: 20, noise: 0.003, gaps: [gap] });
		const gaps = events.filter((e) => e.type === 'gap') as Extract<EngineEvent, { type: 'gap' }>[];
		expect(gaps).toHaveLength(1);
		expect(gaps[0].start).toBeCloseTo(gap.start, 1);
		expect(gaps[0].end).toBeCloseTo(gap.end, 1);
		expect(events.some((e) => e.type === 'apnea-start')).toBe(false);
		for (const b of breaths)
			expect(b.inhaleStart >= gap.end || b.exhaleEnd + b.pause <= gap.start).toBe(true);
	});

	it('shrugs off a motion artefact without inventing breaths around it', () => {
		const { rec, breaths, events } = runBelt(Array(12).fill(GOOD), {
			rateHz: 20,
			noise: 0.005,
			artifacts: [{ t: 50.2, size: 3, duration: 0.3 }]
		});
		const jolt = events.find((e) => e.type === 'quality' && e.reason === 'motion');
		expect(jolt, 'the jolt is reported as motion').toBeDefined();
		expect(jolt!.at).toBeGreaterThan(50);
		expect(jolt!.at).toBeLessThan(51);
		// The breath the jolt fell into is still one breath.
		const hit = rec.truth.find((b) => b.inhaleStart <= 50.2 && 50.2 < b.nextInhale)!;
		const around = breaths.filter(
			(b) => b.inhaleStart > hit.inhaleStart - 1 && b.inhaleStart < hit.nextInhale - 1
		);
		expect(around).toHaveLength(1);
		expect(breaths.length).toBeLessThanOrEqual(rec.truth.length);
		expect(edgeErrors(rec.truth, breaths).recall).toBeGreaterThanOrEqual(0.9);
	});
});

describe('bad samples', () => {
	it('skips values that are not numbers and times that go backwards, and carries on', () => {
		const rec = synthBelt(Array(12).fill(GOOD), { rateHz: 20, noise: 0.003 });
		const value = Float64Array.from(rec.value);
		const t = Float64Array.from(rec.t);
		for (let i = 200; i < value.length; i += 97) value[i] = NaN;
		value[500] = Infinity;
		t[800] = t[790]; // a repeated (backwards) timestamp
		const events: EngineEvent[] = [];
		const engine = new BreathEngine((e) => events.push(e));
		engine.push({ kind: 'resp', n: t.length, t, value });
		engine.finish();
		const breaths = events.flatMap((e) => (e.type === 'breath' ? [e.breath] : []));
		expect(edgeErrors(rec.truth, breaths).recall).toBeGreaterThanOrEqual(0.9);
		for (const b of breaths)
			for (const v of Object.values(b)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
		expect(events.some((e) => e.type === 'gap')).toBe(false);
	});
});

describe('events', () => {
	it('announces each phase within half a second of its true edge', () => {
		const { rec, events } = runBelt(Array(20).fill(GOOD), { rateHz: 25, noise: 0.002 });
		const delays: number[] = [];
		const edges = [
			['inhale', 'inhaleStart'],
			['hold', 'inhaleEnd'],
			['exhale', 'exhaleStart'],
			['pause', 'exhaleEnd']
		] as const;
		for (const truth of rec.truth) {
			for (const [phase, edge] of edges) {
				const e = events.find(
					(x) => x.type === 'phase' && x.phase === phase && Math.abs(x.t - truth[edge]) < 1
				);
				if (e) delays.push(e.at - truth[edge]);
			}
		}
		expect(delays.length).toBeGreaterThanOrEqual(rec.truth.length * 4 - 2);
		delays.sort((a, b) => a - b);
		expect(delays[Math.floor(delays.length * 0.95)]).toBeLessThanOrEqual(0.5);
	});
});
