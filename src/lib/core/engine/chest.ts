/**
 * Chest accelerometer → breathing signal, motion quality, posture and stretch holds.
 *
 * Pipeline (streaming, constant memory, no allocation per sample):
 * 1. Sample rate estimated from timestamps (median interval of the first second, re-checked from
 *    block times while running); a timestamp step > 1 s is a gap: event, reset, re-learn.
 * 2. Boxcar (block-average) decimation of x, y, z by an integer factor to ≈ 20–40 Hz. A block's time
 *    is the mean of its sample times, which is exactly the boxcar's centre, so it adds no delay.
 * 3. At the low rate:
 *    - `lp`: 0.6 Hz Butterworth low-pass per axis. Breathing up to 30 br/min passes nearly whole
 *      (40 br/min at about 60 %); heartbeat ballistics (≥ 0.8 Hz) and jerks are cut, which the
 *      phase detector downstream needs: heartbeat left in the tilt makes the flow wobble at the
 *      ends of each phase. Breathing value = (lp − anchor) · axis, emitted with
 *      t = block time − lowPassDelaySeconds(0.6 Hz).
 *    - axis: streaming PCA. Covariance (forgetting time 30 s) of lp − slow (0.02 Hz low-pass),
 *      projected on the plane perpendicular to the slow gravity direction; refreshed once a second
 *      by power iteration from the previous axis; sign kept continuous with the previous axis, and
 *      taken from a fixed sensor direction when there is no usable previous axis.
 *    - anchor: follows the 0.1 Hz gravity estimate while moving and is frozen while still, so
 *      posture changes do not leave large offsets and nothing is high-passed while still.
 *    - gravity: 0.1 Hz Butterworth low-pass (≈ 2.3 s group delay) → unit ĝ → angle from the
 *      neutral ĝ₀ → stretch holds and rests (event times corrected by that delay).
 *    - motion: high-frequency energy (raw − lp), tilt of lp away from ĝ, and angular speed of ĝ.
 */
import type { AccChunk, EngineEvent, QualityReason, StretchIssue } from '../types';
import { BiquadFilter, lowPass, lowPassDelaySeconds } from '../dsp/biquad';
import { GAP_SECONDS } from './belt';

export interface ChestMotionOptions {
	/**
	 * Sensor direction that fixes the sign of the breathing axis when there is no previous axis to
	 * stay continuous with (start, after a gap, after a jump of more than 60°). Default +z (Polar
	 * H10: away from the chest); if it is nearly parallel to gravity, +x then +y are used.
	 */
	referenceAxis?: [number, number, number];
}

/** Decimation target: factor = floor(input rate / 20), so 20–40 Hz internally. */
const LOW_RATE_MIN = 20;
const RATE_ESTIMATE_SECONDS = 1;
const RATE_ESTIMATE_MAX = 512;
const BREATH_LP_HZ = 0.6;
const GRAVITY_LP_HZ = 0.1;
const SLOW_LP_HZ = 0.02;
const PCA_TAU_SECONDS = 30;
const AXIS_REFRESH_SECONDS = 1;
const POWER_ITERATIONS = 3;
const SETTLE_SECONDS = 3;
/** Motion thresholds: enter above, leave when all are below the calm values for CALM_SECONDS. */
const HF_MOTION_MG = 80;
const HF_CALM_MG = 50;
const HF_TAU_SECONDS = 0.5;
const TILT_MOTION_DEG = 5;
const TILT_CALM_DEG = 3;
const SPEED_MOTION_DEG_S = 2;
const SPEED_CALM_DEG_S = 1.2;
const CALM_SECONDS = 1.5;
/** Stretch logic. */
const HOLD_ENTER_DEG = 15;
const HOLD_EXIT_DEG = 10;
const CONFIRM_SECONDS = 2;
const SPLIT_DEG = 12;
const HOLD_REF_TAU_SECONDS = 5;
const NEUTRAL_STILL_SECONDS = 2;
const RELEARN_DEG = 8;
const RELEARN_STILL_SECONDS = 10;
const RELEARN_TAU_SECONDS = 30;
const SHORT_FRACTION = 0.75;
const QUALITY_OK = 1;
const QUALITY_MOTION = 0.2;
const QUALITY_SETTLING = 0;

const DEG = Math.PI / 180;
const COS_ENTER = Math.cos(HOLD_ENTER_DEG * DEG);
const COS_EXIT = Math.cos(HOLD_EXIT_DEG * DEG);
const COS_SPLIT = Math.cos(SPLIT_DEG * DEG);
const COS_RELEARN = Math.cos(RELEARN_DEG * DEG);

export class ChestMotion {
	// ---- rate estimation ----
	private readonly estT = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estX = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estY = new Float64Array(RATE_ESTIMATE_MAX);
	private readonly estZ = new Float64Array(RATE_ESTIMATE_MAX);
	private estN = 0;
	private configured = false;
	private inputRate = 0;
	private factor = 1;
	private lowRate = 0;
	private blockDtEma = 0;

	// ---- front end ----
	private lastT = -Infinity;
	private accN = 0;
	private accT = 0;
	private accX = 0;
	private accY = 0;
	private accZ = 0;

	// ---- low-rate filters (designed in configure) ----
	private lpX!: BiquadFilter;
	private lpY!: BiquadFilter;
	private lpZ!: BiquadFilter;
	private gX!: BiquadFilter;
	private gY!: BiquadFilter;
	private gZ!: BiquadFilter;
	private sX!: BiquadFilter;
	private sY!: BiquadFilter;
	private sZ!: BiquadFilter;
	private breathDelay = 0;
	private gravityDelay = 0;
	private kHf = 0;
	private kPca = 0;
	private kHoldRef = 0;
	private kRelearn = 0;
	private refreshBlocks = 1;

	// ---- per-segment state (reset after a gap) ----
	private fresh = true;
	private startT = 0;
	private prevBlockT = 0;
	private blocksToRefresh = 0;
	private hfEnergy = 0;
	private ghX = 0;
	private ghY = 0;
	private ghZ = 0;
	private hasPrevG = false;
	private motion = false;
	private calmSince = -1;
	private stillSince = 0;
	private quality: QualityReason | null = null;
	// slow gravity unit vector (axis plane)
	private gsX = 0;
	private gsY = 0;
	private gsZ = 1;
	// covariance (symmetric 3×3)
	private cxx = 0;
	private cxy = 0;
	private cxz = 0;
	private cyy = 0;
	private cyz = 0;
	private czz = 0;
	// breathing axis and anchor
	private vX = 0;
	private vY = 0;
	private vZ = 0;
	private hasAxis = false;
	private anchorX = 0;
	private anchorY = 0;
	private anchorZ = 0;
	private sign = 1;

	// ---- posture / stretch ----
	private hasNeutral = false;
	private n0X = 0;
	private n0Y = 0;
	private n0Z = 1;
	private inHold = false;
	private holdStart = 0;
	private holdMinCos = 1;
	private holdIssues: StretchIssue[] = [];
	private holdRefX = 0;
	private holdRefY = 0;
	private holdRefZ = 1;
	private enterCand = -1;
	private exitCand = -1;
	private splitCand = -1;
	private restOpen = false;
	private restStart = 0;

	private readonly refAxis: [number, number, number];

	constructor(
		private readonly emit: (e: EngineEvent) => void,
		private readonly onBreathingSample: (t: number, value: number) => void,
		private readonly stretch: { holdSeconds: number; restSeconds: number } = {
			holdSeconds: 30,
			restSeconds: 30
		},
		options: ChestMotionOptions = {}
	) {
		this.refAxis = options.referenceAxis ?? [0, 0, 1];
	}

	/** Invert the breathing signal's sign (polarity is decided elsewhere, from heart rate). */
	flip(): void {
		this.sign = -this.sign;
	}

	/** Internal (decimated) rate in Hz, 0 until the input rate is known. */
	get internalRate(): number {
		return this.lowRate;
	}

	/** Decimation factor in use (1 until the input rate is known). */
	get decimation(): number {
		return this.factor;
	}

	/** Seconds by which `onBreathingSample` times were moved back to undo the low-pass delay. */
	get breathingDelayCorrection(): number {
		return this.breathDelay;
	}

	/** Called by the engine when it sees apnea or fast breathing during an open hold. */
	noteBreathDuringHold(kind: 'breath-held' | 'fast-breathing'): void {
		if (this.inHold && !this.holdIssues.includes(kind)) this.holdIssues.push(kind);
	}

	push(chunk: AccChunk): void {
		if (this.configured) this.run(chunk.t, chunk.x, chunk.y, chunk.z, 0, chunk.n);
		else this.collect(chunk.t, chunk.x, chunk.y, chunk.z, chunk.n);
	}

	/** End of the session at time `at`: an open hold is closed and reported; an open rest is not. */
	finish(at: number): void {
		if (this.inHold) this.closeHold(at, at);
		this.restOpen = false;
	}

	// ------------------------------------------------------------------ rate estimation

	private collect(t: Float64Array, x: Float64Array, y: Float64Array, z: Float64Array, n: number): void {
		for (let i = 0; i < n; i++) {
			const ti = t[i];
			if (!(ti > this.lastT)) continue;
			if (this.estN > 0 && ti - this.lastT > GAP_SECONDS) {
				this.emit({ type: 'gap', source: 'acc', start: this.lastT, end: ti, at: ti });
				this.estN = 0;
			}
			this.lastT = ti;
			const k = this.estN++;
			this.estT[k] = ti;
			this.estX[k] = x[i];
			this.estY[k] = y[i];
			this.estZ[k] = z[i];
			if (ti - this.estT[0] >= RATE_ESTIMATE_SECONDS || this.estN === RATE_ESTIMATE_MAX) {
				this.configure(this.medianRate());
				this.lastT = -Infinity;
				this.run(this.estT, this.estX, this.estY, this.estZ, 0, this.estN);
				this.estN = 0;
				this.run(t, x, y, z, i + 1, n);
				return;
			}
		}
	}

	private medianRate(): number {
		const n = this.estN - 1;
		if (n < 1) return 50;
		// Runs once per session (and after a re-tune), so a temporary array is fine here.
		const d = new Float64Array(n);
		for (let i = 0; i < n; i++) d[i] = this.estT[i + 1] - this.estT[i];
		d.sort();
		const med = n % 2 ? d[(n - 1) >> 1] : (d[n / 2 - 1] + d[n / 2]) / 2;
		return med > 0 ? 1 / med : 50;
	}

	private configure(rate: number): void {
		this.inputRate = rate;
		this.factor = Math.max(1, Math.floor(rate / LOW_RATE_MIN));
		const fs = rate / this.factor;
		this.lowRate = fs;
		this.blockDtEma = 1 / fs;
		const lp = lowPass(BREATH_LP_HZ, fs);
		const g = lowPass(GRAVITY_LP_HZ, fs);
		const s = lowPass(SLOW_LP_HZ, fs);
		this.lpX = new BiquadFilter(lp);
		this.lpY = new BiquadFilter(lp);
		this.lpZ = new BiquadFilter(lp);
		this.gX = new BiquadFilter(g);
		this.gY = new BiquadFilter(g);
		this.gZ = new BiquadFilter(g);
		this.sX = new BiquadFilter(s);
		this.sY = new BiquadFilter(s);
		this.sZ = new BiquadFilter(s);
		this.breathDelay = lowPassDelaySeconds(BREATH_LP_HZ);
		this.gravityDelay = lowPassDelaySeconds(GRAVITY_LP_HZ);
		const dt = 1 / fs;
		this.kHf = 1 - Math.exp(-dt / HF_TAU_SECONDS);
		this.kPca = 1 - Math.exp(-dt / PCA_TAU_SECONDS);
		this.kHoldRef = 1 - Math.exp(-dt / HOLD_REF_TAU_SECONDS);
		this.kRelearn = 1 - Math.exp(-dt / RELEARN_TAU_SECONDS);
		this.refreshBlocks = Math.max(1, Math.round(fs * AXIS_REFRESH_SECONDS));
		this.configured = true;
		this.fresh = true;
		this.accN = 0;
		this.accT = this.accX = this.accY = this.accZ = 0;
	}

	// ------------------------------------------------------------------ front end (hot loop)

	private run(
		t: Float64Array,
		x: Float64Array,
		y: Float64Array,
		z: Float64Array,
		from: number,
		to: number
	): void {
		const factor = this.factor;
		let last = this.lastT;
		let k = this.accN;
		let st = this.accT;
		let sx = this.accX;
		let sy = this.accY;
		let sz = this.accZ;
		for (let i = from; i < to; i++) {
			const ti = t[i];
			if (!(ti > last)) continue; // repeated, out-of-order or NaN timestamp
			if (ti - last > GAP_SECONDS && last > -Infinity) {
				this.gap(last, ti);
				k = 0;
				st = sx = sy = sz = 0;
			}
			last = ti;
			st += ti;
			sx += x[i];
			sy += y[i];
			sz += z[i];
			if (++k === factor) {
				this.lastT = ti;
				const inv = 1 / factor;
				this.block(st * inv, sx * inv, sy * inv, sz * inv);
				k = 0;
				st = sx = sy = sz = 0;
				if (this.factor !== factor) {
					// Re-tuned inside block(): continue with the new factor on the next call.
					this.lastT = last;
					this.run(t, x, y, z, i + 1, to);
					return;
				}
			}
		}
		this.lastT = last;
		this.accN = k;
		this.accT = st;
		this.accX = sx;
		this.accY = sy;
		this.accZ = sz;
	}

	private gap(start: number, end: number): void {
		this.emit({ type: 'gap', source: 'acc', start, end, at: end });
		if (this.inHold) this.closeHold(start, end);
		this.restOpen = false;
		this.fresh = true;
		this.hasNeutral = false;
		this.accN = 0;
	}

	// ------------------------------------------------------------------ low-rate processing

	private setQuality(reason: QualityReason, q: number, at: number): void {
		if (reason === this.quality) return;
		this.quality = reason;
		this.emit({ type: 'quality', source: 'acc', quality: q, reason, at });
	}

	private start(t: number, ax: number, ay: number, az: number): void {
		this.lpX.reset(ax);
		this.lpY.reset(ay);
		this.lpZ.reset(az);
		this.gX.reset(ax);
		this.gY.reset(ay);
		this.gZ.reset(az);
		this.sX.reset(ax);
		this.sY.reset(ay);
		this.sZ.reset(az);
		const n = Math.hypot(ax, ay, az) || 1;
		this.gsX = ax / n;
		this.gsY = ay / n;
		this.gsZ = az / n;
		this.anchorX = ax;
		this.anchorY = ay;
		this.anchorZ = az;
		this.cxx = this.cxy = this.cxz = this.cyy = this.cyz = this.czz = 0;
		this.hasAxis = false;
		this.referenceAxisInto();
		this.hfEnergy = 0;
		this.hasPrevG = false;
		this.motion = false;
		this.calmSince = -1;
		this.startT = t;
		this.stillSince = t;
		this.prevBlockT = t;
		this.blocksToRefresh = this.refreshBlocks;
		this.enterCand = this.exitCand = this.splitCand = -1;
		this.quality = null;
		this.setQuality('settling', QUALITY_SETTLING, this.lastT);
		this.fresh = false;
	}

	private block(t: number, ax: number, ay: number, az: number): void {
		if (this.fresh) this.start(t, ax, ay, az);

		// Sample-rate tracking from block times (dropped samples and clock skew included).
		const dtb = t - this.prevBlockT;
		this.prevBlockT = t;
		if (dtb > 0) {
			this.blockDtEma += 0.002 * (dtb - this.blockDtEma);
			const ratio = this.blockDtEma * this.lowRate;
			if (ratio > 1.15 || ratio < 0.87) {
				this.retune(1 / (this.blockDtEma / this.factor));
				return;
			}
		}

		const lx = this.lpX.step(ax);
		const ly = this.lpY.step(ay);
		const lz = this.lpZ.step(az);
		const gx = this.gX.step(ax);
		const gy = this.gY.step(ay);
		const gz = this.gZ.step(az);
		const sx = this.sX.step(ax);
		const sy = this.sY.step(ay);
		const sz = this.sZ.step(az);

		// ---- motion measures ----
		const hx = ax - lx;
		const hy = ay - ly;
		const hz = az - lz;
		this.hfEnergy += this.kHf * (hx * hx + hy * hy + hz * hz - this.hfEnergy);
		const gn = Math.sqrt(gx * gx + gy * gy + gz * gz) || 1;
		const ux = gx / gn;
		const uy = gy / gn;
		const uz = gz / gn;
		const ln = Math.sqrt(lx * lx + ly * ly + lz * lz) || 1;
		// Chord between the unit vectors ≈ angle in radians for small angles.
		const tx = lx / ln - ux;
		const ty = ly / ln - uy;
		const tz = lz / ln - uz;
		const tilt2 = tx * tx + ty * ty + tz * tz;
		let speed2 = 0;
		if (this.hasPrevG && dtb > 0) {
			const dx = ux - this.ghX;
			const dy = uy - this.ghY;
			const dz = uz - this.ghZ;
			speed2 = (dx * dx + dy * dy + dz * dz) / (dtb * dtb);
		}
		this.ghX = ux;
		this.ghY = uy;
		this.ghZ = uz;
		this.hasPrevG = true;
		this.updateMotion(t, tilt2, speed2);

		// ---- breathing axis (PCA) ----
		if (!this.motion) {
			let dx = lx - sx;
			let dy = ly - sy;
			let dz = lz - sz;
			const p = dx * this.gsX + dy * this.gsY + dz * this.gsZ;
			dx -= p * this.gsX;
			dy -= p * this.gsY;
			dz -= p * this.gsZ;
			const k = this.kPca;
			this.cxx += k * (dx * dx - this.cxx);
			this.cxy += k * (dx * dy - this.cxy);
			this.cxz += k * (dx * dz - this.cxz);
			this.cyy += k * (dy * dy - this.cyy);
			this.cyz += k * (dy * dz - this.cyz);
			this.czz += k * (dz * dz - this.czz);
		} else {
			// While moving, the anchor follows gravity so no posture offset is carried over.
			this.anchorX = gx;
			this.anchorY = gy;
			this.anchorZ = gz;
		}
		if (--this.blocksToRefresh <= 0) {
			this.blocksToRefresh = this.refreshBlocks;
			this.refreshAxis(sx, sy, sz);
		}

		// ---- breathing output ----
		const value =
			(lx - this.anchorX) * this.vX + (ly - this.anchorY) * this.vY + (lz - this.anchorZ) * this.vZ;
		this.onBreathingSample(t - this.breathDelay, this.sign * value);

		// ---- posture and stretch ----
		this.posture(t, ux, uy, uz);
	}

	private retune(rate: number): void {
		// Keep posture/stretch state; restart filters from the current block on the new design.
		this.configure(rate);
		this.fresh = true;
	}

	private updateMotion(t: number, tilt2: number, speed2: number): void {
		const hf2 = this.hfEnergy;
		const moving =
			hf2 > HF_MOTION_MG * HF_MOTION_MG ||
			tilt2 > (TILT_MOTION_DEG * DEG) ** 2 ||
			speed2 > (SPEED_MOTION_DEG_S * DEG) ** 2;
		if (moving) {
			this.calmSince = -1;
			if (!this.motion) {
				this.motion = true;
				this.setQuality('motion', QUALITY_MOTION, this.lastT);
			}
			return;
		}
		const calm =
			hf2 < HF_CALM_MG * HF_CALM_MG &&
			tilt2 < (TILT_CALM_DEG * DEG) ** 2 &&
			speed2 < (SPEED_CALM_DEG_S * DEG) ** 2;
		if (!calm) {
			this.calmSince = -1;
			return;
		}
		if (this.calmSince < 0) this.calmSince = t;
		if (this.motion && t - this.calmSince >= CALM_SECONDS) {
			this.motion = false;
			this.stillSince = t;
			// Re-centre the slow estimate on the new posture and freeze the anchor here.
			this.sX.reset(this.anchorX);
			this.sY.reset(this.anchorY);
			this.sZ.reset(this.anchorZ);
		}
		if (!this.motion && this.quality !== 'ok' && t - this.startT >= SETTLE_SECONDS) {
			this.setQuality('ok', QUALITY_OK, this.lastT);
		}
	}

	private referenceAxisInto(): void {
		// Fixed sensor reference made perpendicular to the slow gravity; fall back to x then y.
		const cands = [this.refAxis, [1, 0, 0], [0, 1, 0]];
		for (const r of cands) {
			const p = r[0] * this.gsX + r[1] * this.gsY + r[2] * this.gsZ;
			const x = r[0] - p * this.gsX;
			const y = r[1] - p * this.gsY;
			const z = r[2] - p * this.gsZ;
			const n = Math.hypot(x, y, z);
			if (n > 0.5 * Math.hypot(r[0], r[1], r[2])) {
				this.vX = x / n;
				this.vY = y / n;
				this.vZ = z / n;
				return;
			}
		}
	}

	/**
	 * Sign for a new axis with no usable previous one: positive along the configured sensor reference
	 * (made perpendicular to gravity) when the axis has a clear component along it, else positive
	 * along the sensor axis where its largest component lies. Deterministic for a given geometry.
	 */
	private referenceSign(x: number, y: number, z: number): number {
		const r = this.refAxis;
		const rn = Math.hypot(r[0], r[1], r[2]) || 1;
		const p = (r[0] * this.gsX + r[1] * this.gsY + r[2] * this.gsZ) / rn;
		const px = r[0] / rn - p * this.gsX;
		const py = r[1] / rn - p * this.gsY;
		const pz = r[2] / rn - p * this.gsZ;
		const q = x * px + y * py + z * pz;
		if (Math.abs(q) > 0.3) return q < 0 ? -1 : 1;
		const ax = Math.abs(x);
		const ay = Math.abs(y);
		const az = Math.abs(z);
		const m = ax >= ay && ax >= az ? x : ay >= az ? y : z;
		return m < 0 ? -1 : 1;
	}

	private refreshAxis(sx: number, sy: number, sz: number): void {
		const sn = Math.sqrt(sx * sx + sy * sy + sz * sz) || 1;
		this.gsX = sx / sn;
		this.gsY = sy / sn;
		this.gsZ = sz / sn;
		const trace = this.cxx + this.cyy + this.czz;
		if (!(trace > 1e-6)) return;
		let x = this.vX;
		let y = this.vY;
		let z = this.vZ;
		if (!this.hasAxis) {
			// Start from the largest diagonal direction so a start at a null vector cannot stall.
			x = this.cxx;
			y = this.cyy;
			z = this.czz;
		}
		for (let it = 0; it < POWER_ITERATIONS; it++) {
			let nx = this.cxx * x + this.cxy * y + this.cxz * z;
			let ny = this.cxy * x + this.cyy * y + this.cyz * z;
			let nz = this.cxz * x + this.cyz * y + this.czz * z;
			const p = nx * this.gsX + ny * this.gsY + nz * this.gsZ;
			nx -= p * this.gsX;
			ny -= p * this.gsY;
			nz -= p * this.gsZ;
			const n = Math.sqrt(nx * nx + ny * ny + nz * nz);
			if (!(n > 0)) return;
			x = nx / n;
			y = ny / n;
			z = nz / n;
		}
		// Sign: continuous with the previous axis; the fixed sensor reference when the axis jumped.
		const c = x * this.vX + y * this.vY + z * this.vZ;
		let s: number;
		if (this.hasAxis && Math.abs(c) >= 0.5) s = c < 0 ? -1 : 1;
		else s = this.referenceSign(x, y, z);
		this.vX = s * x;
		this.vY = s * y;
		this.vZ = s * z;
		this.hasAxis = true;
	}

	// ------------------------------------------------------------------ posture and stretch

	private posture(t: number, ux: number, uy: number, uz: number): void {
		const tc = t - this.gravityDelay;
		const still = !this.motion;
		if (!this.hasNeutral) {
			if (still && t - this.startT >= SETTLE_SECONDS && t - this.stillSince >= NEUTRAL_STILL_SECONDS) {
				this.n0X = ux;
				this.n0Y = uy;
				this.n0Z = uz;
				this.hasNeutral = true;
			}
			return;
		}
		const cosA = ux * this.n0X + uy * this.n0Y + uz * this.n0Z;
		if (!this.inHold) {
			if (cosA < COS_ENTER) {
				if (this.enterCand < 0) this.enterCand = tc;
				if (tc - this.enterCand >= CONFIRM_SECONDS) this.openHold(this.enterCand, ux, uy, uz);
			} else {
				this.enterCand = -1;
				if (still && cosA > COS_RELEARN && t - this.stillSince >= RELEARN_STILL_SECONDS) {
					const k = this.kRelearn;
					const x = this.n0X + k * (ux - this.n0X);
					const y = this.n0Y + k * (uy - this.n0Y);
					const z = this.n0Z + k * (uz - this.n0Z);
					const n = Math.sqrt(x * x + y * y + z * z);
					this.n0X = x / n;
					this.n0Y = y / n;
					this.n0Z = z / n;
				}
			}
			return;
		}
		if (cosA < this.holdMinCos) this.holdMinCos = cosA;
		// Leaving the hold: below the exit angle for CONFIRM_SECONDS.
		if (cosA > COS_EXIT) {
			if (this.exitCand < 0) this.exitCand = tc;
			if (tc - this.exitCand >= CONFIRM_SECONDS) {
				const end = this.exitCand;
				this.closeHold(end, this.lastT);
				this.restOpen = true;
				this.restStart = end;
				this.emit({ type: 'stretch-rest-start', t: end, at: this.lastT });
			}
			return;
		}
		this.exitCand = -1;
		// A second bend without returning to neutral: the posture leaves the hold's own posture.
		const cosH = ux * this.holdRefX + uy * this.holdRefY + uz * this.holdRefZ;
		if (cosH < COS_SPLIT) {
			if (this.splitCand < 0) this.splitCand = tc;
			if (still && t - this.stillSince >= CONFIRM_SECONDS && cosA < COS_ENTER) {
				// Settled in a new bent posture: close the first hold, report the (skipped) rest.
				const end = this.splitCand;
				const next = Math.max(end, this.stillSince - CALM_SECONDS - this.gravityDelay);
				this.closeHold(end, this.lastT);
				this.emit({ type: 'stretch-rest-start', t: end, at: this.lastT });
				this.restOpen = true;
				this.restStart = end;
				this.openHold(next, ux, uy, uz);
			}
		} else {
			this.splitCand = -1;
			if (still) {
				const k = this.kHoldRef;
				const x = this.holdRefX + k * (ux - this.holdRefX);
				const y = this.holdRefY + k * (uy - this.holdRefY);
				const z = this.holdRefZ + k * (uz - this.holdRefZ);
				const n = Math.sqrt(x * x + y * y + z * z);
				this.holdRefX = x / n;
				this.holdRefY = y / n;
				this.holdRefZ = z / n;
			}
		}
	}

	private openHold(start: number, ux: number, uy: number, uz: number): void {
		if (this.restOpen) {
			const dur = start - this.restStart;
			this.emit({
				type: 'stretch-rest',
				rest: { start: this.restStart, end: start, ok: dur >= SHORT_FRACTION * this.stretch.restSeconds },
				at: this.lastT
			});
			this.restOpen = false;
		}
		this.inHold = true;
		this.holdStart = start;
		this.holdMinCos = ux * this.n0X + uy * this.n0Y + uz * this.n0Z;
		this.holdIssues = [];
		this.holdRefX = ux;
		this.holdRefY = uy;
		this.holdRefZ = uz;
		this.enterCand = this.exitCand = this.splitCand = -1;
		this.emit({ type: 'stretch-hold-start', t: start, at: this.lastT });
	}

	private closeHold(end: number, at: number): void {
		this.inHold = false;
		const issues = this.holdIssues;
		if (end - this.holdStart < SHORT_FRACTION * this.stretch.holdSeconds) issues.unshift('hold-too-short');
		const angle = Math.acos(Math.max(-1, Math.min(1, this.holdMinCos))) / DEG;
		this.emit({
			type: 'stretch-hold',
			hold: { start: this.holdStart, end, ok: issues.length === 0, issues, angle },
			at
		});
		this.holdIssues = [];
		this.enterCand = this.exitCand = this.splitCand = -1;
	}
}
