/**
 * Is the wearer moving? The thresholds of `ChestMotion` (chest.ts), measured against how much
 * breathing alone moves the sensor.
 *
 * Three measures, each compared with a fixed value plus a share of the breathing's own variance:
 * - jerks: energy above 1.5 Hz (time constant 0.5 s), mg²;
 * - tilt: angle² between the 0.6 Hz low-pass and the 0.1 Hz gravity, rad²;
 * - speed: angular speed² of the 0.1 Hz gravity, (rad/s)².
 * Motion is entered when any measure passes its "motion" value and left (by the caller, after a
 * calm spell) when all are under their "calm" values. Once the breathing's own speed is known, the
 * end of a move is told by the 0.6 Hz low-pass coming to rest (its speed, less breathing's), not by
 * the 0.1 Hz gravity settling on the new posture, which takes ≈ 6 s after a 35° bend.
 *
 * Breathing itself tilts the sensor: a strap by 2 mg, a phone lying on the chest by 100 mg (6°).
 * For a breath of variance σ² (amplitude √2·σ): tilt of the 0.6 Hz low-pass from the 0.1 Hz
 * gravity ≤ 1.2·amplitude → ≤ 2.9σ²; angular speed of the 0.1 Hz gravity ≤ 0.47·amplitude/s →
 * ≤ 0.44σ²; what a 1.5 Hz high-pass leaves of a 40/min breath ≤ 0.2·amplitude. So no breath of
 * any size passes for motion, and nothing is tuned to one sensor.
 */

const HF_MOTION_MG = 80;
const HF_CALM_MG = 50;
const HF_TAU_SECONDS = 0.5;
const TILT_MOTION_DEG = 5;
const TILT_CALM_DEG = 3;
const SPEED_MOTION_DEG_S = 2;
const SPEED_CALM_DEG_S = 1.2;
const TILT_BREATH_VARIANCES = 6;
const SPEED_BREATH_VARIANCES = 1;
const HF_BREATH_VARIANCES = 1;
/** A sine's speed² peaks at twice its mean square; the paced waveform and noise go above that. */
const LP_SPEED_BREATH_VARIANCES = 4;
/**
 * The breathing variance: per-second mean squares averaged over this many seconds (plain mean over
 * the first ones), each clipped at 4× the estimate so a move of a few seconds barely shifts it.
 */
const BREATH_SCALE_SECONDS = 30;
const BREATH_SCALE_WARMUP = 10;

const DEG = Math.PI / 180;

/** What `MotionGate.classify` says of a block. */
export const enum Movement {
	Moving,
	Between,
	Calm
}

export class MotionGate {
	private kHf = 0;
	private hfEnergy = 0;
	private breathSum2 = 0;
	private breathCount = 0;
	private breathSecondsSeen = 0;
	/** Typical variance of the breathing tilt (mg²): how far breathing alone moves the sensor. */
	private breathVar = 0;
	private lpSpeedSum2 = 0;
	private lpSpeedCount = 0;
	/** Mean square angular speed of the 0.6 Hz low-pass while still, (rad/s)². */
	private lpSpeedVar = 0;
	private lpSpeedSeconds = 0;

	/**
	 * The breathing's own speed is known (seconds of it measured while still): until then the end
	 * of a move is told by the gravity estimate settling, as before anything is known of breathing.
	 */
	get knowsBreathingSpeed(): boolean {
		return this.lpSpeedSeconds >= BREATH_SCALE_WARMUP;
	}

	/** The block rate `fs` (Hz) sets the jerk energy's time constant. */
	configure(fs: number): void {
		this.kHf = 1 - Math.exp(-1 / (fs * HF_TAU_SECONDS));
	}

	/** A new segment (start, gap): the jerk energy and this second's sums start again. */
	restart(): void {
		this.hfEnergy = 0;
		this.breathSum2 = 0;
		this.breathCount = 0;
		this.lpSpeedSum2 = 0;
		this.lpSpeedCount = 0;
	}

	/** This block's high-passed reading (mg). */
	jerk(hx: number, hy: number, hz: number): void {
		this.hfEnergy += this.kHf * (hx * hx + hy * hy + hz * hz - this.hfEnergy);
	}

	/**
	 * This block's angular speed² of the 0.6 Hz low-pass ((rad/s)²), while still: what breathing
	 * alone gives, for telling the end of a move (see `classify`).
	 */
	lowPassSpeed(s2: number): void {
		this.lpSpeedSum2 += s2;
		this.lpSpeedCount++;
	}

	/** This block's breathing-band deviation across gravity, squared (mg²). */
	breathing(d2: number): void {
		this.breathSum2 += d2;
		this.breathCount++;
	}

	/** A second has passed: its mean square goes into the breathing variance. */
	second(): void {
		const m2 = this.breathSum2 / Math.max(1, this.breathCount);
		this.breathSum2 = 0;
		this.breathCount = 0;
		const n = ++this.breathSecondsSeen;
		if (n <= BREATH_SCALE_WARMUP) this.breathVar += (m2 - this.breathVar) / n;
		else this.breathVar += (Math.min(m2, 4 * this.breathVar) - this.breathVar) / BREATH_SCALE_SECONDS;
		if (this.lpSpeedCount > 0) {
			const s2 = this.lpSpeedSum2 / this.lpSpeedCount;
			this.lpSpeedSum2 = 0;
			this.lpSpeedCount = 0;
			const k = ++this.lpSpeedSeconds;
			if (k <= BREATH_SCALE_WARMUP) this.lpSpeedVar += (s2 - this.lpSpeedVar) / k;
			else this.lpSpeedVar += (Math.min(s2, 4 * this.lpSpeedVar) - this.lpSpeedVar) / BREATH_SCALE_SECONDS;
		}
	}

	/**
	 * Moving, calm, or in between, from the tilt² (rad²) and speed² ((rad/s)²) of this block.
	 * With `lowPassSpeed` (the end of a move is being watched) the speed is the 0.6 Hz low-pass's
	 * own, less what breathing alone gives it (see LP_SPEED_BREATH_VARIANCES).
	 */
	classify(tilt2: number, speed2: number, lowPassSpeed = false): Movement {
		// Measures less what breathing alone would give (tilt in rad ≈ mg / 1000).
		const b2 = this.breathVar;
		const hf2 = this.hfEnergy - HF_BREATH_VARIANCES * b2;
		const t2 = tilt2 - TILT_BREATH_VARIANCES * b2 * 1e-6;
		const s2 =
			speed2 -
			(lowPassSpeed ? LP_SPEED_BREATH_VARIANCES * this.lpSpeedVar : SPEED_BREATH_VARIANCES * b2 * 1e-6);
		if (
			hf2 > HF_MOTION_MG * HF_MOTION_MG ||
			t2 > (TILT_MOTION_DEG * DEG) ** 2 ||
			s2 > (SPEED_MOTION_DEG_S * DEG) ** 2
		) {
			return Movement.Moving;
		}
		const calm =
			hf2 < HF_CALM_MG * HF_CALM_MG && t2 < (TILT_CALM_DEG * DEG) ** 2 && s2 < (SPEED_CALM_DEG_S * DEG) ** 2;
		return calm ? Movement.Calm : Movement.Between;
	}
}
