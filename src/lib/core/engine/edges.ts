import type { Cycle } from './phases';

/**
 * Refines the edges of a complete breath cycle on the breathing level itself, for `PhaseDetector`.
 *
 * Why: the live edges come from where the flow (the slope) leaves or reaches zero. On a noisy belt
 * the slope must be taken over a long span, which blurs a 1 s pause at the top into a dip that
 * never reaches zero. Once the cycle is complete (it is reported when the next inhale is proven),
 * each turn of the breath is fitted by least squares on the level around it: a flow that runs
 * down to zero leaves a quadratic approach, straightening further out, so the top is
 *   x(t) = c − d₁(t₁ − t) − d₂(t − t₂),  d(δ) = a·δ² + b·δ³ for δ > 0, else 0  (a ≥ 0, t₁ ≤ t₂),
 * the inhale ending at t₁ and the exhale starting at t₂, and the bottom the same way up. Noise and
 * a heartbeat ripple average out over the fit; only (t₁, t₂) are searched (a grid, then walked
 * downhill in finer steps), each candidate costing O(1) from prefix sums of tᵏ and tᵏ·x.
 */

const RING = 1024;
/** Edges move by at most this much from the live estimate. */
const SEARCH_SECONDS = 1.0;
/**
 * The fit reaches this far into each flank, and at most this share of the phase: the quadratic
 * approach holds up to about a third of a smooth flank (a raised cosine turns at its middle).
 */
const FLANK_SECONDS = 4.0;
const FLANK_SHARE = 0.8;
const BOTTOM_SHARE = 0.6;
/** A turn lies where the level is within this share of the window's range of its extreme. */
const EXTREME_SHARE = 0.02;
/** How much more a flat stretch between two turns must explain than one turn (× BIC). */
const SPLIT_PENALTY = 1;
const COARSE_STEP = 0.2;
const FINE_STEP = 0.02;

export class EdgeRefiner {
	private readonly t = new Float64Array(RING);
	private readonly x = new Float64Array(RING);
	private next = 0;
	private count = 0;
	// Prefix sums over the fit window (see STRIDE), and the small system of one fit, reused.
	private readonly p = new Float64Array((RING + 1) * STRIDE);
	/** What the first and the second turn contribute (see `side`). */
	private readonly left = new Float64Array(Side.Length);
	private readonly right = new Float64Array(Side.Length);
	private readonly tau = new Float64Array(RING);
	private readonly wx = new Float64Array(RING);
	private n = 0;
	private t0 = 0;
	/** Σx over the window, and where `below` last answered. */
	private sx = 0;
	/** The window's highest and lowest level. */
	private xMax = 0;
	private xMin = 0;
	private cursor = 0;
	// The last refined bottom, so the next cycle starts where the previous one ended.
	private lastOriginal = NaN;
	private lastRefined = NaN;
	/** Result of `fit()`. */
	/** Where the last `walk` ended. */
	private at = 0;
	private e1 = 0;
	private e2 = 0;
	private extremeFirst = -Infinity;
	private extremeLast = Infinity;
	private joltStart = NaN;
	private joltEnd = -Infinity;

	/** One sample of the (smoothed) breathing level at time `t`. */
	push(t: number, x: number): void {
		this.t[this.next] = t;
		this.x[this.next] = x;
		this.next = (this.next + 1) % RING;
		if (this.count < RING) this.count++;
	}

	/** A jolt from `from` to `to`: a fit across it would follow the jolt, so none is made. */
	artifact(from: number, to: number): void {
		if (from > this.joltEnd + 1) this.joltStart = from;
		else if (!(this.joltStart <= from)) this.joltStart = from;
		this.joltEnd = Math.max(this.joltEnd, to);
	}

	/** The signal stopped: samples before it belong to no cycle to come. */
	clear(): void {
		this.count = 0;
		this.lastOriginal = this.lastRefined = NaN;
	}

	/** Moves the edges of `c` (in place) to where the level says the turns are. */
	refine(c: Cycle): void {
		if (c.riseStart === this.lastOriginal) c.riseStart = this.lastRefined;
		const rise = c.riseEnd - c.riseStart;
		const fall = c.fallEnd - c.fallStart;
		const hold = c.fallStart - c.riseEnd;
		const pause = c.nextRiseStart - c.fallEnd;
		if (!(rise > 0 && fall > 0 && hold >= 0 && pause >= 0)) return;
		const original = c.nextRiseStart;
		// Top: inhale end and exhale start.
		if (
			this.fit(
				c.riseEnd,
				c.fallStart,
				Math.min(FLANK_SECONDS, FLANK_SHARE * rise),
				Math.min(FLANK_SECONDS, FLANK_SHARE * fall),
				-1
			)
		) {
			const lo = c.riseStart + 0.3 * rise;
			if (this.e1 > lo) c.riseEnd = this.e1;
			c.fallStart = Math.max(c.riseEnd, this.e2);
		}
		// Bottom: exhale end and the next inhale's start (its flank is still short: it just began).
		const next = Math.max(0.3, Math.min(FLANK_SECONDS, BOTTOM_SHARE * rise));
		if (this.fit(c.fallEnd, c.nextRiseStart, Math.min(FLANK_SECONDS, BOTTOM_SHARE * fall), next, 1)) {
			const lo = c.fallStart + 0.3 * (c.fallEnd - c.fallStart);
			if (this.e1 > lo) c.fallEnd = this.e1;
			c.nextRiseStart = Math.max(c.fallEnd, this.e2);
		}
		this.lastOriginal = original;
		this.lastRefined = c.nextRiseStart;
	}

	/**
	 * Fits the turn whose first edge is near `a` and second near `b` (a ≤ b), reaching `left`
	 * seconds before a and `right` after b. `sign` −1 for a top, +1 for a bottom. Leaves the edges
	 * in e1, e2; false when there are too few samples or no fit bends the right way.
	 */
	private fit(a: number, b: number, left: number, right: number, sign: 1 | -1): boolean {
		const from = a - left;
		const to = b + right;
		if (from <= this.joltEnd && to >= this.joltStart) return false;
		if (!this.window(from, to) || this.n < 8) return false;
		const t0 = this.t0;
		// Coordinate descent from the live edges: the best first turn for the second, then the
		// best second for the first. First on a coarse grid over the whole search (a heartbeat on
		// the level makes the score wavy, so a walk from the live edges could stop in the wrong
		// dip), then walked down from the grid's best in coarse and then fine steps (near it the
		// score has one dip). A turn's sums are computed once per position; a pair costs only the
		// coupling of the two turns.
		const a0 = a - t0;
		const b0 = b - t0;
		let u = a0;
		let v = b0;
		let best = this.score(u, v, sign);
		for (let w = a0 - SEARCH_SECONDS; w <= Math.min(v, a0 + SEARCH_SECONDS) + 1e-9; w += COARSE_STEP) {
			this.side(w, true, this.left);
			const sc = this.pair(sign);
			if (sc < best) {
				best = sc;
				u = w;
			}
		}
		this.side(u, true, this.left);
		for (let w = Math.max(u, b0 - SEARCH_SECONDS); w <= b0 + SEARCH_SECONDS + 1e-9; w += COARSE_STEP) {
			this.side(w, false, this.right);
			const sc = this.pair(sign);
			if (sc < best) {
				best = sc;
				v = w;
			}
		}
		for (let pass = 0; pass < 2; pass++) {
			const step = pass === 0 ? COARSE_STEP : FINE_STEP;
			const span = pass === 0 ? 2 * COARSE_STEP : COARSE_STEP / 2;
			const cv = v;
			this.side(v, false, this.right);
			best = this.walk(Turn.First, u, best, u - span, Math.min(v, u + span), step, sign);
			u = this.at;
			this.side(u, true, this.left);
			best = this.walk(Turn.Second, v, best, Math.max(u, cv - span), cv + span, step, sign);
			v = this.at;
		}
		if (!(best < Infinity)) return false;
		// A flat stretch between the turns must earn its place: it is kept only when it explains
		// clearly more than one turn at a single time would (BIC-like, one parameter more), so
		// noise at the end of a slow exhale does not make a pause, nor the top a hold.
		if (v - u > FINE_STEP) {
			// One turn at a single time: walked down from the grid point nearest the middle, then finer.
			const lo = u - COARSE_STEP;
			let s1 = lo + Math.round((v - u) / 2 / COARSE_STEP + 1) * COARSE_STEP;
			let single = this.score(s1, s1, sign);
			single = this.walk(Turn.Both, s1, single, lo, v + COARSE_STEP, COARSE_STEP, sign);
			s1 = this.at;
			if (single < Infinity) {
				single = this.walk(
					Turn.Both,
					s1,
					single,
					s1 - COARSE_STEP / 2,
					s1 + COARSE_STEP / 2,
					FINE_STEP,
					sign
				);
				s1 = this.at;
			}
			if (single < Infinity && single - best < SPLIT_PENALTY * Math.log(this.n) * this.residual(best))
				u = v = s1;
		}
		// The turns cannot lie where the level is still clearly moving: not before it first comes
		// within noise of its extreme, nor after it last leaves it.
		this.clampToExtreme(sign, Math.sqrt(this.residual(best)));
		let b1 = Math.max(u + t0, this.extremeFirst);
		let b2 = Math.min(v + t0, this.extremeLast);
		if (b2 < b1) b1 = b2 = (b1 + b2) / 2;
		this.e1 = b1;
		this.e2 = b2;
		return true;
	}

	/**
	 * Walks `turn` (the first or the second, the other standing as it is in `left`/`right`; or
	 * both at one time) in `step`s within [lo, hi] from `w`, whose score is `score`, while the
	 * score falls. Returns the lowest score and leaves its time in `at`.
	 */
	private walk(
		turn: Turn,
		w: number,
		score: number,
		lo: number,
		hi: number,
		step: number,
		sign: 1 | -1
	): number {
		this.at = w;
		for (let dir = 1; dir >= -1; dir -= 2) {
			for (let x = w + dir * step; x >= lo - 1e-9 && x <= hi + 1e-9; x += dir * step) {
				const sc = this.scoreAt(turn, x, sign);
				if (!(sc < score)) break;
				score = sc;
				this.at = x;
			}
			// Went up: no need to look down.
			if (this.at !== w) break;
		}
		return score;
	}

	/** The score with `turn` at `w` (see `walk`). */
	private scoreAt(turn: Turn, w: number, sign: 1 | -1): number {
		if (turn === Turn.Both) return this.score(w, w, sign);
		this.side(w, turn === Turn.First, turn === Turn.First ? this.left : this.right);
		return this.pair(sign);
	}

	/** Residual variance per sample of a fit whose score (see `sse`) is `score`. */
	private residual(score: number): number {
		const n = this.n;
		const sx = this.p[n * STRIDE + 7] - this.p[7];
		const total = this.p[n * STRIDE + 11] - this.p[11] - (sx * sx) / n;
		return Math.max(1e-12, total + score) / Math.max(1, n - 6);
	}

	/**
	 * First and last time (absolute) the level is within its noise (4σ: the highest sample is itself ≈ 2σ up), or 2 % of the window's
	 * range, of its extreme in the window (the maximum for a top, `sign` −1).
	 */
	private clampToExtreme(sign: 1 | -1, sigma: number): void {
		const n = this.n;
		const x = this.wx;
		const ext = sign < 0 ? this.xMax : -this.xMin;
		const low = sign < 0 ? this.xMin : -this.xMax;
		this.extremeFirst = -Infinity;
		this.extremeLast = Infinity;
		if (!(ext > low)) return;
		const level = ext - Math.max(4 * sigma, EXTREME_SHARE * (ext - low));
		let i = 0;
		while (i < n && !(-sign * x[i] >= level)) i++;
		if (i === n) return;
		this.extremeFirst = this.t0 + this.tau[i];
		let j = n - 1;
		while (!(-sign * x[j] >= level)) j--;
		this.extremeLast = this.t0 + this.tau[j];
	}

	/** Loads the samples in [from, to] into prefix sums; false when the ring no longer holds `from`. */
	private window(from: number, to: number): boolean {
		const oldest = (this.next - this.count + RING) % RING;
		if (this.count === 0 || this.t[oldest] > from) return false;
		let n = 0;
		const p = this.p;
		p.fill(0, 0, STRIDE);
		this.t0 = from;
		// The ring's times increase: find the first sample at or after `from` by bisection.
		let lo = 0;
		let hi = this.count;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.t[(oldest + mid) % RING] < from) lo = mid + 1;
			else hi = mid;
		}
		// Running sums kept in locals (no store-to-load chain through `p`): τ⁰…τ⁶, x·τ⁰…x·τ³, x².
		let c0 = 0;
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
		for (let k = lo, i = (oldest + lo) % RING; k < this.count; k++, i = i + 1 === RING ? 0 : i + 1) {
			const t = ts[i];
			if (t > to) break;
			const tau = t - from;
			const x = xs[i];
			this.tau[n] = tau;
			this.wx[n] = x;
			if (x > xMax) xMax = x;
			if (x < xMin) xMin = x;
			const t2 = tau * tau;
			const t3 = t2 * tau;
			const q = (n + 1) * STRIDE;
			p[q] = c0 += 1;
			p[q + 1] = c1 += tau;
			p[q + 2] = c2 += t2;
			p[q + 3] = c3 += t3;
			const t4 = t3 * tau;
			const t5 = t4 * tau;
			p[q + 4] = c4 += t4;
			p[q + 5] = c5 += t5;
			p[q + 6] = c6 += t5 * tau;
			p[q + 7] = d0 += x;
			p[q + 8] = d1 += tau * x;
			p[q + 9] = d2 += t2 * x;
			p[q + 10] = d3 += t3 * x;
			p[q + 11] = e += x * x;
			n++;
		}
		this.n = n;
		this.xMax = xMax;
		this.xMin = xMin;
		this.sx = p[n * STRIDE + 7] - p[7];
		this.cursor = 0;
		return true;
	}

	/** Number of window samples with τ < u: walked from the last answer (the searches step by little). */
	private below(u: number): number {
		const tau = this.tau;
		const n = this.n;
		let k = this.cursor;
		if (k > n) k = n;
		while (k > 0 && !(tau[k - 1] < u)) k--;
		while (k < n && tau[k] < u) k++;
		this.cursor = k;
		return k;
	}

	/** The fit's score with turns at u and v (relative times), see `pair`. */
	private score(u: number, v: number, sign: 1 | -1): number {
		this.side(u, true, this.left);
		this.side(v, false, this.right);
		return this.pair(sign);
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
		const k = this.below(w);
		const n = this.n;
		const a = first ? 0 : k * STRIDE;
		const b = first ? k * STRIDE : n * STRIDE;
		// δ = s·(τ − w) with s = −1 before the turn, +1 after it, so
		// δᵐ = s^m Σⱼ C(m, j) (−w)^(m−j) τʲ.
		const q1 = -w;
		const q2 = q1 * -w;
		const q3 = q2 * -w;
		const q4 = q3 * -w;
		const q5 = q4 * -w;
		const q6 = q5 * -w;
		const s0 = p[b] - p[a];
		const s1 = p[b + 1] - p[a + 1];
		const s2 = p[b + 2] - p[a + 2];
		const s3 = p[b + 3] - p[a + 3];
		const s4 = p[b + 4] - p[a + 4];
		const s5 = p[b + 5] - p[a + 5];
		const s6 = p[b + 6] - p[a + 6];
		const r0 = p[b + 7] - p[a + 7];
		const r1 = p[b + 8] - p[a + 8];
		const r2 = p[b + 9] - p[a + 9];
		const r3 = p[b + 10] - p[a + 10];
		const sg = first ? -1 : 1;
		const m2 = q2 * s0 + 2 * q1 * s1 + s2;
		const m3 = sg * (q3 * s0 + 3 * q2 * s1 + 3 * q1 * s2 + s3);
		const x2 = q2 * r0 + 2 * q1 * r1 + r2;
		const x3 = sg * (q3 * r0 + 3 * q2 * r1 + 3 * q1 * r2 + r3);
		const m4 = q4 * s0 + 4 * q3 * s1 + 6 * q2 * s2 + 4 * q1 * s3 + s4;
		const m5 = sg * (q5 * s0 + 5 * q4 * s1 + 10 * q3 * s2 + 10 * q2 * s3 + 5 * q1 * s4 + s5);
		const m6 = q6 * s0 + 6 * q5 * s1 + 15 * q4 * s2 + 20 * q3 * s3 + 15 * q2 * s4 + 6 * q1 * s5 + s6;
		const count = first ? k : n - k;
		out[Side.Reach] = first ? w - this.tau[0] : this.tau[n - 1] - w;
		// The block [[Σf², Σf·g], [Σf·g, Σg²]] against y = (Σf·x, Σg·x) less the constant's share,
		// and against h = (Σf, Σg): z = D⁻¹y, w = D⁻¹h (see `pair`).
		const sx = this.sx;
		const y0 = x2 - (m2 * sx) / n;
		const y1 = x3 - (m3 * sx) / n;
		const d = m4 * m6 - m5 * m5;
		out[Side.Valid] = count >= 3 && d > 1e-18 ? 1 : 0;
		const z0 = (m6 * y0 - m5 * y1) / d;
		const z1 = (m4 * y1 - m5 * y0) / d;
		const w0 = (m6 * m2 - m5 * m3) / d;
		const w1 = (m4 * m3 - m5 * m2) / d;
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
	 * Minus the sum of squares the fit with the turns in `left` and `right` explains (smaller is
	 * better). Each turn bends as d(δ) = a·δ² + b·δ³; the cubic term lets a flank straighten away
	 * from its turn. Infinity when a turn bends the wrong way or the system is singular.
	 */
	private pair(sign: 1 | -1): number {
		const L = this.left;
		const R = this.right;
		if (L[Side.Valid] === 0 || R[Side.Valid] === 0) return Infinity;
		const n = this.n;
		// The system (D − h hᵀ/n) β = y: D is block-diagonal (one 2×2 block per turn, solved in
		// \`side\`) and the constant's elimination adds a rank-one term, so Sherman–Morrison solves
		// it in closed form: β = z + w·(hᵀz/n) / (1 − hᵀw/n).
		const den = 1 - (L[Side.HW0] + L[Side.HW1] + R[Side.HW0] + R[Side.HW1]) / n;
		if (!(Math.abs(den) > 1e-12)) return Infinity;
		const k = (L[Side.HZ0] + L[Side.HZ1] + R[Side.HZ0] + R[Side.HZ1]) / n / den;
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

/** What `side` leaves for one turn: validity, reach, y, z = D⁻¹y, w = D⁻¹h, and hᵢwᵢ, hᵢzᵢ. */
const enum Side {
	Valid,
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

const enum Turn {
	First,
	Second,
	Both
}

/** Prefix sums per sample: τ⁰…τ⁶, then x·τ⁰…x·τ³, then x². */
const STRIDE = 12;
