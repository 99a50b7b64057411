import { describe, expect, it } from 'vitest';
import type { Breath, BreathIssue, EngineEvent } from '../types';
import { synthBelt, type ScriptedBreath } from '../simulate/breathing';
import { seededRandom } from '../simulate/random';
import { matchBreath } from '../../../../tests/support/scoring';
import { BreathEngine } from './engine';
import { evaluateBreath } from './evaluate';
import { parsePattern, PATTERN_514, type BreathPattern } from './pattern';

/**
 * Issue 8, item 4: the pause at the top of a 5-1-4 breath on belts at 10 and 20 Hz with noise up
 * to 3 % of the depth, drift and a cardiac ripple up to 5 %. The breaths vary as a person's do
 * (good ones inside the pattern, and some that miss it), the exhale is relaxed.
 */

/** A person's 5-1-4 session: 3 in 4 breaths good, the rest missing one phase of the pattern. */
function session(count: number, seed: number): ScriptedBreath[] {
	const random = seededRandom(seed);
	const around = (v: number, spread: number) => v + (random() * 2 - 1) * spread;
	const out: ScriptedBreath[] = [];
	for (let i = 0; i < count; i++) {
		const b = {
			inhale: around(5, 0.6),
			hold: around(1, 0.25),
			exhale: around(3.6, 0.6),
			pause: 0,
			depth: around(1, 0.1)
		};
		const fault = i >= 3 ? Math.floor(random() * 12) : 99;
		if (fault === 0)
			b.hold = around(0.15, 0.1); // no pause at the top
		else if (fault === 1)
			b.hold = around(3, 0.3); // held too long
		else if (fault === 2)
			b.exhale = around(1.6, 0.2); // blown out
		else if (fault === 3) b.pause = around(2.5, 0.4); // waiting after the exhale
		out.push(b);
	}
	return out;
}

/** The issue codes the truth earns (depth left out: the belt's depth is not judged here). */
function truthCodes(b: ScriptedBreath, pattern: BreathPattern): BreathIssue[] {
	const breath: Breath = {
		inhaleStart: 0,
		inhaleEnd: b.inhale,
		exhaleStart: b.inhale + b.hold,
		exhaleEnd: b.inhale + b.hold + b.exhale,
		inhale: b.inhale,
		hold: b.hold,
		exhale: b.exhale,
		pause: b.pause,
		depth: 1,
		ok: true,
		issues: []
	};
	return evaluateBreath(breath, pattern, 0).issues;
}

function run(breaths: ScriptedBreath[], rateHz: number, noise: number, cardiac: number, seed: number) {
	const rec = synthBelt(breaths, {
		rateHz,
		noise,
		driftPerMin: 0.3,
		cardiac: cardiac > 0 ? { amplitude: cardiac, bpm: 62 + seed } : undefined,
		jitter: 0.1 / rateHz,
		seed
	});
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => events.push(e));
	const step = Math.max(1, Math.round(rateHz / 2));
	for (let i = 0; i < rec.t.length; i += step) {
		const end = Math.min(rec.t.length, i + step);
		engine.push({ kind: 'resp', n: end - i, t: rec.t.subarray(i, end), value: rec.value.subarray(i, end) });
	}
	engine.finish();
	return { rec, breaths: events.flatMap((e) => (e.type === 'breath' ? [e.breath] : [])) };
}

describe('the pause at the top, on belts (sweep)', () => {
	const cases = [];
	for (const rateHz of [10, 20])
		for (const noise of [0, 0.01, 0.03])
			for (const cardiac of [0, 0.05, 0.1]) cases.push({ rateHz, noise, cardiac });
	for (const c of cases) {
		const what =
			c.cardiac > 0.05
				? 'no extra breath, edges'
				: 'pause ±0.3 s, edges, good breaths ok, codes as the truth’s';
		it(`${c.rateHz} Hz, noise ${c.noise * 100} %, cardiac ${c.cardiac * 100} %: ${what}`, () => {
			let holds = 0;
			let holdsOk = 0;
			let good = 0;
			let goodOk = 0;
			let judged = 0;
			let codesEqual = 0;
			let extra = 0;
			let truthCount = 0;
			const errors: number[] = [];
			for (const seed of [1, 2, 3]) {
				const script = session(40, seed * 7 + c.rateHz);
				const { rec, breaths } = run(script, c.rateHz, c.noise, c.cardiac, seed);
				// Breaths reported beyond the true ones (a heartbeat taken for a breath).
				extra += Math.max(0, breaths.length - rec.truth.length);
				truthCount += rec.truth.length;
				// Skip the first three breaths: the detector is still learning the person's breath.
				rec.truth.slice(3).forEach((t, k) => {
					const i = k + 3;
					const b = matchBreath(t, breaths);
					if (!b) return;
					errors.push(
						Math.abs(b.inhaleStart - t.inhaleStart),
						Math.abs(b.inhaleEnd - t.inhaleEnd),
						Math.abs(b.exhaleStart - t.exhaleStart),
						Math.abs(b.exhaleEnd - t.exhaleEnd)
					);
					const s = script[i];
					if (s.hold >= 0.75 && s.hold <= 1.25) {
						holds++;
						if (Math.abs(b.hold - s.hold) <= 0.3) holdsOk++;
					}
					const codes = truthCodes(s, PATTERN_514);
					if (codes.length === 0) {
						good++;
						if (b.ok) goodOk++;
					}
					judged++;
					const found = b.issues.filter((x) => x !== 'shallow');
					if (found.length === codes.length && found.every((x) => codes.includes(x))) codesEqual++;
				});
			}
			errors.sort((a, b) => a - b);
			const p50 = errors[errors.length >> 1];
			const p95 = errors[Math.floor(errors.length * 0.95)];
			console.log(
				`[belt 5-1-4] ${c.rateHz} Hz noise ${c.noise} cardiac ${c.cardiac}: pause ±0.3 s ${holdsOk}/${holds}, edges p50 ${p50.toFixed(2)} p95 ${p95.toFixed(2)}, good ok ${goodOk}/${good}, codes equal ${codesEqual}/${judged}, extra breaths ${extra} (of ${truthCount})`
			);
			// Item 2: a heartbeat ripple up to 10 % of the depth adds no breath and keeps the edges.
			expect(extra).toBe(0);
			expect(judged / (truthCount - 9)).toBeGreaterThanOrEqual(0.9);
			expect(p50).toBeLessThanOrEqual(0.25);
			expect(p95).toBeLessThanOrEqual(0.6);
			// Item 4 (ripple up to 5 %): the pause, good breaths and issue codes.
			if (c.cardiac > 0.05) return;
			expect(holdsOk / holds).toBeGreaterThanOrEqual(0.9);
			expect(goodOk / good).toBeGreaterThanOrEqual(0.9);
			expect(codesEqual / judged).toBeGreaterThanOrEqual(0.9);
		});
	}
});

describe('box breathing: the pause after the exhale can be missed', () => {
	it('a breath without its pause is flagged pause-short; one with it is not', () => {
		const box = parsePattern('box');
		if ('error' in box) throw new Error(box.error);
		const good: ScriptedBreath = { inhale: 4, hold: 4, exhale: 4, pause: 4, depth: 1 };
		const rushed: ScriptedBreath = { ...good, pause: 0.2 };
		const script = [good, good, good, rushed, good, rushed, good, good];
		const rec = synthBelt(script, { rateHz: 20, noise: 0.01, seed: 4 });
		const events: EngineEvent[] = [];
		const engine = new BreathEngine((e) => events.push(e), { pattern: box });
		engine.push({ kind: 'resp', n: rec.t.length, t: rec.t, value: rec.value });
		engine.finish();
		const breaths = events.flatMap((e) => (e.type === 'breath' ? [e.breath] : []));
		const judged = rec.truth.slice(1, -1).map((t) => matchBreath(t, breaths));
		expect(judged.every((b) => b !== undefined)).toBe(true);
		judged.forEach((b, k) => {
			const wanted = script[k + 1].pause < 1 ? ['pause-short'] : [];
			expect(b!.issues, `breath ${k + 1}`).toEqual(wanted);
		});
	});
});
