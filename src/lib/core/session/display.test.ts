import { describe, expect, it } from 'vitest';
import type { InhaleDirection } from '../engine/engine';
import { DisplaySignal } from './display';

/** A chest that tilts 20 mg along x with each 10-s breath (lungs full at 2.5 s, 12.5 s, …). */
function chest(from: number, to: number) {
	const t = Float64Array.from({ length: Math.round((to - from) * 50) }, (_, i) => from + i / 50);
	const lung = (s: number) => Math.sin((2 * Math.PI * s) / 10);
	return {
		chunk: {
			kind: 'acc' as const,
			n: t.length,
			t,
			x: Float64Array.from(t, (s) => 20 * lung(s)),
			y: new Float64Array(t.length),
			z: new Float64Array(t.length).fill(1000)
		},
		lung
	};
}

const decided = (axis: [number, number, number]): InhaleDirection => ({
	source: 'acc',
	axis,
	inverted: axis[0] < 0,
	basis: 'pacer',
	confidence: 0.9
});

describe('the live chart’s breathing signal', () => {
	it('turns the line drawn so far over when the engine decides the other way, with no step', () => {
		const display = new DisplaySignal('acc');
		const line: { t: number; v: number }[] = [];
		const take = () => {
			const { t, v, turned } = display.take();
			if (turned) for (const p of line) p.v = -p.v;
			t.forEach((s, i) => line.push({ t: s, v: v[i] }));
		};
		// Drawn as it comes for 42.5 s, then the engine decides an inhale tilts towards −x, at the
		// top of a breath (where turning over only the new points would draw a 2 × 20 mg step).
		display.push(chest(0, 42.5).chunk);
		take();
		display.orient(decided([-1, 0, 0]));
		const { chunk, lung } = chest(42.5, 60);
		display.push(chunk);
		take();
		const late = line.filter((p) => p.t > 30);
		const steps = late.slice(1).map((p, i) => Math.abs(p.v - late[i].v));
		// One 10-s breath of 20 mg moves at most 2π·20/10 mg/s, 2.5 mg between points 0.2 s apart.
		expect(Math.max(...steps)).toBeLessThan(3);
		// Drawn the decided way up, before the decision too: up when the chest tilts towards −x.
		const dot = (f: (p: { t: number; v: number }) => number, g: typeof f) =>
			late.reduce((sum, p) => sum + f(p) * g(p), 0);
		const inhaled = (p: { t: number }) => -lung(p.t);
		const drawn = (p: { v: number }) => p.v;
		expect(dot(drawn, inhaled) / Math.sqrt(dot(drawn, drawn) * dot(inhaled, inhaled))).toBeGreaterThan(0.9);
	});

	it('leaves the line as drawn when the decision agrees with it', () => {
		const display = new DisplaySignal('acc');
		display.push(chest(0, 30).chunk);
		display.take();
		display.orient(decided([1, 0, 0]));
		display.push(chest(30, 40).chunk);
		expect(display.take().turned).toBe(false);
	});
});
