import { expose, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { patternBreaths, synthBelt } from '../src/lib/core/simulate/breathing';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import { simulateChest, twoAlikeBends } from '../src/lib/core/simulate/chest';
import type { AccChunk, EngineEvent, StretchHold } from '../src/lib/core/types';
import { EngineApi } from './engine-api';
import { correlation } from '../tests/support/scoring';

describe('the engine behind the worker contract', () => {
	it('streams chunks across a message channel and returns each chunk’s events', async () => {
		const { port1, port2 } = new MessageChannel();
		expose(new EngineApi(), nodeEndpoint(port1));
		const api = wrap<EngineApi>(nodeEndpoint(port2));
		expect(await api.start({ pattern: '5-1-4' })).toEqual({ ok: true });
		const rec = synthBelt(patternBreaths(PATTERN_514, 8), { rateHz: 20 });
		let breaths = 0;
		for (let i = 0; i < rec.t.length; i += 10) {
			const end = Math.min(rec.t.length, i + 10);
			const events = await api.push({
				kind: 'resp',
				n: end - i,
				t: rec.t.slice(i, end),
				value: rec.value.slice(i, end)
			});
			breaths += events.filter((e) => e.type === 'breath').length;
		}
		breaths += (await api.finish()).filter((e) => e.type === 'breath').length;
		expect(breaths).toBeGreaterThanOrEqual(7);
		port1.close();
		port2.close();
	});

	it('refuses samples outside a session and bad programme targets', () => {
		const api = new EngineApi();
		const beat = { kind: 'rr' as const, n: 1, t: new Float64Array([1]), rrMs: new Float64Array([900]) };
		expect(() => api.push(beat)).toThrow(/start\(\)/);
		const bad = api.start({ holdSeconds: -5 });
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.error).toMatch(/holdSeconds/);
	});

	it('says plainly when a pattern cannot be read', () => {
		const result = new EngineApi().start({ pattern: '5-x-4' });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).toMatch(/not a pattern/);
	});
});

describe('resuming in a fresh engine', () => {
	it('learns from the history without repeating its events, then carries on', () => {
		const rec = synthBelt(patternBreaths(PATTERN_514, 8), { rateHz: 20 });
		const half = Math.floor(rec.t.length / 2);
		const chunk = (a: number, b: number) => ({
			kind: 'resp' as const,
			n: b - a,
			t: rec.t.slice(a, b),
			value: rec.value.slice(a, b)
		});
		const api = new EngineApi();
		expect(api.resume({ pattern: '5-1-4' }, [{ chunk: chunk(0, half) }, { t: 0, phase: 'inhale' }])).toEqual({
			ok: true,
			samples: half
		});
		const after = [...api.pushMany([chunk(half, rec.t.length)]).events, ...api.finish()];
		const breaths = after.filter((e) => e.type === 'breath');
		expect(breaths.length).toBeGreaterThanOrEqual(3);
		expect(breaths.every((e) => e.type === 'breath' && e.breath.inhaleStart >= rec.t[half] - 10)).toBe(true);
	});
});

describe('which way is in, for the chart’s signal', () => {
	it('draws a belt that falls on inhale the right way up, as configured', () => {
		const api = new EngineApi();
		api.start({ pattern: '5-1-4', beltRisesOnInhale: false });
		// A force sensor whose signal falls on inhale, following "in 4 s, out 5 s" three times.
		const t = Float64Array.from({ length: 27 * 20 }, (_, i) => i / 20);
		const lung = (x: number) => {
			const p = x % 9;
			return p < 4 ? p / 4 : 1 - (p - 4) / 5;
		};
		for (let k = 0; k < 3; k++) {
			api.cue(k * 9, 'inhale', 4, true);
			api.cue(k * 9 + 4, 'exhale', 5, true);
		}
		const { trace } = api.pushMany([
			{ kind: 'resp', n: t.length, t, value: Float64Array.from(t, (x) => 500 - 40 * lung(x)) }
		]);
		expect(api.calibrate()).toEqual({ polarity: -1, basis: 'configured', confidence: 1 });
		// The trace rises while breathing in (the first inhale: 0–4 s).
		const at = (s: number) => trace.v[trace.t.findIndex((x) => x >= s)];
		expect(at(3.8) - at(0.2)).toBeGreaterThan(10);
	});

	it('draws the chest the way the engine decided from the pacer, however the sensor sits', () => {
		// The chart's own axis has no sense of in or out: on the last two it comes out upside down.
		for (const rotation of [
			[1, 0.2, 0],
			[-1, 0.2, 0],
			[0, -1, 0.2],
			[0.3, -1, 0]
		] as [number, number, number][]) {
			const sim = simulateChest({
				rate: 50,
				duration: 90,
				breaths: [{ inhale: 4, hold: 0, exhale: 5, pause: 0 }],
				breathTiltDeg: 3,
				gravity: [0.2, -0.3, 1],
				breathRotationAxis: rotation,
				seed: 5
			});
			const api = new EngineApi();
			api.start({ pattern: '4-5' });
			const v: number[] = [];
			const lung: number[] = [];
			for (let i = 0; i < sim.t.length; i += 25) {
				const end = Math.min(sim.t.length, i + 25);
				for (const b of sim.truth.breaths) {
					if (b.inhaleStart >= sim.t[i] && b.inhaleStart < sim.t[end - 1])
						api.cue(b.inhaleStart, 'inhale', 4, false);
					if (b.exhaleStart >= sim.t[i] && b.exhaleStart < sim.t[end - 1])
						api.cue(b.exhaleStart, 'exhale', 5, false);
				}
				const cut = (a: Float64Array) => a.slice(i, end);
				const { trace } = api.pushMany([
					{ kind: 'acc', n: end - i, t: cut(sim.t), x: cut(sim.x), y: cut(sim.y), z: cut(sim.z) }
				]);
				trace.t.forEach((t, k) => {
					if (t > 60 && Number.isFinite(trace.v[k])) {
						v.push(trace.v[k]);
						lung.push(sim.truth.breathingAt(t));
					}
				});
			}
			const decided = api.calibrate();
			expect(decided?.basis).toBe('pacer');
			// The last half-minute drawn rises and falls with the lungs.
			expect(correlation(v, lung), `breathing about ${rotation}`).toBeGreaterThan(0.8);
		}
	});
});

describe('stretch targets that follow the exercise', () => {
	const sim = twoAlikeBends();
	const restMiddle = sim.truth.holds[0].end + 15;

	/** The simulated strap's samples between two times, as the 100-ms chunks the strap sends. */
	function* chunks(from: number, to: number): Generator<AccChunk> {
		let i = sim.t.findIndex((t) => t >= from);
		while (i >= 0 && i < sim.t.length && sim.t[i] < to) {
			let end = i;
			while (end < sim.t.length && sim.t[end] < Math.min(to, sim.t[i] + 0.1)) end++;
			const part = (a: Float64Array) => a.slice(i, end);
			yield { kind: 'acc', n: end - i, t: part(sim.t), x: part(sim.x), y: part(sim.y), z: part(sim.z) };
			i = end;
		}
	}

	it('judges each hold against the targets of the exercise running, changed over the channel', async () => {
		const { port1, port2 } = new MessageChannel();
		expose(new EngineApi(), nodeEndpoint(port1));
		const api = wrap<EngineApi>(nodeEndpoint(port2));
		const events: EngineEvent[] = [];
		// The first exercise asks for 30 s holds: 16 s is short.
		expect(await api.start({ holdSeconds: 30, restSeconds: 30 })).toEqual({ ok: true });
		for (const c of chunks(0, restMiddle)) events.push(...(await api.push(c)));
		// The second exercise, mid-rest, asks for 15 s holds and 20 s rests.
		expect(await api.updateStretchTargets({ holdSeconds: 15, restSeconds: 20 })).toEqual({ ok: true });
		for (const c of chunks(restMiddle, Infinity)) events.push(...(await api.push(c)));
		events.push(...(await api.finish()));
		port1.close();
		port2.close();

		const holds = events.flatMap((e): StretchHold[] => (e.type === 'stretch-hold' ? [e.hold] : []));
		expect(holds).toHaveLength(2);
		// Both holds are alike (16 s still plus the bend in and out): too short for 30 s, fine for 15 s.
		for (const h of holds) expect(h.end - h.start).toBeGreaterThan(15);
		expect(Math.abs(holds[1].end - holds[1].start - (holds[0].end - holds[0].start))).toBeLessThan(1);
		expect(holds[0].issues).toContain('hold-too-short');
		expect(holds[1]).toMatchObject({ ok: true, issues: [] });
		// The 30 s rest is long enough for the second exercise's 20 s.
		const rests = events.flatMap((e) => (e.type === 'stretch-rest' ? [e.rest] : []));
		expect(rests.map((r) => r.ok)).toEqual([true]);
	});

	it('refuses bad targets and keeps the ones it had', () => {
		const api = new EngineApi();
		expect(api.updateStretchTargets({ holdSeconds: 20, restSeconds: 20 })).toMatchObject({ ok: false });
		api.start({ holdSeconds: 30, restSeconds: 30 });
		const bad = api.updateStretchTargets({ holdSeconds: 20, restSeconds: 0 });
		expect(!bad.ok && bad.error).toMatch(/restSeconds needs a positive number/);
		// Still 30 s: a 16 s hold is short.
		const holds: StretchHold[] = [];
		for (const c of chunks(0, Infinity))
			for (const e of api.push(c)) if (e.type === 'stretch-hold') holds.push(e.hold);
		for (const e of api.finish()) if (e.type === 'stretch-hold') holds.push(e.hold);
		expect(holds.map((h) => h.issues.includes('hold-too-short'))).toEqual([true, true]);
	});
});
