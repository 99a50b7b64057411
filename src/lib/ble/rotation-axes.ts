/**
 * Which device axis each `rotationRate` field turns about. The current W3C text and Chromium
 * (verified) give alpha, beta, gamma about x, y, z; the older text, still followed by WebKit's
 * source, about z, x, y. A wrong guess would turn the tilt estimate about the wrong axis, so
 * rather than trust the browser's names, this watches which reading explains how gravity is
 * actually turning (seen by the accelerometer, smoothed), and the phone adapter uses that one.
 * Pure and allocation-free per sample.
 */
export type AxisOrder =
	/** alpha about x, beta about y, gamma about z (current specification, Chromium). */
	| 'xyz'
	/** alpha about z, beta about x, gamma about y (older specification, WebKit). */
	| 'zxy';

/** Smoothing of the accelerometer's direction before it is compared (s). */
const SMOOTH_S = 0.3;
/** Gravity's turning is compared over blocks this long (s). */
const BLOCK_S = 0.5;
/** Per block the evidence fades by this factor (≈ 2 min of memory). */
const FADE = 0.996;
/** Evidence needed before switching (rad²: half a minute of 1° breaths, a few of 3°, or a bump). */
const DECIDE = 2e-4;
/** The other order must explain gravity's turning this much better than the one in use. */
const MARGIN = 1.5;

export class RotationAxes {
	order: AxisOrder = 'xyz';
	/** The rotation rate in rad/s about x, y, z, after `update`. */
	wx = 0;
	wy = 0;
	wz = 0;
	// Smoothed gravity direction and its value at the start of the block.
	private mx = 0;
	private my = 0;
	private mz = 0;
	private bx = 0;
	private by = 0;
	private bz = 0;
	private blockS = 0;
	private started = false;
	// Predicted change of gravity's direction in this block, for 'xyz' (A) and 'zxy' (B).
	private ax = 0;
	private ay = 0;
	private az = 0;
	private cx = 0;
	private cy = 0;
	private cz = 0;
	private scoreXyz = 0;
	private scoreZxy = 0;

	/** Forget everything (a new placement). */
	reset(): void {
		this.started = false;
		this.scoreXyz = 0;
		this.scoreZxy = 0;
		this.order = 'xyz';
	}

	/**
	 * One reading: `dt` s since the last, the accelerometer's unit direction (nx, ny, nz), whether
	 * it is a jolt (then it says nothing about gravity), and the rotation rate fields in rad/s.
	 */
	update(
		dt: number,
		nx: number,
		ny: number,
		nz: number,
		jolt: boolean,
		alpha: number,
		beta: number,
		gamma: number
	): void {
		if (!this.started) {
			this.mx = this.bx = nx;
			this.my = this.by = ny;
			this.mz = this.bz = nz;
			this.blockS = 0;
			this.ax = this.ay = this.az = this.cx = this.cy = this.cz = 0;
			this.started = true;
		} else if (!jolt) {
			const k = Math.min(1, dt / SMOOTH_S);
			this.mx += k * (nx - this.mx);
			this.my += k * (ny - this.my);
			this.mz += k * (nz - this.mz);
		}
		const { mx, my, mz } = this;
		// du/dt = u × ω for each reading of the axes.
		this.ax += dt * (my * gamma - mz * beta);
		this.ay += dt * (mz * alpha - mx * gamma);
		this.az += dt * (mx * beta - my * alpha);
		// 'zxy': ω = (beta, gamma, alpha).
		this.cx += dt * (my * alpha - mz * gamma);
		this.cy += dt * (mz * beta - mx * alpha);
		this.cz += dt * (mx * gamma - my * beta);
		this.blockS += dt;
		if (this.blockS >= BLOCK_S) this.judge();
		if (this.order === 'xyz') {
			this.wx = alpha;
			this.wy = beta;
			this.wz = gamma;
		} else {
			this.wx = beta;
			this.wy = gamma;
			this.wz = alpha;
		}
	}

	private judge(): void {
		// The smoothing delays the measured change a little; over a block that hardly matters.
		const dx = this.mx - this.bx;
		const dy = this.my - this.by;
		const dz = this.mz - this.bz;
		this.scoreXyz = FADE * this.scoreXyz + (dx * this.ax + dy * this.ay + dz * this.az);
		this.scoreZxy = FADE * this.scoreZxy + (dx * this.cx + dy * this.cy + dz * this.cz);
		this.bx = this.mx;
		this.by = this.my;
		this.bz = this.mz;
		this.blockS = 0;
		this.ax = this.ay = this.az = this.cx = this.cy = this.cz = 0;
		const [mine, other] =
			this.order === 'xyz' ? [this.scoreXyz, this.scoreZxy] : [this.scoreZxy, this.scoreXyz];
		if (other > DECIDE && other > MARGIN * Math.max(0, mine))
			this.order = this.order === 'xyz' ? 'zxy' : 'xyz';
	}
}
