import { LevelRing, RING, WRAP } from './level-ring';

/**
 * The least-squares fit behind `EdgeRefiner` (edges.ts) on the breathing level kept in a ring
 * (`LevelRing`, level-ring.ts): the samples of one fit window in prefix sums of τᵏ and τᵏ·x, and
 * the score of turns at given times, each in O(1) (the model is described in edges.ts). Where to
 * look is the refiner's business.
 */

export class TurnFit extends LevelRing {
	// Prefix sums over the fit window (see STRIDE), and the small system of one fit, reused.
	protected readonly p = new Float64Array((RING + 1) * STRIDE);
	/**
	 * What the first and the second turn contribute where they stand (see `side`); a move is
	 * tried in `spare` and kept by swapping it in (`tryTurn`, `keep`), so a turn that stays is
	 * never worked out again.
	 */
	private left = new Float64Array(Side.Length);
	private right = new Float64Array(Side.Length);
	private spare = new Float64Array(Side.Length);
	/** Both turns at one time (`score`). */
	private readonly singleLeft = new Float64Array(Side.Length);
	private readonly singleRight = new Float64Array(Side.Length);
	protected readonly tau = new Float64Array(RING);
	protected readonly wx = new Float64Array(RING);
	/** Samples in the window, and 1/n (the fits multiply by it: divisions are slow). */
	protected n = 0;
	protected invN = 0;
	protected t0 = 0;
	/** Σx and Σx² over the window. */
	protected sx = 0;
	private sxx = 0;
	/** The window's highest and lowest level. */
	protected xMax = 0;
	protected xMin = 0;
	/** Where `below` last answered, for the first and for the second turn. */
	protected cursor = 0;
	protected cursor2 = 0;
	/**
	 * Where each turn's flank is steepest (absolute time; NaN when not known). When known, the
	 * turn's cubic is tied to its quadratic so that the curve straightens there (d''(δᵢ) = 0):
	 * one shape parameter a turn instead of two. Where the level moves by less than its noise
	 * near a slow turn, a free cubic trades its bend against the turn's time; tied to the flank,
	 * whose steep part the noise hardly moves, the turn is placed from more of the signal.
	 */
	protected steepFirst = NaN;
	protected steepSecond = NaN;
	/** True: turns may be tied (a fit on a source that reports its noise); false: never looked at. */
	protected tying = false;
	/** True: both turns are fitted free, whatever is known of their flanks. */
	protected untied = false;

	/** How many of the two turns, where they stand now, are tied to their flanks (see `side`). */
	protected get tiedTurns(): number {
		return this.tying ? this.left[Side.Tied] + this.right[Side.Tied] : 0;
	}

	/** Residual variance per sample of a fit whose score (see `sse`) is `score`. */
	protected residual(score: number): number {
		const n = this.n;
		const sx = this.sx;
		const total = this.sxx - (sx * sx) / n;
		return Math.max(1e-12, total + score) / Math.max(1, n - 6);
	}

	/** Loads the samples in [from, to] into prefix sums; false when the ring no longer holds `from`. */
	protected window(from: number, to: number): boolean {
		const oldest = (this.next - this.count) & WRAP;
		if (this.count === 0 || this.t[oldest] > from) return false;
		let n = 0;
		const p = this.p;
		for (let j = 0; j < STRIDE; j++) p[j] = 0;
		this.t0 = from;
		// The ring's times increase: the first sample at or after `from`.
		const lo = this.firstAtOrAfter(from);
		// Running sums kept in locals (no store-to-load chain through `p`): τ¹…τ⁶, x·τ⁰…x·τ³; Σx².
		let c1 = 0;
		let c2 = 0;
		let c3 = 0;
		let c4 = 0;
		let c5 = 0;
		let c6 = 0;
		let d0 = 0;
		let d1 = 0;
		let d2 = 0;
		let d3 = 0;
		let e = 0;
		let xMax = -Infinity;
		let xMin = Infinity;
		const ts = this.t;
		const xs = this.x;
		const taus = this.tau;
		const wx = this.wx;
		const count = this.count;
		for (let k = lo, i = (oldest + lo) & WRAP; k < count; k++, i = (i + 1) & WRAP) {
			const t = ts[i];
			if (t > to) break;
			const tau = t - from;
			const x = xs[i];
			taus[n] = tau;
			wx[n] = x;
			if (x > xMax) xMax = x;
			if (x < xMin) xMin = x;
			const t2 = tau * tau;
			const t3 = t2 * tau;
			const q = (n + 1) * STRIDE;
			p[q] = c1 += tau;
			p[q + 1] = c2 += t2;
			p[q + 2] = c3 += t3;
			const t4 = t3 * tau;
			const t5 = t4 * tau;
			p[q + 3] = c4 += t4;
			p[q + 4] = c5 += t5;
			p[q + 5] = c6 += t5 * tau;
			p[q + 6] = d0 += x;
			p[q + 7] = d1 += tau * x;
			p[q + 8] = d2 += t2 * x;
			p[q + 9] = d3 += t3 * x;
			e += x * x;
			n++;
		}
		this.n = n;
		this.invN = 1 / n;
		this.xMax = xMax;
		this.xMin = xMin;
		this.sx = d0;
		this.sxx = e;
		this.cursor = 0;
		this.cursor2 = n;
		return true;
	}

	/**
	 * Number of window samples with τ < u, walked from where the last answer for the same turn
	 * left off (the searches step by little; the first and the second turn keep a cursor each).
	 */
	protected below(u: number, first: boolean): number {
		const tau = this.tau;
		const n = this.n;
		let k = first ? this.cursor : this.cursor2;
		if (k > n) k = n;
		while (k > 0 && !(tau[k - 1] < u)) k--;
		while (k < n && tau[k] < u) k++;
		if (first) this.cursor = k;
		else this.cursor2 = k;
		return k;
	}

	/** Places the first (or the second) turn at `w` (relative time). */
	protected place(w: number, first: boolean): void {
		this.side(w, first, first ? this.left : this.right);
	}

	/** The score with the first (or the second) turn moved to `w`, the other where it stands. */
	protected tryTurn(w: number, first: boolean, sign: 1 | -1): number {
		const s = this.spare;
		this.side(w, first, s);
		return first ? this.pair(s, this.right, sign) : this.pair(this.left, s, sign);
	}

	/** Keeps the move `tryTurn` last tried. */
	protected keep(first: boolean): void {
		const s = this.spare;
		if (first) {
			this.spare = this.left;
			this.left = s;
		} else {
			this.spare = this.right;
			this.right = s;
		}
	}

	/** The fit's score with turns at u and v (relative times), see `pair`; the turns stay where they stand. */
	protected score(u: number, v: number, sign: 1 | -1): number {
		this.side(u, true, this.singleLeft);
		this.side(v, false, this.singleRight);
		return this.pair(this.singleLeft, this.singleRight, sign);
	}

	/**
	 * What one turn contributes to the fit, into `out` (see `Side`). Its sums, with f = δ², g = δ³
	 * and δ the distance from the turn at `w` (samples before it for the first turn, after it for
	 * the second), come from the prefix sums: Σ δᵐ = Σⱼ C(m, j) (∓w)^(m−j) (±1)ʲ Σ τʲ. Then the
	 * turn's own 2×2 block of the normal equations is solved here, once per position, so a pair
	 * of turns costs only the coupling through the constant (see `pair`).
	 */
	private side(w: number, first: boolean, out: Float64Array): void {
		const p = this.p;
		const k = this.below(w, first);
		const n = this.n;
		const a = first ? 0 : k * STRIDE;
		const b = first ? k * STRIDE : n * STRIDE;
		const count = first ? k : n - k;
		let s1 = p[b] - p[a];
		let s2 = p[b + 1] - p[a + 1];
		let s3 = p[b + 2] - p[a + 2];
		let s4 = p[b + 3] - p[a + 3];
		let s5 = p[b + 4] - p[a + 4];
		let s6 = p[b + 5] - p[a + 5];
		const r0 = p[b + 6] - p[a + 6];
		let r1 = p[b + 7] - p[a + 7];
		let r2 = p[b + 8] - p[a + 8];
		let r3 = p[b + 9] - p[a + 9];
		// Sums of (τ − w)ᵐ from sums of τʲ: the binomial shift done as a Taylor shift, each pass
		// taking w·(the power below) off every power above it (21 multiply-adds, no binomials).
		s6 -= w * s5;
		s5 -= w * s4;
		s4 -= w * s3;
		s3 -= w * s2;
		s2 -= w * s1;
		s1 -= w * count;
		s6 -= w * s5;
		s5 -= w * s4;
		s4 -= w * s3;
		s3 -= w * s2;
		s2 -= w * s1;
		s6 -= w * s5;
		s5 -= w * s4;
		s4 -= w * s3;
		s3 -= w * s2;
		s6 -= w * s5;
		s5 -= w * s4;
		s4 -= w * s3;
		s6 -= w * s5;
		s5 -= w * s4;
		s6 -= w * s5;
		r3 -= w * r2;
		r2 -= w * r1;
		r1 -= w * r0;
		r3 -= w * r2;
		r2 -= w * r1;
		r3 -= w * r2;
		// δ = s·(τ − w) with s = −1 before the turn, +1 after it: odd powers take its sign.
		const sg = first ? -1 : 1;
		const m2 = s2;
		const m3 = sg * s3;
		const x2 = r2;
		const x3 = sg * r3;
		const m4 = s4;
		const m5 = sg * s5;
		const m6 = s6;
		out[Side.Reach] = first ? w - this.tau[0] : this.tau[n - 1] - w;
		// The block [[Σf², Σf·g], [Σf·g, Σg²]] against y = (Σf·x, Σg·x) less the constant's share,
		// and against h = (Σf, Σg): z = D⁻¹y, w = D⁻¹h (see `pair`).
		// (Divisions by n and d are multiplications by their reciprocals: one division, not six.)
		const mean = this.sx * this.invN;
		const y0 = x2 - m2 * mean;
		const y1 = x3 - m3 * mean;
		if (this.tying) {
			const at = w + this.t0;
			const steep = first ? at - this.steepFirst : this.steepSecond - at;
			out[Side.Tied] = steep > MIN_STEEP_SECONDS && !this.untied ? 1 : 0;
			if (out[Side.Tied] === 1) {
				// Tied: one column f + κg, κ = −1/(3δᵢ). Left in the two-column layout with the cubic's
				// entries κ times the quadratic's, so `pair` reads both kinds of turn alike.
				const kappa = -1 / (3 * steep);
				const h = m2 + kappa * m3;
				const y = y0 + kappa * y1;
				const dd = m4 + kappa * (2 * m5 + kappa * m6);
				out[Side.Valid] = count >= 3 && dd > 1e-18 ? 1 : 0;
				const z = y / dd;
				const v = h / dd;
				out[Side.Y0] = y;
				out[Side.Y1] = 0;
				out[Side.Z0] = z;
				out[Side.Z1] = kappa * z;
				out[Side.W0] = v;
				out[Side.W1] = kappa * v;
				out[Side.HW0] = h * v;
				out[Side.HW1] = 0;
				out[Side.HZ0] = h * z;
				out[Side.HZ1] = 0;
				return;
			}
		}
		const d = m4 * m6 - m5 * m5;
		out[Side.Valid] = count >= 3 && d > 1e-18 ? 1 : 0;
		const id = 1 / d;
		const z0 = (m6 * y0 - m5 * y1) * id;
		const z1 = (m4 * y1 - m5 * y0) * id;
		const w0 = (m6 * m2 - m5 * m3) * id;
		const w1 = (m4 * m3 - m5 * m2) * id;
		out[Side.Y0] = y0;
		out[Side.Y1] = y1;
		out[Side.Z0] = z0;
		out[Side.Z1] = z1;
		out[Side.W0] = w0;
		out[Side.W1] = w1;
		out[Side.HW0] = m2 * w0;
		out[Side.HW1] = m3 * w1;
		out[Side.HZ0] = m2 * z0;
		out[Side.HZ1] = m3 * z1;
	}

	/**
	 * Minus the sum of squares the fit with the turns in `L` and `R` explains (smaller is
	 * better). Each turn bends as d(δ) = a·δ² + b·δ³; the cubic term lets a flank straighten away
	 * from its turn. Infinity when a turn bends the wrong way or the system is singular.
	 */
	private pair(L: Float64Array, R: Float64Array, sign: 1 | -1): number {
		if (L[Side.Valid] === 0 || R[Side.Valid] === 0) return Infinity;
		const invN = this.invN;
		// The system (D − h hᵀ/n) β = y: D is block-diagonal (one 2×2 block per turn, solved in
		// \`side\`) and the constant's elimination adds a rank-one term, so Sherman–Morrison solves
		// it in closed form: β = z + w·(hᵀz/n) / (1 − hᵀw/n).
		const den = 1 - (L[Side.HW0] + L[Side.HW1] + R[Side.HW0] + R[Side.HW1]) * invN;
		if (!(Math.abs(den) > 1e-12)) return Infinity;
		const k = ((L[Side.HZ0] + L[Side.HZ1] + R[Side.HZ0] + R[Side.HZ1]) * invN) / den;
		const b0 = L[Side.Z0] + L[Side.W0] * k;
		const b1 = L[Side.Z1] + L[Side.W1] * k;
		const b2 = R[Side.Z0] + R[Side.W0] * k;
		const b3 = R[Side.Z1] + R[Side.W1] * k;
		// A top bends down at both turns, a bottom up, and keeps bending that way across the
		// window (the turn is the extreme, not a wiggle).
		if (sign * b0 < 0 || sign * b2 < 0) return Infinity;
		if (sign * (b0 + b1 * L[Side.Reach]) < 0 || sign * (b2 + b3 * R[Side.Reach]) < 0) return Infinity;
		return -(b0 * L[Side.Y0] + b1 * L[Side.Y1] + b2 * R[Side.Y0] + b3 * R[Side.Y1]);
	}
}

/** What `side` leaves for one turn: validity, whether it is tied, reach, y, z = D⁻¹y, w = D⁻¹h, and hᵢwᵢ, hᵢzᵢ. */
const enum Side {
	Valid,
	Tied,
	Reach,
	Y0,
	Y1,
	Z0,
	Z1,
	W0,
	W1,
	HW0,
	HW1,
	HZ0,
	HZ1,
	Length
}

/** A turn is tied to its flank only when the steepest point lies at least this far from it. */
const MIN_STEEP_SECONDS = 0.2;

/** Prefix sums per sample: τ¹…τ⁶, then x·τ⁰…x·τ³ (Στ⁰ is the sample count). */
const STRIDE = 10;
