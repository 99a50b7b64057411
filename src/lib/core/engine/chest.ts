/**
 * Chest accelerometer → breathing signal and motion quality; posture goes on to `StretchTracker`.
 *
 * Pipeline (streaming, constant memory, no allocation per sample):
 * 1. `AccInput` (acc-input.ts): sample rate from timestamps, gaps (a step > 1 s: event, reset,
 *    re-learn), boxcar decimation of x, y, z by an integer factor to ≈ 20–40 Hz, with no delay.
 * 2. At the low rate:
 *    - `lp`: 0.6 Hz Butterworth low-pass per axis. Breathing up to 30 br/min passes nearly whole
 *      (40 br/min at about 60 %); heartbeat ballistics (≥ 0.8 Hz) and jerks are cut, which the
 *      phase detector downstream needs: heartbeat left in the tilt makes the flow wobble at the
 *      ends of each phase. Breathing value = (lp − anchor) · axis, emitted with
 *      t = block time − lowPassDelaySeconds(0.6 Hz).
 *    - axis: streaming PCA of lp − slow (0.02 Hz low-pass) across gravity, refreshed once a
 *      second, sign kept continuous; rolled back when motion is flagged (`BreathingAxis`,
 *      breathing-axis.ts).
 *    - anchor: follows the 0.1 Hz gravity estimate while moving and is frozen while still, so
 *      posture changes do not leave large offsets and nothing is high-passed while still.
 *    - gravity: 0.1 Hz Butterworth low-pass (≈ 2.3 s group delay) → unit ĝ → `StretchTracker`
 *      (posture.ts): angle from the neutral ĝ₀ → stretch holds and rests.
 *    - motion: high-frequency energy (raw − lp), tilt of lp away from ĝ, and angular speed of ĝ;
 *      while moving (once breathing's own speed is known) the motion measures' ĝ is held on lp,
 *      so a move ends when lp comes to rest, not when the 0.1 Hz ĝ has settled (motion.ts).
 */
import type { AccChunk, EngineEvent, QualityReason } from '../types';
import { Biquad3, highPass, lowPass, lowPassDelaySeconds } from '../dsp/biquad';
import { AccInput, type AccBlock } from './acc-input';
import { BreathingAxis } from './breathing-axis';
import { MotionGate, Movement } from './motion';
import { NoiseFloor } from './noise-floor';
import { StretchTracker, type MotionState } from './posture';

export interface ChestMotionOptions {
	/**
	 * Sensor direction that fixes the sign of the breathing axis when there is no previous axis to
	 * stay continuous with (start, after a gap, after a jump of more than 60°). Default +z (Polar
	 * H10: away from the chest); if it is nearly parallel to gravity, +x then +y are used.
	 */
	referenceAxis?: [number, number, number];
}

export const BREATH_LP_HZ = 0.6;
const GRAVITY_LP_HZ = 0.1;
/**
 * Jerks and noise are measured above this: a high-pass leaves ≤ 20 % of a 40/min breath, where
 * raw − low-pass would leave more than the whole breath (its phase lags).
 */
const MOTION_HP_HZ = 1.5;
/** Time constant of the breathing signal's noise estimate. */
const NOISE_TAU_SECONDS = 10;
const SLOW_LP_HZ = 0.02;
const AXIS_REFRESH_SECONDS = 1;
const SETTLE_SECONDS = 3;
/** Motion ends after this long calm (the thresholds are in motion.ts). */
const CALM_SECONDS = 1.5;
const QUALITY_OK = 1;
const QUALITY_MOTION = 0.2;
const QUALITY_SETTLING = 0;

export class ChestMotion {
	private readonly input = new AccInput({
		configure: (_rate, _factor, blockRate) => this.configure(blockRate),
		block: (b) => this.block(b),
		gap: (start, end) => this.gap(start, end)
	});
	/** The time of the current block's last sample: events are stamped with it. */
	private lastT = 0;

	// ---- low-rate filters (designed in configure) ----
	private lp!: Biquad3;
	private g!: Biquad3;
	/** Gravity as the motion measures see it: the same low-pass, held on the 0.6 Hz one while moving. */
	private m!: Biquad3;
	private s!: Biquad3;
	private hp!: Biquad3;
	private breathDelay = 0;
	private gravityDelay = 0;
	/** White noise on the breathing axis, learnt while still (afresh after each move). */
	private readonly noise = new NoiseFloor();
	/** σ of the low-passed noise per σ of what the low-pass removed, for white noise. */
	private noiseShare = 0;
	private refreshBlocks = 1;

	// ---- this block's acceleration (mg): 0.6 Hz low-pass, 0.02 Hz slow, what the low-pass
	// removes, and the direction of gravity (0.1 Hz), shared by the block's parts ----
	private lx = 0;
	private ly = 0;
	private lz = 0;
	private sx = 0;
	private sy = 0;
	private sz = 0;
	private hx = 0;
	private hy = 0;
	private hz = 0;
	private ux = 0;
	private uy = 0;
	private uz = 0;

	// ---- per-segment state (reset after a gap) ----
	private fresh = true;
	private startT = 0;
	private blocksToRefresh = 0;
	private ghX = 0;
	private ghY = 0;
	private ghZ = 0;
	private hasPrevG = false;
	/** The 0.6 Hz low-pass's direction at the last block (its speed while still is breathing's). */
	private lhX = 0;
	private lhY = 0;
	private lhZ = 0;
	private motion = false;
	/** The motion gate found this block calm: under every "calm" value, not just short of motion. */
	private calm = false;
	private calmSince = -1;
	private stillSince = 0;
	private quality: QualityReason | null = null;
	/** Is the wearer moving: thresholds above what breathing alone does (motion.ts). */
	private readonly gate = new MotionGate();
	// breathing axis, and the point the breathing value is measured from
	private readonly axis: BreathingAxis;
	private anchorX = 0;
	private anchorY = 0;
	private anchorZ = 0;

	// ---- posture → stretch holds and rests ----
	private readonly stretchTracker: StretchTracker;
	/** Handed to the stretch tracker each block; one object, updated in place. */
	private readonly motionState: MotionState = { still: true, settled: false, stillSince: 0 };

	constructor(
		private readonly emit: (e: EngineEvent) => void,
		/** The breathing signal at the internal rate, and the noise (σ, same unit) it carries. */
		private readonly onBreathingSample: (t: number, value: number, noise: number) => void,
		stretch: { holdSeconds: number; restSeconds: number } = {
			holdSeconds: 30,
			restSeconds: 30
		},
		options: ChestMotionOptions = {}
	) {
		this.axis = new BreathingAxis(options.referenceAxis ?? [0, 0, 1]);
		this.stretchTracker = new StretchTracker(emit, stretch);
	}

	/** Internal (decimated) rate in Hz, 0 until the input rate is known. */
	get internalRate(): number {
		return this.input.internalRate;
	}

	/**
	 * The breathing axis (unit vector, sensor frame) the breathing signal is measured along: the
	 * signal grows as the reading moves this way. The reference direction until one is known.
	 */
	get breathingAxis(): [number, number, number] {
		return [this.axis.x, this.axis.y, this.axis.z];
	}

	/** Decimation factor in use (1 until the input rate is known). */
	get decimation(): number {
		return this.input.decimation;
	}

	/** Called by the engine when it sees apnea or fast breathing during an open hold. */
	noteBreathDuringHold(kind: 'breath-held' | 'fast-breathing'): void {
		this.stretchTracker.noteBreathDuringHold(kind);
	}

	push(chunk: AccChunk): void {
		this.input.push(chunk);
	}

	/** End of the session at time `at`: an open hold is closed and reported; an open rest is not. */
	finish(at: number): void {
		this.stretchTracker.finish(at);
	}

	// ------------------------------------------------------------------ filters

	/** Filters designed for the block rate `fs`; a new segment starts. */
	private configure(fs: number): void {
		const lp = lowPass(BREATH_LP_HZ, fs);
		const g = lowPass(GRAVITY_LP_HZ, fs);
		const s = lowPass(SLOW_LP_HZ, fs);
		this.lp = new Biquad3(lp);
		this.g = new Biquad3(g);
		this.m = new Biquad3(g);
		this.s = new Biquad3(s);
		this.hp = new Biquad3(highPass(MOTION_HP_HZ, fs));
		this.breathDelay = lowPassDelaySeconds(BREATH_LP_HZ);
		this.gravityDelay = lowPassDelaySeconds(GRAVITY_LP_HZ);
		this.gate.configure(fs);
		this.noise.configure(fs, NOISE_TAU_SECONDS);
		// A 2nd-order Butterworth passes white noise over ≈ 1.11 × its cutoff; the high-pass keeps
		// about the band above its cutoff (up to half the internal rate).
		const passed = 1.11 * BREATH_LP_HZ;
		this.noiseShare = Math.sqrt(passed / Math.max(passed, fs / 2 - MOTION_HP_HZ));
		this.axis.configure(fs);
		this.stretchTracker.configure(fs, this.gravityDelay, CALM_SECONDS);
		this.refreshBlocks = Math.max(1, Math.round(fs * AXIS_REFRESH_SECONDS));
		this.fresh = true;
	}

	private gap(start: number, end: number): void {
		this.emit({ type: 'gap', source: 'acc', start, end, at: end });
		// Before the rate is known nothing has started.
		if (this.input.internalRate === 0) return;
		this.stretchTracker.gap(start, end);
		this.fresh = true;
	}

	// ------------------------------------------------------------------ low-rate processing

	private setQuality(reason: QualityReason, q: number, at: number): void {
		if (reason === this.quality) return;
		this.quality = reason;
		this.emit({ type: 'quality', source: 'acc', quality: q, reason, at });
	}

	private start(b: AccBlock): void {
		const t = b.t;
		this.lp.reset(b);
		this.g.reset(b);
		this.m.reset(b);
		this.s.reset(b);
		this.hp.reset(b);
		this.anchorX = b.x;
		this.anchorY = b.y;
		this.anchorZ = b.z;
		this.axis.reset(b.x, b.y, b.z);
		this.gate.restart();
		this.hasPrevG = false;
		this.motion = false;
		this.calmSince = -1;
		this.startT = t;
		this.stillSince = t;
		this.blocksToRefresh = this.refreshBlocks;
		this.stretchTracker.restart();
		this.quality = null;
		this.setQuality('settling', QUALITY_SETTLING, this.lastT);
		this.fresh = false;
	}

	/**
	 * One block (a decimated sample): its filters stepped, then the four parts in turn: motion
	 * measures, breathing axis, breathing output, posture and stretch.
	 */
	private block(b: AccBlock): void {
		const t = b.t;
		this.lastT = b.last;
		if (this.fresh) this.start(b);

		const { lp, g, s, hp } = this;
		lp.step(b);
		g.step(b);
		s.step(b);
		hp.step(b);
		this.lx = lp.x;
		this.ly = lp.y;
		this.lz = lp.z;
		this.sx = s.x;
		this.sy = s.y;
		this.sz = s.z;
		this.hx = hp.x;
		this.hy = hp.y;
		this.hz = hp.z;
		const gx = g.x;
		const gy = g.y;
		const gz = g.z;
		const gn = Math.sqrt(gx * gx + gy * gy + gz * gz) || 1;
		this.ux = gx / gn;
		this.uy = gy / gn;
		this.uz = gz / gn;

		const settledNow = this.measureMotion(b);
		this.followAxis(settledNow);
		this.breathingOut(t);
		const m = this.motionState;
		m.still = !this.motion;
		m.settled = t - this.startT >= SETTLE_SECONDS;
		m.stillSince = this.stillSince;
		this.stretchTracker.sample(t, this.lastT, this.ux, this.uy, this.uz, m);
	}

	/** The motion measures of this block; true in the block where the wearer becomes still again. */
	private measureMotion(b: AccBlock): boolean {
		const { lx, ly, lz, sx, sy, sz } = this;
		const t = b.t;
		const dtb = b.dt;
		this.gate.jerk(this.hx, this.hy, this.hz);
		const ln = Math.sqrt(lx * lx + ly * ly + lz * lz) || 1;
		// While moving, the motion measures' gravity is the 0.6 Hz low-pass itself: the end of a
		// move is then told by the low-pass coming to rest (≈ 1 s), not by the 0.1 Hz gravity
		// catching up with the new posture (≈ 6 s for a 35° bend), which kept whole breaths out.
		let mx = lx;
		let my = ly;
		let mz = lz;
		const quickEnd = this.motion && this.gate.knowsBreathingSpeed;
		if (quickEnd) {
			this.m.reset(this.lp);
		} else {
			this.m.step(b);
			mx = this.m.x;
			my = this.m.y;
			mz = this.m.z;
		}
		const mn = Math.sqrt(mx * mx + my * my + mz * mz) || 1;
		const vx = mx / mn;
		const vy = my / mn;
		const vz = mz / mn;
		// Chord between the unit vectors ≈ angle in radians for small angles.
		const tx = lx / ln - vx;
		const ty = ly / ln - vy;
		const tz = lz / ln - vz;
		const tilt2 = tx * tx + ty * ty + tz * tz;
		let speed2 = 0;
		let lpSpeed2 = 0;
		if (this.hasPrevG && dtb > 0) {
			const dx = vx - this.ghX;
			const dy = vy - this.ghY;
			const dz = vz - this.ghZ;
			speed2 = (dx * dx + dy * dy + dz * dz) / (dtb * dtb);
			const ex = lx / ln - this.lhX;
			const ey = ly / ln - this.lhY;
			const ez = lz / ln - this.lhZ;
			lpSpeed2 = (ex * ex + ey * ey + ez * ez) / (dtb * dtb);
		}
		this.ghX = vx;
		this.ghY = vy;
		this.ghZ = vz;
		this.lhX = lx / ln;
		this.lhY = ly / ln;
		this.lhZ = lz / ln;
		this.hasPrevG = true;
		if (!this.motion) this.gate.lowPassSpeed(lpSpeed2);
		// Breathing-band deviation across gravity, whatever the motion state: its median over
		// half a minute is the breathing's own size (a move of a few seconds does not shift it).
		const dx = lx - sx;
		const dy = ly - sy;
		const dz = lz - sz;
		const p = dx * this.ux + dy * this.uy + dz * this.uz;
		this.gate.breathing(dx * dx + dy * dy + dz * dz - p * p);
		return this.updateMotion(t, tilt2, speed2, quickEnd);
	}

	/** The breathing axis (PCA) follows the breathing while still; a new posture re-centres it. */
	private followAxis(settledNow: boolean): void {
		const { lx, ly, lz, sx, sy, sz, axis } = this;
		if (settledNow) {
			// Re-centre on the new posture as the 0.6 Hz low-pass sees it: the 0.1 Hz gravity
			// estimate still lags the move by degrees (tens of mg), and that offset, decaying through
			// the 0.02 Hz slow estimate, would outweigh breathing (≈ 40 mg²) in the covariance and
			// turn the axis towards the direction of the move. `sx` was stepped before the reset: this
			// block's sample would add the whole posture change, so it is left out.
			this.anchorX = lx;
			this.anchorY = ly;
			this.anchorZ = lz;
			this.s.reset(this.lp);
		} else if (!this.motion) {
			axis.dX = lx - sx;
			axis.dY = ly - sy;
			axis.dZ = lz - sz;
			axis.accumulate();
		} else {
			// While moving, the anchor follows gravity so no posture offset is carried over.
			this.anchorX = this.g.x;
			this.anchorY = this.g.y;
			this.anchorZ = this.g.z;
		}
		if (--this.blocksToRefresh <= 0) {
			this.blocksToRefresh = this.refreshBlocks;
			this.gate.second();
			if (!this.motion) axis.snapshot();
			axis.slowX = sx;
			axis.slowY = sy;
			axis.slowZ = sz;
			axis.refresh();
		}
	}

	/** The breathing value of this block along the axis, with the noise it carries. */
	private breathingOut(t: number): void {
		const axis = this.axis;
		const value =
			(this.lx - this.anchorX) * axis.x +
			(this.ly - this.anchorY) * axis.y +
			(this.lz - this.anchorZ) * axis.z;
		// Noise left in the breathing signal: what the low-pass removes on the breathing axis tells
		// the white-noise level, scaled to the share of it that the low-pass lets through.
		const residual = this.hx * axis.x + this.hy * axis.y + this.hz * axis.z;
		// Only calm blocks: stirring short of motion (getting up) is no noise of the still signal.
		if (this.calm && !this.motion) this.noise.learn(residual * residual);
		this.onBreathingSample(t - this.breathDelay, value, Math.sqrt(this.noise.variance) * this.noiseShare);
	}

	/** Tracks the motion state; true in the block where the wearer becomes still again. */
	private updateMotion(t: number, tilt2: number, speed2: number, quickEnd: boolean): boolean {
		const movement = this.gate.classify(tilt2, speed2, quickEnd);
		const moving = movement === Movement.Moving;
		this.calm = false;
		if (moving) {
			this.calmSince = -1;
			if (!this.motion) {
				this.motion = true;
				this.axis.rollBack();
				this.setQuality('motion', QUALITY_MOTION, this.lastT);
			}
			return false;
		}
		const calm = movement === Movement.Calm;
		this.calm = calm;
		if (!calm) {
			this.calmSince = -1;
			return false;
		}
		if (this.calmSince < 0) this.calmSince = t;
		let settledNow = false;
		if (this.motion && t - this.calmSince >= CALM_SECONDS) {
			this.motion = false;
			this.stillSince = t;
			this.noise.restart();
			settledNow = true;
		}
		if (!this.motion && this.quality !== 'ok' && t - this.startT >= SETTLE_SECONDS) {
			this.setQuality('ok', QUALITY_OK, this.lastT);
		}
		return settledNow;
	}
}
