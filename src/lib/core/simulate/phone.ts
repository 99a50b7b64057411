/**
 * A phone lying on a breathing chest, as a web page sees it: `devicemotion` readings at about
 * 60 Hz with timing jitter, rounded as browsers round them (0.1 m/s², 0.1 °/s), with the odd bump
 * when the person moves. Seeded and deterministic; the truth (tilt over time) comes with it.
 *
 * Physics (device axes, see protocols/motion.ts): the chest tilts the phone by θ(t) about an axis
 * n in the screen plane. Turning the phone by +θ about n turns gravity's reaction, seen from the
 * phone, by −θ: f = g · (−n_y sin θ, n_x sin θ, cos θ), and the gyroscope reads θ'(t) · n.
 */
import {
	ACCELERATION_STEP,
	quantize,
	ROTATION_RATE_STEP,
	STANDARD_GRAVITY,
	type MotionReading
} from '../protocols/motion';
import { breathingWaveform, type ScriptedBreath } from './breathing';
import { gaussian, seededRandom } from './random';

export interface PhoneSimOptions {
	/** Breaths, repeated as needed (default 5-1-4 with no pause). */
	breaths?: ScriptedBreath[];
	/** Event rate, Hz (default 60). */
	rateHz?: number;
	/** Timing jitter, fraction of the event interval (uniform ±, default 0.15). */
	jitter?: number;
	/** Tilt at full inhale, degrees (default 3: a phone moves more than a strap). */
	tiltDeg?: number;
	/** Resting incline of the phone on the chest, degrees (default 8). */
	restDeg?: number;
	/** Axis the chest tilts the phone about, in the screen plane (default 0.8x + 0.6y). */
	axis?: [number, number];
	/** Sensor noise before rounding: acceleration m/s² RMS (default 0.01), rotation °/s RMS (0.02). */
	accNoise?: number;
	gyroNoise?: number;
	/** Bumps (the person shifts): start times, s. Each turns the phone and back over 0.8 s. */
	bumps?: number[];
	/** How far a bump turns the phone, degrees (default 6). */
	bumpDeg?: number;
	/** No gyroscope (rotation rate NaN), as on some phones. */
	noGyroscope?: boolean;
	/** Round as browsers do (default true). */
	quantized?: boolean;
	seed?: number;
}

const DEFAULT_BREATH: ScriptedBreath = { inhale: 5, hold: 1, exhale: 4, pause: 0, depth: 1 };
const BUMP_SECONDS = 0.8;
const DEG = Math.PI / 180;

/** Successive readings of a simulated phone on the chest, from its own time 0. */
export class PhoneMotionSim {
	private readonly volume: (t: number) => number;
	private readonly random: () => number;
	private readonly o: Required<Omit<PhoneSimOptions, 'breaths' | 'seed'>>;
	private readonly nx: number;
	private readonly ny: number;
	private t = 0;

	constructor(options: PhoneSimOptions = {}) {
		const base = options.breaths?.length ? options.breaths : [DEFAULT_BREATH];
		const breaths = Array.from({ length: Math.max(400, base.length) }, (_, i) => base[i % base.length]);
		this.volume = breathingWaveform(breaths, 1).volume;
		this.random = seededRandom(options.seed ?? 11);
		this.o = {
			rateHz: options.rateHz ?? 60,
			jitter: options.jitter ?? 0.15,
			tiltDeg: options.tiltDeg ?? 3,
			restDeg: options.restDeg ?? 8,
			axis: options.axis ?? [0.8, 0.6],
			accNoise: options.accNoise ?? 0.01,
			gyroNoise: options.gyroNoise ?? 0.02,
			bumps: options.bumps ?? [],
			bumpDeg: options.bumpDeg ?? 6,
			noGyroscope: options.noGyroscope ?? false,
			quantized: options.quantized ?? true
		};
		const m = Math.hypot(...this.o.axis) || 1;
		this.nx = this.o.axis[0] / m;
		this.ny = this.o.axis[1] / m;
	}

	/** The true breathing tilt at time t, degrees (rest plus breath; bumps excluded). */
	tiltDeg(t: number): number {
		return this.o.restDeg + this.o.tiltDeg * this.volume(t);
	}

	/** The next event: times 1/rate apart, give or take the jitter. */
	next(): MotionReading {
		const { o } = this;
		this.t += (1 + o.jitter * (2 * this.random() - 1)) / o.rateHz;
		const t = this.t;
		const h = 0.005;
		const theta = this.tiltDeg(t) * DEG;
		const thetaRate = ((this.tiltDeg(t + h) - this.tiltDeg(t - h)) / (2 * h)) * DEG;
		// A bump: a quick turn about the other screen axis and back, with a jolt.
		let beta = 0;
		let betaRate = 0;
		let jolt = 0;
		for (const at of o.bumps) {
			const s = (t - at) / BUMP_SECONDS;
			if (s < 0 || s >= 1) continue;
			beta += ((o.bumpDeg * DEG) / 2) * (1 - Math.cos(2 * Math.PI * s));
			betaRate += ((o.bumpDeg * DEG) / 2) * ((2 * Math.PI) / BUMP_SECONDS) * Math.sin(2 * Math.PI * s);
			jolt += 2.5 * Math.sin(6 * Math.PI * s);
		}
		// Small-angle composition of the two turns (the bump axis is n turned by 90° in the screen).
		const mx = -this.ny;
		const my = this.nx;
		const g = STANDARD_GRAVITY;
		const ax = g * (-this.ny * Math.sin(theta) - my * Math.sin(beta)) + jolt;
		const ay = g * (this.nx * Math.sin(theta) + mx * Math.sin(beta));
		const az = g * Math.cos(theta) * Math.cos(beta);
		const wDeg = thetaRate / DEG;
		const bDeg = betaRate / DEG;
		const acc = (v: number) => {
			const noisy = v + o.accNoise * gaussian(this.random);
			return o.quantized ? quantize(noisy, ACCELERATION_STEP) : noisy;
		};
		const rot = (v: number) => {
			if (o.noGyroscope) return NaN;
			const noisy = v + o.gyroNoise * gaussian(this.random);
			return o.quantized ? quantize(noisy, ROTATION_RATE_STEP) : noisy;
		};
		return {
			t,
			ax: acc(ax),
			ay: acc(ay),
			az: acc(az),
			rx: rot(wDeg * this.nx + bDeg * mx),
			ry: rot(wDeg * this.ny + bDeg * my),
			rz: rot(0)
		};
	}
}

/** `seconds` of readings at once, for tests and the bench. */
export function simulatePhone(seconds: number, options: PhoneSimOptions = {}): MotionReading[] {
	const sim = new PhoneMotionSim(options);
	const out: MotionReading[] = [];
	for (let r = sim.next(); r.t < seconds; r = sim.next()) out.push(r);
	return out;
}
