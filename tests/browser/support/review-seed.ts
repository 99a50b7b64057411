/**
 * Sessions for the review, history and trends browser tests, made the way a recorded session is:
 * simulated signals (src/lib/core/simulate) fed through the engine, stored in the session format.
 * The tests load them into the app through its own import (a session file), so the store the
 * pages read is filled by the app itself.
 */
import { PATTERN_514 } from '../../../src/lib/core/engine/pattern';
import type { Recording } from '../../../src/lib/core/recording/recording';
import type { FullSession } from '../../../src/lib/core/session/format';
import { sessionFromRecording } from '../../../src/lib/core/session/session-analysis';
import { simulateBeats } from '../../../src/lib/core/simulate/beats';
import { patternBreaths, synthBelt, type ScriptedBreath } from '../../../src/lib/core/simulate/breathing';
import { simulateChest } from '../../../src/lib/core/simulate/chest';

const DAY = 86_400_000;

/** A breathing session: belt at 20 Hz and R-R beats, some breaths off pattern, and two gaps. */
export function breathingSession(
	id: string,
	startedAt: number,
	opts: {
		minutes?: number;
		gaps?: { start: number; end: number }[];
		seed?: number;
		pain?: [number, number];
	} = {}
): FullSession {
	const minutes = opts.minutes ?? 5;
	const count = Math.round((minutes * 60) / 9.5);
	const breaths: ScriptedBreath[] = patternBreaths(PATTERN_514, count).map((b, i) =>
		i % 7 === 3 ? { ...b, inhale: 2.5 } : i % 11 === 5 ? { ...b, exhale: 2, pause: 2 } : b
	);
	const gaps = opts.gaps ?? [
		{ start: 60, end: 75 },
		{ start: 150, end: 160 }
	];
	const belt = synthBelt(breaths, { rateHz: 20, noise: 0.01, seed: opts.seed ?? 1, gaps });
	const beats = simulateBeats([{ seconds: belt.duration, breathsPerMin: 6.3 }], {
		heartRate: 66,
		seed: opts.seed ?? 1
	});
	const keep = (t: number) => !gaps.some((g) => t >= g.start && t < g.end);
	const idx = [...beats.t.keys()].filter((i) => keep(beats.t[i]));
	const rec: Recording = {
		resp: { t: belt.t, value: belt.value },
		rr: { t: Float64Array.from(idx, (i) => beats.t[i]), rrMs: Float64Array.from(idx, (i) => beats.rrMs[i]) }
	};
	const full = sessionFromRecording(rec, {
		id,
		startedAt,
		kind: 'breathing',
		pattern: PATTERN_514,
		deviceName: 'Simulated belt + strap'
	});
	full.session.wearables[0] = { ...full.session.wearables[0], kind: 'simulated', simulated: true };
	if (opts.pain) full.session.pain = { before: opts.pain[0], after: opts.pain[1] };
	return full;
}

/** A stretch session from the simulated chest (200 Hz): holds of 30 s, one cut short, rests of 20 s. */
export function stretchSession(id: string, startedAt: number, pain?: [number, number]): FullSession {
	const posture = [
		{ angleDeg: 0, seconds: 15 },
		{ angleDeg: 35, seconds: 30 },
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 35, seconds: 30 },
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 35, seconds: 12 },
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 35, seconds: 30 },
		{ angleDeg: 0, seconds: 15 }
	];
	const sim = simulateChest({ rate: 200, posture, breaths: patternBreaths(PATTERN_514, 1), seed: 3 });
	const rec: Recording = { acc: { t: sim.t, x: sim.x, y: sim.y, z: sim.z } };
	const full = sessionFromRecording(rec, {
		id,
		startedAt,
		kind: 'stretch',
		pattern: PATTERN_514,
		holdSeconds: 30,
		restSeconds: 20,
		deviceName: 'Simulated Polar H10'
	});
	full.session.settings.programme = {
		holdSeconds: 30,
		restSeconds: 20,
		repetitions: 4,
		exercise: 'knee to chest'
	};
	if (pain) full.session.pain = { before: pain[0], after: pain[1] };
	return full;
}

/** Two weeks of sessions for history and trends, newest today; one interrupted. */
export function twoWeeks(now: number): FullSession[] {
	const out: FullSession[] = [];
	for (let d = 13; d >= 0; d -= 1) {
		if (d % 3 === 2) continue;
		const start = now - d * DAY - 3 * 3600_000;
		const pain: [number, number] = [
			Math.min(10, 3 + Math.round(d / 3)),
			Math.max(0, 2 + Math.round(d / 4) - 1)
		];
		out.push(breathingSession(`b-${d}`, start, { minutes: 3, gaps: [], seed: 10 + d, pain }));
		if (d % 4 === 0) out.push(stretchSession(`s-${d}`, start + 3600_000, pain));
	}
	const last = out[out.length - 1];
	last.session.status = 'interrupted';
	last.session.endedAt = null;
	return out;
}
