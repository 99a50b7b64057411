import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeRecording, BreathEngine, timeOrderedChunks } from '../../src/lib/core/engine/engine';
import type { Breath, EngineEvent } from '../../src/lib/core/types';
import { sharedPath } from '../support/shared-data';

const DIR = ['data', 'zephyr-bioharness'] as const;

function rows(file: string): number[][] {
	return readFileSync(sharedPath(...DIR, file), 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map((line) => line.split(',').map(Number));
}

/** The strap's 50 Hz accelerometer in mg (10-bit counts, (v − 512) / 20.75 g: zephyr-bt's constant). */
function readAcc() {
	const cols = rows('bioharness_acc_50hz.csv');
	const mg = (k: number) => Float64Array.from(cols, (c) => ((c[k] - 512) / 20.75) * 1000);
	return { t: Float64Array.from(cols, (c) => c[0]), x: mg(3), y: mg(4), z: mg(5) };
}

/** The strap's own breathing sensor (its strain gauge, ≈ 17.9 Hz), drop-outs (0) left out. */
function readGauge() {
	const cols = rows('bioharness_breathing_18hz.csv').filter((c) => c[3] !== 0);
	return { t: Float64Array.from(cols, (c) => c[0]), value: Float64Array.from(cols, (c) => c[3]) };
}

/** The strap's 1 Hz summary: time and activity (g, its vector magnitude of movement). */
function readActivity() {
	return rows('bioharness_summary_1hz.csv').map((c) => ({ t: c[0], activity: c[5] }));
}

/** The engine on the accelerometer alone, as a live session would feed it. */
function runChest() {
	const breaths: Breath[] = [];
	const events: EngineEvent[] = [];
	const engine = new BreathEngine((e) => (e.type === 'breath' ? breaths.push(e.breath) : events.push(e)));
	for (const chunk of timeOrderedChunks({ acc: readAcc() }, 1)) engine.push(chunk);
	engine.finish();
	// Motion episodes as the engine decided them: from a 'motion' quality to the next 'ok'.
	const motion: { start: number; end: number }[] = [];
	for (const e of events) {
		if (e.type !== 'quality' || e.source !== 'acc') continue;
		const open = motion.length > 0 && Number.isNaN(motion[motion.length - 1].end);
		if (e.reason === 'motion' && !open) motion.push({ start: e.at, end: NaN });
		else if (e.reason === 'ok' && open) motion[motion.length - 1].end = e.at;
	}
	return { breaths, motion };
}

const nextInhale = (b: Breath) => b.exhaleEnd + b.pause;
const ratePerMin = (b: Breath[]) => (60 * (b.length - 1)) / (b[b.length - 1].inhaleStart - b[0].inhaleStart);

describe('the Zephyr BioHarness chest accelerometer once the wearer is still', () => {
	const chest = runChest();
	// The wearer walks and runs from ≈ 31 s (the strap's activity ≥ 0.3 g) to ≈ 65 s: the engine's
	// longest motion episode.
	const walk = chest.motion.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));

	it('flags the walk as motion, and finds its end within 2 s of the strap’s own activity', () => {
		const activity = readActivity();
		// The walk: the strap's longest run of seconds at ≥ 0.3 g.
		let walking: typeof activity = [];
		for (let i = 0, run: typeof activity = []; i < activity.length; i++) {
			run = activity[i].activity >= 0.3 ? [...run, activity[i]] : [];
			if (run.length > walking.length) walking = run;
		}
		expect(walking.length).toBeGreaterThan(25);
		// Every second the strap measures walking lies in a motion episode of the engine.
		const flagged = walking.filter((s) => chest.motion.some((m) => s.t >= m.start && s.t <= m.end + 1));
		// The strap's end of the walk: its first second under 0.1 g after the last walking second.
		const lastWalking = walking[walking.length - 1].t;
		const stillAgain = activity.find((s) => s.t > lastWalking && s.activity < 0.1)!;
		console.log(
			`zephyr motion: engine ${chest.motion.map((m) => `${m.start.toFixed(1)}–${m.end.toFixed(1)}`).join(', ')} s; strap walking ${walking[0].t.toFixed(0)}–${lastWalking.toFixed(0)} s, under 0.1 g again at ${stillAgain.t.toFixed(1)} s`
		);
		expect(flagged.length).toBe(walking.length);
		expect(Math.abs(walk.end - stillAgain.t)).toBeLessThanOrEqual(2);
	});

	it('from the engine’s end of the walk, finds the breaths the strap’s own breathing sensor finds', () => {
		// Reference: the engine on the strap's breathing gauge, read as a belt (which way its signal
		// goes on an inhale is not documented, nor known to the accelerometer without a heart rate:
		// a breath is matched by its start, one to one, within half the gauge's breath).
		// From the engine's end of the walk to the strap's next move: its first second at ≥ 0.1 g
		// (at 89 s the posture swings by 20°). The breathing settles from 35–45/min to 20/min.
		const from = walk.end;
		const to = readActivity().find((s) => s.t > from + 5 && s.activity >= 0.1)!.t;
		const gauge = analyzeRecording({ resp: readGauge() }).breaths.filter(
			(b) => b.inhaleStart >= from && nextInhale(b) <= to
		);
		const found = chest.breaths.filter((b) => b.inhaleStart >= from - 0.5 && b.inhaleStart < to);
		const used = new Set<Breath>();
		let matched = 0;
		for (const g of gauge) {
			const half = (nextInhale(g) - g.inhaleStart) / 2;
			const near = found
				.filter((f) => !used.has(f) && Math.abs(f.inhaleStart - g.inhaleStart) < half)
				.sort((a, b) => Math.abs(a.inhaleStart - g.inhaleStart) - Math.abs(b.inhaleStart - g.inhaleStart))[0];
			if (near) {
				used.add(near);
				matched++;
			}
		}
		const reference = ratePerMin(gauge);
		const rate = ratePerMin(found);
		console.log(
			`zephyr still (${from.toFixed(1)}–${to.toFixed(1)} s): strap gauge ${gauge.length} breaths ` +
				`(${gauge.map((b) => b.inhaleStart.toFixed(1)).join(' ')}), ${reference.toFixed(1)}/min; accelerometer ` +
				`${found.length} (${found.map((b) => b.inhaleStart.toFixed(1)).join(' ')}), ${matched}/${gauge.length} matched, ${rate.toFixed(1)}/min`
		);
		expect(gauge.length).toBeGreaterThanOrEqual(8);
		// Issue 8: the rate within max(0.5/min, 10 %), a breath for 9 in 10 of the gauge's, and no
		// breath beyond them. The first, 0.4 s after the motion ends and 1.5 s long, is a quarter of
		// the size of the breaths after it on the accelerometer (a 60 % one on the gauge): its inhale
		// moves the detector's level by 20 mg, its exhale, straight on, by 10 mg. It counts because
		// the noise is learnt afresh after the walk (σ ≈ 3.6 mg, where the 6 mg learnt while the
		// wearer got up was carried over it), so the inhale proves itself (from 4 σ), and because
		// an exhale that turns straight from a proved inhale and takes the signal back beyond a
		// flat's noise (2 σ) is that breath's, though too small to prove itself alone.
		expect(matched).toBeGreaterThanOrEqual(Math.ceil(0.9 * gauge.length));
		expect(found.length).toBeLessThanOrEqual(gauge.length);
		expect(Math.abs(rate - reference)).toBeLessThanOrEqual(Math.max(0.5, 0.1 * reference));
	});
});
