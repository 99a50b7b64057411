import { describe, expect, it } from 'vitest';
import type { Cycle, PhaseSink } from './phase-sink';
import { PhaseDetector } from './phases';

const RATE = 25;
/** The noise the source reports (σ): a phase proves itself from 4 σ = 16. */
const NOISE = 4;

/** A smooth signal through segments: each moves the level by `delta` over `seconds` (half a cosine). */
function signal(segments: [seconds: number, delta: number][]) {
	const knots: { t0: number; seconds: number; x0: number; delta: number }[] = [];
	let t = 0;
	let x = 0;
	for (const [seconds, delta] of segments) {
		knots.push({ t0: t, seconds, x0: x, delta });
		t += seconds;
		x += delta;
	}
	return {
		end: t,
		at(time: number): number {
			const k = knots.find((k) => time < k.t0 + k.seconds) ?? knots[knots.length - 1];
			const u = Math.min(1, Math.max(0, (time - k.t0) / k.seconds));
			return k.x0 + k.delta * (0.5 - 0.5 * Math.cos(Math.PI * u));
		}
	};
}

/**
 * Breaths of depth 60, a move, then `first` (the small breath under test) and breaths of depth 60
 * again: the cycles found after the move, as [start, size].
 */
function afterMove(first: [number, number][]): [number, number][] {
	const breaths: [number, number][] = [];
	for (let i = 0; i < 8; i++) breaths.push([1, 60], [1.2, -60]);
	const sig = signal([...breaths, [1, 0], ...first, ...breaths]);
	const move = 8 * 2.2;
	const found: [number, number][] = [];
	const sink: PhaseSink = {
		phaseStart() {},
		phaseEnd() {},
		phaseRetracted() {},
		cycle(c: Cycle) {
			if (c.riseStart > move) found.push([c.riseStart, c.excursion]);
		},
		stillSince() {},
		movingAgain() {},
		interrupted() {},
		artifact() {}
	};
	const detector = new PhaseDetector(sink, RATE);
	let moved = false;
	for (let i = 0; i < sig.end * RATE; i++) {
		const t = i / RATE;
		if (t >= move && !moved) {
			// The wearer moved: what was learnt of the breaths before goes.
			detector.gap(t - 1 / RATE);
			detector.forgetBreathSize();
			moved = true;
		}
		detector.sample(t, sig.at(t), NOISE);
	}
	return found;
}

describe('a small breath whose exhale is too small to prove itself', () => {
	it('is a breath when the exhale turns straight on from the inhale and goes back beyond a flat', () => {
		// Inhale 20 (5 σ), exhale 12 (3 σ) straight on, then the breaths of 60.
		const found = afterMove([
			[0.6, 20],
			[0.7, -12]
		]);
		expect(found[0][1]).toBeCloseTo(20, -1);
		expect(found[1][0] - found[0][0]).toBeGreaterThan(1);
		expect(found[1][1]).toBeGreaterThan(50);
		expect(found).toHaveLength(8);
	});

	it('is a stutter of one inhale when the dip comes after a flat, or stays within the flat’s noise', () => {
		for (const first of [
			// A 0.6 s hold at the top, then the same 12 back: a wobble of the hold.
			[
				[0.6, 20],
				[0.6, 0],
				[0.7, -12]
			],
			// Straight on, but only 6 back (1.5 σ): within the noise of a flat.
			[
				[0.6, 20],
				[0.7, -6]
			]
		] as [number, number][][]) {
			const found = afterMove(first);
			// The small rise and the next breath's are one inhale: one breath fewer, and a large one.
			expect(found[0][1]).toBeGreaterThan(60);
			expect(found).toHaveLength(7);
		}
	});
});
