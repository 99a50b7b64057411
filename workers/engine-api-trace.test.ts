import { describe, expect, it } from 'vitest';
import { LiveChartData } from '../src/lib/charts/live-data';
import { CALIBRATION_BREATHS, CALIBRATION_STEPS } from '../src/lib/core/pacer/plan';
import { simulateBeats } from '../src/lib/core/simulate/beats';
import { breathingWaveform, type ScriptedBreath } from '../src/lib/core/simulate/breathing';
import { strapChestAcc } from '../src/lib/core/simulate/chest';
import { seededRandom } from '../src/lib/core/simulate/random';
import type { BreathPhase, SampleChunk } from '../src/lib/core/types';
import { EngineApi } from './engine-api';
import { correlation } from '../tests/support/scoring';

const ACC_HZ = 200;
const TICK_S = 0.1;
const SECONDS = 80;

/**
 * A live session with the simulated H10 as the app runs it: the person is already breathing
 * (5-1-4, in their own phase) when the session starts `lead` seconds after the strap, then follows
 * the guide: three natural calibration breaths, then 5-1-4. Chest and RR arrive ten times a
 * second with the pacer's cues between them, and the trace goes into the live chart's data as the
 * page puts it there. Returns the chart's breathing line at the end, the lung volume and when
 * calibration ended.
 */
function liveSession(lead: number) {
	const step = (phase: string) => CALIBRATION_STEPS.find((c) => c.phase === phase)?.seconds ?? 0;
	const natural = { inhale: step('inhale'), hold: 0, exhale: step('exhale'), pause: 0, depth: 1 };
	const paced = { inhale: 5, hold: 1, exhale: 4, pause: 0, depth: 1 };
	const repeat = (b: ScriptedBreath, n: number) => Array.from({ length: n }, () => b);
	// Their last breath before the session ends as it starts (the simulated strap has no step there).
	const k = Math.ceil(lead / 10) + 1;
	const before = breathingWaveform(repeat(paced, k), lead - 10 * k).volume;
	const guide = breathingWaveform([...repeat(natural, CALIBRATION_BREATHS), ...repeat(paced, 8)], lead);
	const volume = (t: number) => (t < lead ? before(t) : guide.volume(t));
	const calibrationEnd = guide.truth[CALIBRATION_BREATHS].inhaleStart;
	const cues: { t: number; phase: BreathPhase }[] = guide.truth.flatMap((b) => [
		{ t: b.inhaleStart, phase: 'inhale' as const },
		...(b.exhaleStart > b.inhaleEnd ? [{ t: b.inhaleEnd, phase: 'hold' as const }] : []),
		{ t: b.exhaleStart, phase: 'exhale' as const }
	]);
	const beats = simulateBeats([{ seconds: SECONDS + 5, breathsPerMin: 6 }], {
		heartRate: 66,
		seed: 7,
		noiseMs: 6
	});
	const random = seededRandom(7);
	const api = new EngineApi();
	api.start({ pattern: '5-1-4' });
	const chart = new LiveChartData(SECONDS + 10);
	let cue = 0;
	let beat = 0;
	for (let t0 = 0; t0 < SECONDS; t0 += TICK_S) {
		for (; cue < cues.length && cues[cue].t <= t0; cue++) {
			const c = cues[cue];
			api.cue(c.t, c.phase, 4, c.t < calibrationEnd);
		}
		const n = Math.round(ACC_HZ * TICK_S);
		const t = Float64Array.from({ length: n }, (_, i) => t0 + i / ACC_HZ);
		const [x, y, z] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
		for (let i = 0; i < n; i++) [x[i], y[i], z[i]] = strapChestAcc(volume(t[i]), 0, 0, random);
		const chunks: SampleChunk[] = [{ kind: 'acc', n, t, x, y, z }];
		const start = beat;
		while (beat < beats.t.length && beats.t[beat] < t0 + TICK_S) beat++;
		if (beat > start)
			chunks.push({
				kind: 'rr',
				n: beat - start,
				t: beats.t.slice(start, beat),
				rrMs: beats.rrMs.slice(start, beat)
			});
		const { trace } = api.pushMany(chunks);
		chart.addSignal(trace.t, trace.v, trace.turned);
	}
	return { line: chart.signal, volume, calibrationEnd, decided: api.calibrate() };
}

describe('the live chart’s breathing line across calibration', () => {
	it('has no step where the engine decides which way is in, and is drawn that way up throughout', () => {
		// Several starts: the chart's axis and the engine's come out either way round.
		for (const lead of [3, 5, 8, 11, 14]) {
			const { line, volume, calibrationEnd, decided } = liveSession(lead);
			expect(decided?.basis, `lead ${lead}`).toBe('pacer');
			const points = line.filter((p) => p.x > 3 && Number.isFinite(p.y));
			const steps = points.slice(1).map((p, i) => ({ at: p.x, size: Math.abs(p.y - points[i].y) }));
			// The breathing's own biggest step from one point to the next, once guided.
			const own = Math.max(...steps.filter((s) => s.at > calibrationEnd + 10).map((s) => s.size));
			const worst = steps.reduce((a, b) => (b.size > a.size ? b : a));
			expect(
				worst.size,
				`lead ${lead}: a ${worst.size.toFixed(1)} step at ${worst.at.toFixed(1)} s`
			).toBeLessThanOrEqual(1.5 * own);
			// The whole line on screen rises with the lungs, calibration included.
			const drawn = points.filter((p) => p.x > lead + 2);
			const r = correlation(
				drawn.map((p) => p.y),
				drawn.map((p) => volume(p.x))
			);
			expect(r, `lead ${lead}`).toBeGreaterThan(0.8);
		}
	});
});
