import { expose, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { patternBreaths, synthBelt } from '../src/lib/core/simulate/breathing';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import { EngineApi } from './engine-api';

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

describe('calibration and the chart’s signal', () => {
	it('learns from the pacer’s calibration cues which way is in, and draws the signal that way up', () => {
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
		api.pushMany([{ kind: 'resp', n: t.length, t, value: Float64Array.from(t, (x) => 500 - 40 * lung(x)) }]);
		expect(api.calibrate()).toMatchObject({ polarity: -1, voting: 6, agreeing: 6 });
		// After calibration the trace rises while breathing in.
		const t2 = Float64Array.from({ length: 40 }, (_, i) => 27 + i / 20);
		const { trace } = api.pushMany([
			{ kind: 'resp', n: 40, t: t2, value: Float64Array.from(t2, (x) => 500 - 40 * lung(x)) }
		]);
		expect(trace.v.at(-1)! - trace.v[0]).toBeGreaterThan(10);
	});
});
