/**
 * The direction in which breathing tilts the chest accelerometer, for `ChestMotion` (chest.ts).
 *
 * Streaming PCA: the covariance (forgetting time 30 s) of the breathing low-pass minus a slow
 * (0.02 Hz) estimate, projected on the plane perpendicular to the slow gravity direction (tilt
 * moves the reading across gravity, not along it). The axis is refreshed once a second by a few
 * power iterations from the previous axis, which is close: one refresh costs little and the axis
 * cannot flip to a near-tied direction. Its sign stays continuous with the previous axis, so the
 * breathing signal does not turn upside down; with no usable previous axis it comes from a fixed
 * sensor direction.
 *
 * A bend is only flagged as motion about a second after it began, when it has already gone into
 * the covariance; snapshots taken at the last refreshes let the tracker go back to before it.
 *
 * Per-block inputs (`dX`…, `slowX`…) are written into fields by the caller rather than passed:
 * a double handed to a call V8 does not inline is boxed in a fresh heap number where it is
 * computed, on every block; fields are written in place.
 */

const PCA_TAU_SECONDS = 30;
const POWER_ITERATIONS = 3;
/** Covariance snapshots kept, one per refresh: rolled back to this far when motion is flagged. */
const SNAPSHOTS = 3;

export class BreathingAxis {
	/** The breathing axis (unit vector, sensor frame); the reference direction until one is known. */
	x = 0;
	y = 0;
	z = 0;

	/** Input of `accumulate()`: breathing low-pass minus the slow estimate, this block. */
	dX = 0;
	dY = 0;
	dZ = 0;
	/** Input of `refresh()`: the slow (0.02 Hz) estimate, whose direction is gravity's. */
	slowX = 0;
	slowY = 0;
	slowZ = 0;

	private kPca = 0;
	private hasAxis = false;
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
	// covariance and axis at the last SNAPSHOTS refreshes while still (ring of 9 numbers each)
	private readonly snaps = new Float64Array(SNAPSHOTS * 9);
	private snapHead = 0;
	private snapN = 0;

	/**
	 * @param refAxis Sensor direction that fixes the sign when there is no previous axis (see
	 * `ChestMotionOptions.referenceAxis`).
	 */
	constructor(private readonly refAxis: [number, number, number]) {}

	/** The block rate `fs` (Hz) sets the covariance's forgetting factor. */
	configure(fs: number): void {
		const dt = 1 / fs;
		this.kPca = 1 - Math.exp(-dt / PCA_TAU_SECONDS);
	}

	/** A new segment starts with the sensor reading `a`: no covariance, the reference axis. */
	reset(ax: number, ay: number, az: number): void {
		const n = Math.hypot(ax, ay, az) || 1;
		this.gsX = ax / n;
		this.gsY = ay / n;
		this.gsZ = az / n;
		this.cxx = this.cxy = this.cxz = this.cyy = this.cyz = this.czz = 0;
		this.hasAxis = false;
		this.snapN = 0;
		this.referenceAxisInto();
	}

	/** Adds this block's `dX`, `dY`, `dZ` (made perpendicular to gravity) to the covariance. */
	accumulate(): void {
		let dx = this.dX;
		let dy = this.dY;
		let dz = this.dZ;
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
	}

	/**
	 * Motion is only flagged about a second after a bend begins, and that second has already gone
	 * into the covariance: tens of mg along the bend against a few mg of breathing. Go back to the
	 * covariance and axis kept at the refresh SNAPSHOTS seconds ago, before the move began.
	 */
	rollBack(): void {
		if (this.snapN < SNAPSHOTS) return;
		const k = (this.snapHead % SNAPSHOTS) * 9;
		const b = this.snaps;
		this.cxx = b[k];
		this.cxy = b[k + 1];
		this.cxz = b[k + 2];
		this.cyy = b[k + 3];
		this.cyz = b[k + 4];
		this.czz = b[k + 5];
		this.x = b[k + 6];
		this.y = b[k + 7];
		this.z = b[k + 8];
		this.snapN = 0;
	}

	/** Keeps the covariance and axis of the last SNAPSHOTS refreshes (oldest at `snapHead`). */
	snapshot(): void {
		const k = (this.snapHead % SNAPSHOTS) * 9;
		const b = this.snaps;
		b[k] = this.cxx;
		b[k + 1] = this.cxy;
		b[k + 2] = this.cxz;
		b[k + 3] = this.cyy;
		b[k + 4] = this.cyz;
		b[k + 5] = this.czz;
		b[k + 6] = this.x;
		b[k + 7] = this.y;
		b[k + 8] = this.z;
		this.snapHead = (this.snapHead + 1) % SNAPSHOTS;
		if (this.snapN < SNAPSHOTS) this.snapN++;
	}

	/** Gravity from `slowX`…, then the axis from the covariance (unchanged while it is empty). */
	refresh(): void {
		const sx = this.slowX;
		const sy = this.slowY;
		const sz = this.slowZ;
		const sn = Math.sqrt(sx * sx + sy * sy + sz * sz) || 1;
		this.gsX = sx / sn;
		this.gsY = sy / sn;
		this.gsZ = sz / sn;
		const trace = this.cxx + this.cyy + this.czz;
		if (!(trace > 1e-6)) return;
		let x = this.x;
		let y = this.y;
		let z = this.z;
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
		const c = x * this.x + y * this.y + z * this.z;
		let s: number;
		if (this.hasAxis && Math.abs(c) >= 0.5) s = c < 0 ? -1 : 1;
		else s = this.referenceSign(x, y, z);
		this.x = s * x;
		this.y = s * y;
		this.z = s * z;
		this.hasAxis = true;
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
				this.x = x / n;
				this.y = y / n;
				this.z = z / n;
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
}
