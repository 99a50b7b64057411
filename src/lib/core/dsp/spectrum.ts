/**
 * Power spectrum of a short, evenly sampled series on a dense frequency grid (no FFT: the grid is
 * finer than 1/window and only a band is wanted). The series is detrended (least-squares line) and
 * Hann-windowed, then |Σ x e^(−jωm)|² is evaluated per bin.
 *
 * Half the work of the plain sum: the power does not depend on where time zero is, so it is
 * measured from the window's centre. Mirrored samples i and n−1−i sit at ±m and see cos ωm and
 * ±sin ωm, so the power is (Σ (x₊ + x₋) cos ωm)² + (Σ (x₊ − x₋) sin ωm)² over the half window.
 * cos ωm and sin ωm come from a complex rotation by ω per step (no trig per sample), starting at
 * m = ½ (n even) or 1 (n odd, whose middle sample sits at m = 0).
 *
 * All buffers are allocated once; `compute()` allocates nothing.
 */
export class BandSpectrum {
	/** Power per bin after the latest `compute()`; bin k is at `fLo + k · fStep` Hz. */
	readonly power: Float64Array;
	readonly bins: number;
	private readonly cos: Float64Array;
	private readonly sin: Float64Array;
	private readonly cosHalf: Float64Array;
	private readonly sinHalf: Float64Array;
	private readonly x: Float64Array;
	private readonly foldSum: Float64Array;
	private readonly foldDiff: Float64Array;
	private readonly hann: Float64Array;
	private hannN = 0;

	constructor(
		readonly rateHz: number,
		readonly fLo: number,
		fHi: number,
		readonly fStep: number,
		/** Longest series `compute()` takes. */
		readonly maxLength: number
	) {
		this.bins = Math.floor((fHi - fLo) / fStep) + 1;
		this.power = new Float64Array(this.bins);
		this.cos = new Float64Array(this.bins);
		this.sin = new Float64Array(this.bins);
		this.cosHalf = new Float64Array(this.bins);
		this.sinHalf = new Float64Array(this.bins);
		for (let k = 0; k < this.bins; k++) {
			const w = (2 * Math.PI * (fLo + k * fStep)) / rateHz;
			this.cos[k] = Math.cos(w);
			this.sin[k] = Math.sin(w);
			this.cosHalf[k] = Math.cos(w / 2);
			this.sinHalf[k] = Math.sin(w / 2);
		}
		this.x = new Float64Array(maxLength);
		this.foldSum = new Float64Array(maxLength >> 1);
		this.foldDiff = new Float64Array(maxLength >> 1);
		this.hann = new Float64Array(maxLength);
	}

	/** Frequency of bin `k` (fractional bins allowed), Hz. */
	frequency(k: number): number {
		return this.fLo + k * this.fStep;
	}

	/**
	 * The spectrum of the last `n` (≤ maxLength) values of a ring `ring` whose next write slot is
	 * `next` (oldest first), into `power`.
	 */
	compute(ring: Float64Array, next: number, n: number): void {
		const size = ring.length;
		const x = this.x;
		let sx = 0;
		let sy = 0;
		let sxx = 0;
		let sxy = 0;
		for (let i = 0; i < n; i++) {
			const v = ring[(next - n + i + size) % size];
			x[i] = v;
			sx += i;
			sy += v;
			sxx += i * i;
			sxy += i * v;
		}
		const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
		const icpt = (sy - slope * sx) / n;
		const hann = this.hann;
		if (this.hannN !== n) {
			this.hannN = n;
			for (let i = 0; i < n; i++) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
		}
		for (let i = 0; i < n; i++) x[i] = (x[i] - icpt - slope * i) * hann[i];
		const h = n >> 1;
		const odd = n & 1;
		const sum = this.foldSum;
		const diff = this.foldDiff;
		for (let j = 0; j < h; j++) {
			const a = x[h + odd + j];
			const b = x[h - 1 - j];
			sum[j] = a + b;
			diff[j] = a - b;
		}
		const middle = odd ? x[h] : 0;
		const p = this.power;
		for (let k = 0; k < this.bins; k++) {
			const c = this.cos[k];
			const s = this.sin[k];
			let zr = odd ? c : this.cosHalf[k];
			let zi = odd ? s : this.sinHalf[k];
			let re = middle;
			let im = 0;
			for (let j = 0; j < h; j++) {
				re += sum[j] * zr;
				im += diff[j] * zi;
				const nr = zr * c - zi * s;
				zi = zr * s + zi * c;
				zr = nr;
			}
			p[k] = re * re + im * im;
		}
	}
}
