/**
 * The phone's motion events → the chest `acc` chunks the engine reads (milli-g, session seconds),
 * built for the browser's rounded input. Pure: readings in, chunks and a placement verdict out.
 *
 * Why not pass the accelerometer through: browsers round it to 0.1 m/s² (≈ 10 mg), and a breath
 * tilts a phone on the chest by one to three degrees, i.e. a few of those steps; smoothing a
 * staircase does not give back what fell between the steps. The gyroscope's rotation rate, rounded
 * to 0.1 °/s, is much finer in comparison (a slow breath turns the phone at about 1 °/s), and its
 * integral is smooth. So the tilt is a complementary filter of the two (all three axes):
 * - predict: the gravity direction u, seen from the phone, turns opposite to the phone:
 *   du/dt = u × ω (ω in rad/s, device axes);
 * - correct: u moves towards the measured acceleration direction with time constant TAU_S,
 *   skipped while the acceleration is not about 1 g (a bump, not gravity).
 * Breathing (0.1–0.5 Hz) comes from the gyroscope, the slow level from gravity, so neither drift
 * nor the rounding of either sensor reaches the breathing band. Without a gyroscope, the same
 * filter runs on the accelerometer alone with a short time constant (plain smoothing).
 *
 * Output: x, y, z = 1000 · u (mg), the gravity direction as a strapped accelerometer at rest would
 * read it, so the engine's chest path (axis, posture, motion by angular speed) runs unchanged.
 * A jolt without rotation is deliberately not passed on: it is not breathing, and a phone that
 * keeps moving is reported by `placement` instead.
 */
import type { AccChunk } from '$lib/core/types';
import {
	hasAcceleration,
	hasRotationRate,
	STANDARD_GRAVITY,
	type MotionReading
} from '$lib/core/protocols/motion';

/** Gravity's weight in the tilt, as a time constant (s): slower than a breath, faster than drift. */
export const TAU_S = 4;
/** Without a gyroscope: smoothing over ~20 samples at 60 Hz. */
const TAU_NO_GYRO_S = 0.3;
/** A pause in the events longer than this (s) starts the estimate afresh (no prediction across). */
export const RESTART_AFTER_S = 0.5;
/** Acceleration this far from 1 g (fraction) is a jolt: it does not correct the tilt. */
const JOLT_FRACTION = 0.15;
/** Samples per emitted chunk: about a quarter of a second at 60 Hz. */
const CHUNK_SIZE = 15;

/** Placement: the screen within 40° of facing up (or down) counts as flat; back within 35°. */
const FLAT_LEAVE_COS = Math.cos((40 * Math.PI) / 180);
const FLAT_ENTER_COS = Math.cos((35 * Math.PI) / 180);
/** Moving: turning faster than this (°/s) or jolting more than this (m/s²), smoothed over 0.5 s. */
const MOVING_DEG_S = 15;
const MOVING_JOLT = 1;
const MOTION_TAU_S = 0.5;
/** A verdict changes only after the new state has held this long (s): a bump is not "moving". */
const VERDICT_HOLD_S = 1.5;

const DEG = Math.PI / 180;

export type Placement =
	/** Lying flat and still enough: breathing can be read. */
	| 'ok'
	/** Standing up or on its side: it should lie flat on the chest or belly. */
	| 'tilted'
	/** Turning or shaken for a while: being held or carried, not resting on a breathing chest. */
	| 'moving';

export class PhoneMotion {
	/** Placement verdict, with a short hold so it does not flicker. */
	placement: Placement = 'ok';
	/** Whether the last reading had a rotation rate (the fused tilt) or not (accelerometer only). */
	gyroscope = false;
	/** Readings taken so far (accepted ones). */
	readings = 0;
	// Tilt estimate: unit vector of gravity's reaction in device axes.
	private ux = 0;
	private uy = 0;
	private uz = 1;
	private started = false;
	private lastT = -Infinity;
	// Movement measures (EMA) and the verdict being considered.
	private turning = 0;
	private jolting = 0;
	private candidate: Placement = 'ok';
	private candidateSince = 0;
	// The chunk being filled.
	private t = new Float64Array(CHUNK_SIZE);
	private x = new Float64Array(CHUNK_SIZE);
	private y = new Float64Array(CHUNK_SIZE);
	private z = new Float64Array(CHUNK_SIZE);
	private n = 0;

	constructor(private readonly emit: (chunk: AccChunk) => void) {}

	/** One motion event. Readings without acceleration, or not later than the last, are ignored. */
	push(r: MotionReading): void {
		if (!hasAcceleration(r) || !(r.t > this.lastT)) return;
		const a = Math.hypot(r.ax, r.ay, r.az);
		if (!(a > 0)) return;
		const dt = r.t - this.lastT;
		const gyro = hasRotationRate(r);
		this.gyroscope = gyro;
		if (!this.started || dt > RESTART_AFTER_S) {
			// First reading, or events stopped (screen locked, tab hidden): start from gravity alone,
			// and send what was gathered before the pause on its own.
			this.flush();
			this.ux = r.ax / a;
			this.uy = r.ay / a;
			this.uz = r.az / a;
			this.turning = 0;
			this.jolting = 0;
			this.started = true;
		} else {
			if (gyro) this.rotate(r.rx * DEG, r.ry * DEG, r.rz * DEG, dt);
			const jolt = Math.abs(a - STANDARD_GRAVITY);
			if (jolt < JOLT_FRACTION * STANDARD_GRAVITY) {
				const k = Math.min(1, dt / (gyro ? TAU_S : TAU_NO_GYRO_S));
				this.ux += k * (r.ax / a - this.ux);
				this.uy += k * (r.ay / a - this.uy);
				this.uz += k * (r.az / a - this.uz);
				this.normalise();
			}
			const m = Math.min(1, dt / MOTION_TAU_S);
			const speed = gyro ? Math.hypot(r.rx, r.ry, r.rz) : 0;
			this.turning += m * (speed - this.turning);
			this.jolting += m * (jolt - this.jolting);
		}
		this.lastT = r.t;
		this.readings++;
		this.judge(r.t);
		const i = this.n++;
		this.t[i] = r.t;
		this.x[i] = 1000 * this.ux;
		this.y[i] = 1000 * this.uy;
		this.z[i] = 1000 * this.uz;
		if (this.n === CHUNK_SIZE) this.flush();
	}

	/** Send the samples gathered so far (a chunk is never held back for long: see PhoneWearable). */
	flush(): void {
		if (this.n === 0) return;
		const n = this.n;
		// The chunk keeps its arrays (the app stores every chunk); the next one gets fresh ones.
		const chunk: AccChunk = { kind: 'acc', n, t: this.t, x: this.x, y: this.y, z: this.z };
		this.t = new Float64Array(CHUNK_SIZE);
		this.x = new Float64Array(CHUNK_SIZE);
		this.y = new Float64Array(CHUNK_SIZE);
		this.z = new Float64Array(CHUNK_SIZE);
		this.n = 0;
		this.emit(chunk);
	}

	/** Forget the tilt (the person starts again); the next reading starts from gravity. */
	restart(): void {
		this.flush();
		this.started = false;
		this.placement = 'ok';
		this.candidate = 'ok';
	}

	/** u turns opposite to the phone: du/dt = u × ω. */
	private rotate(wx: number, wy: number, wz: number, dt: number): void {
		const { ux, uy, uz } = this;
		this.ux = ux + dt * (uy * wz - uz * wy);
		this.uy = uy + dt * (uz * wx - ux * wz);
		this.uz = uz + dt * (ux * wy - uy * wx);
		this.normalise();
	}

	private normalise(): void {
		const m = Math.hypot(this.ux, this.uy, this.uz) || 1;
		this.ux /= m;
		this.uy /= m;
		this.uz /= m;
	}

	private judge(t: number): void {
		const flatCos = Math.abs(this.uz);
		const wasTilted = this.placement === 'tilted';
		const tilted = flatCos < (wasTilted ? FLAT_ENTER_COS : FLAT_LEAVE_COS);
		const wasMoving = this.placement === 'moving';
		const calm = wasMoving ? 0.5 : 1;
		const moving = this.turning > calm * MOVING_DEG_S || this.jolting > calm * MOVING_JOLT;
		const now: Placement = moving ? 'moving' : tilted ? 'tilted' : 'ok';
		if (now !== this.candidate) {
			this.candidate = now;
			this.candidateSince = t;
		}
		if (now !== this.placement && t - this.candidateSince >= VERDICT_HOLD_S) this.placement = now;
	}
}
