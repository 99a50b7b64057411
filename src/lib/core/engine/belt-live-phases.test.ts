import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../types';
import { synthBelt } from '../simulate/breathing';
import { BreathEngine } from './engine';

/**
 * Issue 8, item 2, live: the phase events the session page shows ("what you are doing") on a
 * belt whose signal carries a heartbeat's ripple (no heart rate known: the ripple is found on the
 * belt itself). Before the ripple was taken off, a clean 20 Hz belt with a 5 % ripple announced
 * 569 phases for 160 true ones and took 156 back; the breaths were right, the page flickered.
 */

const BREATHS = 40;

function livePhases(rateHz: number, noise: number, ripple: number, seed: number) {
	const script = Array.from({ length: BREATHS }, () => ({
		inhale: 5,
		hold: 1,
		exhale: 4,
		pause: 0,
		depth: 1
	}));
	const rec = synthBelt(script, {
		rateHz,
		noise,
		driftPerMin: 0.3,
		jitter: 0.1 / rateHz,
		seed,
		cardiac: ripple > 0 ? { amplitude: ripple, bpm: 60 + 3 * seed } : undefined
	});
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => events.push(e));
	for (let i = 0; i < rec.t.length; i += 2) {
		const end = Math.min(rec.t.length, i + 2);
		engine.push({ kind: 'resp', n: end - i, t: rec.t.subarray(i, end), value: rec.value.subarray(i, end) });
	}
	engine.finish();
	const phases = events.flatMap((e) => (e.type === 'phase' ? [e] : []));
	// A phase taken back (a retraction, or a phase resumed after a flat spot) goes back in time.
	const back = phases.filter((p, i) => i > 0 && p.t < phases[i - 1].t);
	// After the first three breaths (the detector still learns the breath, and the ripple).
	const settled = rec.truth[3].inhaleStart;
	// Each true edge after the first three breaths (still learning), to the nearest live event of its phase.
	const errors: number[] = [];
	for (const b of rec.truth.slice(3)) {
		for (const [phase, t] of [
			['inhale', b.inhaleStart],
			['hold', b.inhaleEnd],
			['exhale', b.exhaleStart]
		] as const) {
			let best = Infinity;
			for (const p of phases) if (p.phase === phase) best = Math.min(best, Math.abs(p.t - t));
			errors.push(best);
		}
	}
	errors.sort((a, b) => a - b);
	return {
		count: phases.length,
		takenBack: back.length,
		takenBackSettled: back.filter((p) => p.at > settled).length,
		p50: errors[errors.length >> 1],
		p95: errors[Math.floor(errors.length * 0.95)]
	};
}

describe('live phases on a belt with a heartbeat ripple go forward', () => {
	for (const rateHz of [10, 20])
		for (const noise of [0, 0.03])
			for (const ripple of [0, 0.05, 0.1])
				it(`${rateHz} Hz, noise ${noise * 100} %, ripple ${ripple * 100} %`, () => {
					for (const seed of [1, 2]) {
						const r = livePhases(rateHz, noise, ripple, seed);
						console.log(
							`[belt live phases] ${rateHz} Hz noise ${noise} ripple ${ripple} seed ${seed}: ${r.count} phases (${4 * BREATHS - 1} true), ${r.takenBack} taken back (${r.takenBackSettled} after 3 breaths), edges p50 ${r.p50.toFixed(2)} p95 ${r.p95.toFixed(2)}`
						);
						// Once the first three breaths are past: none on a clean belt, ripple or not (before
						// the ripple was taken off, a clean 20 Hz belt took back 156 in 40 breaths). On a
						// belt with 3 % noise up to 3 in 37 breaths, as without any ripple before: the aim of
						// one in 20 is not reached there (noise, not the heartbeat).
						expect(r.takenBackSettled).toBeLessThanOrEqual(noise === 0 ? 0 : 3);
						// Over the whole session, the ripple's first breaths included (it is found
						// within about 10 s): at most one in four breaths.
						expect(r.takenBack).toBeLessThanOrEqual(BREATHS / 4);
						// Phases announced: at most one beyond the true four per breath (before: up to 26).
						expect(r.count).toBeLessThanOrEqual(5 * BREATHS);
						// Edges: the belt targets (p50 0.25 s, p95 0.6 s) where the belt is clean; a
						// 10 Hz belt with 3 % noise reaches p50 0.35 s and p95 1 s (0.7-0.8 s before the
						// ripple was taken off, without ripple as with it).
						const noisy10 = noise > 0 && rateHz === 10;
						expect(r.p50).toBeLessThanOrEqual(noisy10 ? 0.35 : 0.25);
						expect(r.p95).toBeLessThanOrEqual(noise === 0 ? 0.6 : noisy10 ? 1 : 0.75);
					}
				});
});
