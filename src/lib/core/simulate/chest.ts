/**
 * Synthetic chest accelerometer with known truth, for testing `ChestMotion`.
 *
 * Physics (all in the sensor frame, milli-g): at rest the accelerometer reads the reaction to
 * gravity, a 1000 mg vector along `gravity`. Posture (bends) rotates that vector about a
 * sensor-fixed axis perpendicular to it; breathing rotates it by a small angle (≈ 0.5–2°) about a
 * sensor-fixed `breathRotationAxis` (the chest wall's tilt), plus a tiny radial term. A heartbeat
 * ballistic term, white noise, slow drift, timestamp jitter, dropped samples and gaps are added on
 * top. Everything is seeded and deterministic.
 */

import { breathingWaveform, type ScriptedBreath } from './breathing';
import { gaussian, seededRandom } from './random';

export type Vec3 = [number, number, number];

/**
 * The chest acceleration (mg, sensor axes) of the simulated Polar H10 the app pairs with, for a
 * lung volume of `volume` (0–1) and a posture of `bend` and `roll` (radians): the chest wall
 * tilts about 1.5° (≈ 26 mg) at full inhale and gravity is mostly on z; a bend adds to that tilt,
 * a roll turns gravity towards y; 3 mg of white noise on each axis.
 */
export function strapChestAcc(volume: number, bend: number, roll: number, random: () => number): Vec3 {
	const tilt = ((1.5 * Math.PI) / 180) * volume + 0.35 + bend;
	return [
		1000 * Math.sin(tilt) + 3 * gaussian(random),
		-60 - 1000 * Math.cos(tilt) * Math.sin(roll) + 3 * gaussian(random),
		1000 * Math.cos(tilt) * Math.cos(roll) + 3 * gaussian(random)
	];
}

/** One breath: seconds of inhale, hold at the top, exhale and pause after the exhale. */
export type BreathSpec = Omit<ScriptedBreath, 'depth'>;

/**
 * One step of the posture script: move to `angleDeg` (0 = neutral) in direction `azimuthDeg`
 * (0 = forward flexion, 90 = side bend; the direction is a sensor-fixed axis, see
 * `ChestSimOptions.forward`) over `rampSeconds` (raised cosine, default 2 s), then stay `seconds`.
 */
export interface PostureStep {
	angleDeg: number;
	azimuthDeg?: number;
	seconds: number;
	rampSeconds?: number;
}

/**
 * Bend (azimuth 0°) and roll (azimuth 90°) in radians at device time `t`: each step moves from the
 * previous angle over its ramp (raised cosine, default 2 s), then stays.
 */
export function bendAndRollAt(steps: PostureStep[] | undefined, t: number): { bend: number; roll: number } {
	let from = { bend: 0, roll: 0 };
	let start = 0;
	for (const step of steps ?? []) {
		const ramp = step.rampSeconds ?? 2;
		const a = (step.angleDeg * Math.PI) / 180;
		const az = ((step.azimuthDeg ?? 0) * Math.PI) / 180;
		const to = { bend: a * Math.cos(az), roll: a * Math.sin(az) };
		if (t < start + ramp) {
			const u = 0.5 - 0.5 * Math.cos((Math.PI * Math.max(0, t - start)) / ramp);
			return { bend: from.bend + u * (to.bend - from.bend), roll: from.roll + u * (to.roll - from.roll) };
		}
		if (t < start + ramp + step.seconds) return to;
		from = to;
		start += ramp + step.seconds;
	}
	return from;
}

export interface ChestSimOptions {
	/** Nominal sample rate, Hz. */
	rate: number;
	/** Seconds; defaults to the posture script's length, else 120 s. */
	duration?: number;
	/** Breath list, repeated cyclically; or a waveform function of time returning 0 (empty) … 1 (full). */
	breaths?: BreathSpec[] | ((t: number) => number);
	/** Peak breathing tilt, degrees (default 1). */
	breathTiltDeg?: number;
	/** Radial breathing term along `radialAxis`, mg at full inhale (default 2). */
	radialMg?: number;
	/** Direction the accelerometer reads at rest (neutral posture), sensor frame; default [0, 0, 1]. */
	gravity?: Vec3;
	/** Rotation axis of the breathing tilt (made perpendicular to gravity); default sensor x. */
	breathRotationAxis?: Vec3;
	/** Rotation axis of a forward bend (azimuth 0), made perpendicular to gravity; default = breathing axis. */
	forward?: Vec3;
	/** Direction of the radial breathing term; default gravity × breathing axis. */
	radialAxis?: Vec3;
	posture?: PostureStep[];
	/** White noise per axis, mg RMS (default 3). */
	noiseMg?: number;
	/** Heart rate, beats/min (default 70), and ballistic amplitude, mg (default 1). */
	heartRateBpm?: number;
	heartMg?: number;
	/** Direction of the heartbeat's shake, sensor frame; default along gravity. */
	heartAxis?: Vec3;
	/** Slow sensor drift: offset in mg reached at the end, per axis (default [8, -6, 5]). */
	driftMg?: Vec3;
	/** Timestamp jitter, fraction of a sample period (uniform ±, default 0.2). */
	jitter?: number;
	/** Probability that a sample is lost (default 0.01). */
	dropRate?: number;
	/** Periods with no samples at all (the wearable away). */
	gaps?: { at: number; seconds: number }[];
	seed?: number;
}

export interface BreathEdges {
	inhaleStart: number;
	inhaleEnd: number;
	exhaleStart: number;
	exhaleEnd: number;
}

export interface ChestSimTruth {
	/** Breathing waveform 0…1 at each output sample. */
	breathing: Float64Array;
	/** Breathing waveform at any time. */
	breathingAt: (t: number) => number;
	/** Breath edges (only for breath lists). */
	breaths: BreathEdges[];
	/** Time at the target posture of each bend of at least 15° (`moveStart`: when the ramp began). */
	holds: { start: number; end: number; moveStart: number; angleDeg: number }[];
	/** Time back at neutral between two holds; a skipped rest shows as `skipped: true`, zero length. */
	rests: { start: number; end: number; skipped: boolean }[];
	/** Unit gravity direction (neutral) and breathing displacement direction, sensor frame. */
	gravity: Vec3;
	breathDirection: Vec3;
}

export interface ChestSim {
	t: Float64Array;
	x: Float64Array;
	y: Float64Array;
	z: Float64Array;
	truth: ChestSimTruth;
}

const DEG = Math.PI / 180;
const HOLD_MIN_DEG = 15;

function norm(v: Vec3): Vec3 {
	const n = Math.hypot(v[0], v[1], v[2]);
	return [v[0] / n, v[1] / n, v[2] / n];
}
function dot(a: Vec3, b: Vec3): number {
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function cross(a: Vec3, b: Vec3): Vec3 {
	return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function perp(v: Vec3, g: Vec3): Vec3 {
	const d = dot(v, g);
	return norm([v[0] - d * g[0], v[1] - d * g[1], v[2] - d * g[2]]);
}
/** Rodrigues: rotate v about the rotation vector r (axis × angle, radians). */
function rotate(v: Vec3, r: Vec3): Vec3 {
	const a = Math.hypot(r[0], r[1], r[2]);
	if (a < 1e-12) return v;
	const k: Vec3 = [r[0] / a, r[1] / a, r[2] / a];
	const c = Math.cos(a);
	const s = Math.sin(a);
	const kv = cross(k, v);
	const kd = dot(k, v) * (1 - c);
	return [
		v[0] * c + kv[0] * s + k[0] * kd,
		v[1] * c + kv[1] * s + k[1] * kd,
		v[2] * c + kv[2] * s + k[2] * kd
	];
}

function raisedCosine(u: number): number {
	return 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, u)));
}

/** A breathing waveform (0…1) from a cyclic breath list, with its edges up to `duration`. */
export function breathWaveform(
	breaths: BreathSpec[],
	duration: number,
	start = 0
): { at: (t: number) => number; edges: BreathEdges[] } {
	const cycle = breaths.reduce((sum, b) => sum + b.inhale + b.hold + b.exhale + b.pause, 0);
	const count = Math.ceil((duration + 60 - start) / cycle) * breaths.length;
	const script = Array.from({ length: count }, (_, i) => ({ ...breaths[i % breaths.length], depth: 1 }));
	const wave = breathingWaveform(script, start);
	return {
		at: wave.volume,
		edges: wave.truth
			.filter((e) => e.inhaleStart < duration)
			.map(({ inhaleStart, inhaleEnd, exhaleStart, exhaleEnd }) => ({
				inhaleStart,
				inhaleEnd,
				exhaleStart,
				exhaleEnd
			}))
	};
}

/** Steady paced breathing at `perMin` breaths/min: inhale 40 %, exhale 50 %, pause 10 %. */
export function pacedBreaths(perMin: number): BreathSpec[] {
	const c = 60 / perMin;
	return [{ inhale: 0.4 * c, hold: 0, exhale: 0.5 * c, pause: 0.1 * c }];
}

interface PostureSegment {
	t0: number;
	t1: number;
	from: Vec3;
	to: Vec3;
	hold: number;
	angleDeg: number;
}

export function simulateChest(opts: ChestSimOptions): ChestSim {
	const rate = opts.rate;
	const g0 = norm(opts.gravity ?? [0, 0, 1]);
	const kBreath = perp(opts.breathRotationAxis ?? [1, 0, 0], g0);
	const forward = perp(opts.forward ?? kBreath, g0);
	const side = cross(g0, forward);
	const radial = norm(opts.radialAxis ?? cross(g0, kBreath));
	const tiltRad = (opts.breathTiltDeg ?? 1) * DEG;
	const radialMg = opts.radialMg ?? 2;
	const noise = opts.noiseMg ?? 3;
	const hr = (opts.heartRateBpm ?? 70) / 60;
	const heartMg = opts.heartMg ?? 1;
	const heartAxis = norm(opts.heartAxis ?? g0);
	const drift = opts.driftMg ?? [8, -6, 5];
	const jitter = opts.jitter ?? 0.2;
	const drop = opts.dropRate ?? 0.01;
	const random = seededRandom(opts.seed ?? 1);

	// Posture script → segments of rotation vectors (angle × sensor-fixed axis).
	const segments: PostureSegment[] = [];
	let cur: Vec3 = [0, 0, 0];
	let tp = 0;
	for (const s of opts.posture ?? []) {
		const az = (s.azimuthDeg ?? 0) * DEG;
		const a = s.angleDeg * DEG;
		const to: Vec3 = [
			a * (Math.cos(az) * forward[0] + Math.sin(az) * side[0]),
			a * (Math.cos(az) * forward[1] + Math.sin(az) * side[1]),
			a * (Math.cos(az) * forward[2] + Math.sin(az) * side[2])
		];
		const ramp = s.rampSeconds ?? 2;
		segments.push({ t0: tp, t1: tp + ramp, from: cur, to, hold: s.seconds, angleDeg: s.angleDeg });
		cur = to;
		tp += ramp + s.seconds;
	}
	const duration = opts.duration ?? (segments.length ? tp : 120);

	// Truth for holds and rests.
	const holds: ChestSimTruth['holds'] = [];
	const rests: ChestSimTruth['rests'] = [];
	let restStart = -1;
	for (const s of segments) {
		if (s.angleDeg >= HOLD_MIN_DEG) {
			if (holds.length)
				rests.push(
					restStart >= 0
						? { start: restStart, end: s.t0, skipped: false }
						: { start: s.t0, end: s.t0, skipped: true }
				);
			holds.push({ start: s.t1, end: s.t1 + s.hold, moveStart: s.t0, angleDeg: s.angleDeg });
			restStart = -1;
		} else if (holds.length && restStart < 0 && s.angleDeg < 5) {
			restStart = s.t1;
		}
	}

	const postureAt = (t: number): Vec3 => {
		for (let i = segments.length - 1; i >= 0; i--) {
			const s = segments[i];
			if (t >= s.t0) {
				const u = raisedCosine((t - s.t0) / Math.max(1e-9, s.t1 - s.t0));
				return [
					s.from[0] + u * (s.to[0] - s.from[0]),
					s.from[1] + u * (s.to[1] - s.from[1]),
					s.from[2] + u * (s.to[2] - s.from[2])
				];
			}
		}
		return [0, 0, 0];
	};

	let breathingAt: (t: number) => number;
	let edges: BreathEdges[] = [];
	if (typeof opts.breaths === 'function') breathingAt = opts.breaths;
	else {
		const w = breathWaveform(opts.breaths ?? pacedBreaths(6), duration);
		breathingAt = w.at;
		edges = w.edges;
	}

	const gaps = opts.gaps ?? [];
	const max = Math.ceil(duration * rate) + 1;
	const t = new Float64Array(max);
	const x = new Float64Array(max);
	const y = new Float64Array(max);
	const z = new Float64Array(max);
	const breathing = new Float64Array(max);
	const gauss = (): number => {
		const u = random() || 1e-12;
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
	};
	let n = 0;
	for (let i = 0; i < max; i++) {
		const ti = i / rate + (random() * 2 - 1) * jitter * (1 / rate);
		const r = random();
		if (ti < 0 || ti > duration || r < drop) continue;
		let inGap = false;
		for (const g of gaps) if (ti >= g.at && ti < g.at + g.seconds) inGap = true;
		if (inGap) continue;
		const w = breathingAt(ti);
		// Posture, then breathing tilt about the sensor-fixed breathing axis.
		const gp = rotate(g0, postureAt(ti));
		const gb = rotate(gp, [kBreath[0] * tiltRad * w, kBreath[1] * tiltRad * w, kBreath[2] * tiltRad * w]);
		const hb = heartMg * (Math.sin(2 * Math.PI * hr * ti) + 0.5 * Math.sin(4 * Math.PI * hr * ti + 1));
		const f = ti / duration;
		t[n] = ti;
		breathing[n] = w;
		x[n] = 1000 * gb[0] + radialMg * w * radial[0] + hb * heartAxis[0] + drift[0] * f + noise * gauss();
		y[n] = 1000 * gb[1] + radialMg * w * radial[1] + hb * heartAxis[1] + drift[1] * f + noise * gauss();
		z[n] = 1000 * gb[2] + radialMg * w * radial[2] + hb * heartAxis[2] + drift[2] * f + noise * gauss();
		n++;
	}
	// Jitter can reorder neighbours by at most 2 × jitter periods; keep timestamps increasing.
	for (let i = 1; i < n; i++) if (t[i] <= t[i - 1]) t[i] = t[i - 1] + 1e-6;

	return {
		t: t.slice(0, n),
		x: x.slice(0, n),
		y: y.slice(0, n),
		z: z.slice(0, n),
		truth: {
			breathing: breathing.slice(0, n),
			breathingAt,
			breaths: edges,
			holds,
			rests,
			gravity: g0,
			breathDirection: cross(kBreath, g0)
		}
	};
}

/**
 * Two alike 16 s bends of 30° with a 30 s rest between, from a still start, breathing 6/min on a
 * 50 Hz chest strap: a hold that a 30 s target finds short and a 15 s target long enough (the
 * tests of targets that follow a programme's exercises).
 */
export function twoAlikeBends(stillAfterSeconds = 20): ChestSim {
	return simulateChest({
		rate: 50,
		breaths: pacedBreaths(6),
		posture: [
			{ angleDeg: 0, seconds: 20 },
			{ angleDeg: 30, seconds: 16 },
			{ angleDeg: 0, seconds: 30 },
			{ angleDeg: 30, seconds: 16 },
			{ angleDeg: 0, seconds: stillAfterSeconds }
		],
		seed: 5
	});
}
