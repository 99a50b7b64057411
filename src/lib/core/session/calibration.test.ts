import { describe, expect, it } from 'vitest';
import { PacerTimer } from '../pacer/pacer';
import { breathingPlan } from '../pacer/plan';
import { PATTERN_514 } from '../engine/pattern';
import { seededRandom, gaussian } from '../simulate/random';
import { Calibration } from './calibration';
import { DisplaySignal } from './display';

/** A person following the calibration cues half a second late; `sign` -1 for a signal that falls on inhale. */
function followCues(sign: 1 | -1, depth: number, noise: number) {
	const pacer = new PacerTimer(breathingPlan(PATTERN_514, null, true), 0);
	const cues = pacer.cuesUntil(27 - 0.01);
	const rand = seededRandom(3);
	const t: number[] = [];
	const v: number[] = [];
	for (let x = 0; x < 27; x += 0.1) {
		const pos = pacer.at(Math.max(0, x - 0.5));
		const lung = pos?.phase === 'inhale' ? pos.progress : 1 - (pos?.progress ?? 0);
		t.push(x);
		v.push(100 + sign * depth * lung + noise * gaussian(rand));
	}
	return { cues, t, v };
}

describe('calibration from the pacer’s first breaths', () => {
	it('tells which way the signal moves on an inhale, its resting level and depth', () => {
		for (const sign of [1, -1] as const) {
			const { cues, t, v } = followCues(sign, 40, 2);
			const cal = new Calibration();
			cal.addPoints(t, v);
			for (const c of cues) cal.addCue(c.t, c.phase, c.seconds);
			const r = cal.result();
			expect(r.polarity).toBe(sign);
			expect(r.voting).toBe(6);
			expect(r.agreeing).toBeGreaterThanOrEqual(5);
			expect(r.depth).toBeGreaterThan(25);
			expect(r.depth).toBeLessThan(45);
			expect(Math.abs((r.neutral ?? 0) - 100)).toBeLessThan(12);
		}
	});

	it('says it cannot tell without a signal', () => {
		const cal = new Calibration();
		cal.addCue(0, 'inhale', 4);
		expect(cal.result()).toMatchObject({ polarity: null, depth: null, voting: 0 });
	});
});

describe('the display signal', () => {
	it('averages a belt to 5 points a second and marks a pause as a gap', () => {
		const d = new DisplaySignal('resp');
		const t = Float64Array.from({ length: 40 }, (_, i) => i / 20);
		d.push({ kind: 'resp', n: 40, t, value: Float64Array.from(t, (x) => x) });
		d.push({ kind: 'resp', n: 2, t: Float64Array.of(5, 5.05), value: Float64Array.of(5, 5) });
		d.push({ kind: 'resp', n: 2, t: Float64Array.of(5.3, 5.35), value: Float64Array.of(5, 5) });
		const { t: ot, v } = d.take();
		expect(ot.length).toBe(10 + 1 + 1);
		expect(v[0]).toBeCloseTo(0.075, 9);
		expect(Number.isNaN(v[10])).toBe(true);
		expect(v[11]).toBe(5);
	});

	it('finds the chest’s breathing axis and follows the breath along it', () => {
		const d = new DisplaySignal('acc');
		const n = 200 * 60;
		const t = new Float64Array(n);
		const x = new Float64Array(n);
		const y = new Float64Array(n);
		const z = new Float64Array(n);
		const rand = seededRandom(5);
		for (let i = 0; i < n; i++) {
			t[i] = i / 200;
			const breath = 8 * Math.sin((2 * Math.PI * t[i]) / 10);
			x[i] = 0.6 * breath + 3 * gaussian(rand);
			y[i] = 0.8 * breath + 3 * gaussian(rand);
			z[i] = 1000 + 3 * gaussian(rand);
		}
		d.push({ kind: 'acc', n, t, x, y, z });
		const out = d.take();
		// After it settles (30 s), the projection follows the breath (either sign).
		const keep = out.t.map((tt, i) => [tt, out.v[i]]).filter(([tt]) => tt > 30);
		const truth = keep.map(([tt]) => Math.sin((2 * Math.PI * tt) / 10));
		const proj = keep.map(([, v]) => v);
		expect(Math.abs(correlation(truth, proj))).toBeGreaterThan(0.95);
	});
});

function correlation(a: number[], b: number[]): number {
	const ma = a.reduce((s, x) => s + x, 0) / a.length;
	const mb = b.reduce((s, x) => s + x, 0) / b.length;
	let sab = 0;
	let saa = 0;
	let sbb = 0;
	for (let i = 0; i < a.length; i++) {
		sab += (a[i] - ma) * (b[i] - mb);
		saa += (a[i] - ma) ** 2;
		sbb += (b[i] - mb) ** 2;
	}
	return sab / Math.sqrt(saa * sbb);
}
