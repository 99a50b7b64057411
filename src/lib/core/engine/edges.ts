import type { Cycle } from './phase-sink';
import { BREATH_LP_HZ } from './chest';
import { COARSE_STEP, FINE_STEP, Turn, TurnSearch } from './turn-search';

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
 * downhill, then polished by a parabola through the best point's neighbours), each candidate costing
 * O(1) from prefix sums of tᵏ and tᵏ·x (the fit itself is `TurnFit`, turn-fit.ts, the walks
 * `TurnSearch`, turn-search.ts; this file decides where to look). Where the source reports its
 * noise (the chest accelerometer's low-passed tilt, whose slow turns the noise hides), the turns
 * are tied to their flanks (`TurnFit.steepFirst`) and the penalties weigh that noise.
 */

/**
 * The band of the noise a source reports: white noise through the chest's breathing low-pass, a
 * 2nd-order Butterworth, which passes it over π/(2√2) ≈ 1.11 × its cutoff.
 */
const NOISE_BAND_HZ = (Math.PI / (2 * Math.SQRT2)) * BREATH_LP_HZ;
/** Edges move by at most this much from the live estimate. */
const SEARCH_SECONDS = 1.0;
/**
 * The fit reaches this far into each flank, and at most this share of the phase: the quadratic
 * approach holds up to about a third of a smooth flank (a raised cosine turns at its middle).
 */
const FLANK_SECONDS = 4.0;
const FLANK_SHARE = 0.8;
const BOTTOM_SHARE = 0.6;
/**
 * At the top each flank is reached into half as far again as from the turn to where the flank
 * crosses halfway (its steepest point): a cubic bends a little past it, not to the flank's end.
 * For a raised cosine that is 0.75 of the phase, about `FLANK_SHARE`; a relaxed exhale, fastest
 * early, gets a shorter reach, so its quick straightening is not read as an earlier start.
 */
const REACH_PER_HALFWAY = 1.5;
/** The levels at a flank's ends are averaged over this much either side. */
const END_SECONDS = 0.25;
/** A turn lies where the level is within this share of the window's range of its extreme. */
const EXTREME_SHARE = 0.02;
/** How much more a flat stretch between two turns must explain than one turn (× BIC). */
const SPLIT_PENALTY = 1;
/**
 * A flat top shorter than this is no hold (RespInPeace drops holds under 0.25 s): the top of a
 * smooth breath, a little flatter than the model's turn, fits as one otherwise (0.2–0.3 s with no
 * noise). At the bottom such a stretch is where a slow exhale's end meets a slow inhale's start,
 * and its two ends are nearer the truth than one turn between them: it is left to the penalty.
 */
const MIN_HOLD_SECONDS = 0.25;
/**
 * The first grid steps by GRID_STEP: the walks that follow reach two coarse steps either side of
 * its best point, so it need only find the right dip of a score a heartbeat makes wavy. A 0.9 s
 * heartbeat (66/min) still needs steps under half its period: at 0.4 s the strapped H10 sweep
 * calls 1.5 % fewer good breaths ok (its holds read short); 0.3 s costs nothing measurable and
 * scores 7 points a turn where 0.2 s scored 11 (the grid is most of the fit's time).
 */
const GRID_STEP = 0.3;
/** The top is fitted again from its own edges when they moved by more than a step of the search. */
const REFIT_SECONDS = COARSE_STEP;

export class EdgeRefiner extends TurnSearch {
	// The last refined bottom, so the next cycle starts where the previous one ended.
	private lastOriginal = NaN;
	private lastRefined = NaN;
	/** Result of `fit()`. */
	private e1 = 0;
	private e2 = 0;
	private extremeFirst = -Infinity;
	private extremeLast = Infinity;
	private joltStart = NaN;
	private joltEnd = -Infinity;
	/** σ of the noise the source says its level carries (0: none known), see `sourceVariance`. */
	private sourceNoise = 0;

	/** A jolt from `from` to `to`: a fit across it would follow the jolt, so none is made. */
	artifact(from: number, to: number): void {
		if (from > this.joltEnd + 1) this.joltStart = from;
		else if (!(this.joltStart <= from)) this.joltStart = from;
		this.joltEnd = Math.max(this.joltEnd, to);
	}

	/** The signal stopped: samples before it belong to no cycle to come. */
	override clear(): void {
		super.clear();
		this.lastOriginal = this.lastRefined = NaN;
	}

	/**
	 * Moves the edges of `c` (in place) to where the level says the turns are. `noise`: the σ of
	 * noise the source says its level carries (0: none known), white noise low-passed to the
	 * chest's breathing band (`NOISE_BAND_HZ`).
	 */
	refine(c: Cycle, noise = 0): void {
		this.sourceNoise = noise;
		this.tying = noise > 0;
		if (c.riseStart === this.lastOriginal) c.riseStart = this.lastRefined;
		const rise = c.riseEnd - c.riseStart;
		const fall = c.fallEnd - c.fallStart;
		const hold = c.fallStart - c.riseEnd;
		const pause = c.nextRiseStart - c.fallEnd;
		// A partial cycle (the signal stopped in its fall) has only its top to refine.
		if (!(rise > 0 && fall > 0 && hold >= 0 && (pause >= 0 || c.partial))) return;
		const original = c.nextRiseStart;
		// Top: inhale end and exhale start. The reach into each flank is measured from the turn,
		// and the live edges can be half a second out: when the fit moves them by more than
		// `REFIT_SECONDS`, it is made again from its own edges.
		const riseHalfway = this.halfway(c.riseEnd, c.riseStart, END_SECONDS);
		const fallHalfway = this.halfway(c.fallStart, c.fallEnd, END_SECONDS);
		for (let pass = 0; pass < 2; pass++) {
			const left = reach(c.riseEnd, riseHalfway, rise);
			const right = reach(c.fallStart, fallHalfway, fall);
			// The flanks are steepest about where they cross halfway (see `TurnFit.steepFirst`).
			this.steepFirst = riseHalfway;
			this.steepSecond = fallHalfway;
			if (!this.fit(c.riseEnd, c.fallStart, left, right, -1, pass === 0 ? SEARCH_SECONDS : 0)) break;
			const was = c.riseEnd;
			const lo = c.riseStart + 0.3 * rise;
			if (this.e1 > lo) c.riseEnd = this.e1;
			const moved = Math.max(Math.abs(c.riseEnd - was), Math.abs(this.e2 - c.fallStart));
			c.fallStart = Math.max(c.riseEnd, this.e2);
			if (moved <= REFIT_SECONDS) break;
		}
		if (c.partial) return;
		// Bottom: exhale end and the next inhale's start (its flank is still short: it just began).
		const next = Math.max(0.3, Math.min(FLANK_SECONDS, BOTTOM_SHARE * rise));
		// The next inhale has only begun: its flank is taken to be as steep as this one's, as far
		// from its start. The exhale's end stays free: a relaxed exhale tapers off more slowly than
		// a bend that straightens at the flank's halfway point.
		this.steepFirst = NaN;
		this.steepSecond = c.nextRiseStart + (riseHalfway - c.riseStart);
		if (this.fit(c.fallEnd, c.nextRiseStart, Math.min(FLANK_SECONDS, BOTTOM_SHARE * fall), next, 1)) {
			const lo = c.fallStart + 0.3 * (c.fallEnd - c.fallStart);
			let end = this.e1 > lo ? this.e1 : c.fallEnd;
			let start = Math.max(end, this.e2);
			if (noise > 0) {
				// Where the noise is the source's, the fit has seen only the inhale's first second or
				// two and places the bottom no better than the live edges (where the flow crossed its
				// flat level), whose errors are partly its own: the mean of the two is nearer than
				// either (strap σ 2 mg at 6/min, 32 sessions, p95: the inhale's start 0.94 s fitted,
				// 0.79 s the mean; the exhale's end 0.95 s, 0.86 s).
				end = (end + c.fallEnd) / 2;
				start = Math.max(end, (start + c.nextRiseStart) / 2);
			}
			c.fallEnd = end;
			c.nextRiseStart = start;
		}
		this.lastOriginal = original;
		this.lastRefined = c.nextRiseStart;
	}

	/**
	 * Fits the turn whose first edge is near `a` and second near `b` (a ≤ b), reaching `left`
	 * seconds before a and `right` after b. `sign` −1 for a top, +1 for a bottom. The first grid
	 * spans `search` seconds either side of a and b in GRID_STEPs (0: walked down from them only,
	 * for edges that are already a fit's). Leaves the edges in e1, e2; false when there are too few samples or no
	 * fit bends the right way.
	 */
	private fit(
		a: number,
		b: number,
		left: number,
		right: number,
		sign: 1 | -1,
		search = SEARCH_SECONDS
	): boolean {
		const from = a - left;
		const to = b + right;
		if (from <= this.joltEnd && to >= this.joltStart) return false;
		if (!this.window(from, to) || this.n < 8) return false;
		this.untied = false;
		const t0 = this.t0;
		// Coordinate descent from the live edges: the best first turn for the second, then the
		// best second for the first. First on a coarse grid over the whole search (a heartbeat on
		// the level makes the score wavy, so a walk from the live edges could stop in the wrong
		// dip), then walked down from the grid's best in coarse steps and polished (near it the
		// score has one smooth dip). A turn's sums are worked out once per position tried (a move is
		// kept by swapping them in, see `TurnFit.keep`); a pair costs only the coupling of the two.
		const a0 = a - t0;
		const b0 = b - t0;
		let u = a0;
		let v = b0;
		// The first turn's grid includes the live a, so its score needs no separate call.
		this.place(v, false);
		let best = Infinity;
		const reachSteps = Math.floor(search / GRID_STEP + 1e-9);
		for (let j = -reachSteps; j <= reachSteps; j++) {
			const w = a0 + j * GRID_STEP;
			if (w > v + 1e-9) break;
			const sc = this.tryTurn(w, true, sign);
			if (sc < best) {
				best = sc;
				u = w;
				this.keep(true);
			}
		}
		if (!(best < Infinity)) this.place(u, true);
		// (The second turn at b0 was scored with the first's grid: its best is that score.)
		for (let j = -reachSteps; j <= reachSteps; j++) {
			const w = b0 + j * GRID_STEP;
			if (j === 0 || w < u - 1e-9) continue;
			const sc = this.tryTurn(w, false, sign);
			if (sc < best) {
				best = sc;
				v = w;
				this.keep(false);
			}
		}
		best = this.descend(u, v, best, sign);
		u = this.u;
		v = this.v;
		// Turns tied to their flanks (see `TurnFit.steepFirst`) are freed where the level shows
		// its own bend clearly (a clean signal whose flank is shaped otherwise): one parameter
		// more a turn, kept when it explains more than a BIC penalty on the noise.
		if (best < Infinity && this.tiedTurns > 0) {
			const penalty =
				this.tiedTurns * Math.log(this.n) * Math.max(this.residual(best), this.sourceVariance());
			this.untied = true;
			this.place(u, true);
			this.place(v, false);
			const free = this.descend(u, v, this.score(u, v, sign), sign);
			if (free < best - penalty) {
				best = free;
				u = this.u;
				v = this.v;
			} else {
				this.untied = false;
				this.place(u, true);
				this.place(v, false);
			}
		}
		if (!(best < Infinity)) return false;
		// A flat stretch between the turns must earn its place: it is kept only when it explains
		// clearly more than one turn at a single time would (BIC-like, one parameter more), so
		// noise at the end of a slow exhale does not make a pause, nor the top a hold; a hold must
		// also last `MIN_HOLD_SECONDS`.
		if (v - u > FINE_STEP) {
			// One turn at a single time: walked down from the grid point nearest the middle, then polished.
			const lo = u - COARSE_STEP;
			let s1 = lo + Math.round((v - u) / 2 / COARSE_STEP + 1) * COARSE_STEP;
			let single = this.score(s1, s1, sign);
			single = this.walk(Turn.Both, s1, single, lo, v + COARSE_STEP, COARSE_STEP, sign);
			s1 = this.at;
			// At the bottom on the source's noise too (see `sourceVariance`): a relaxed exhale tapers
			// off slowly and the next inhale has only begun, so noise on the taper passes for a
			// pause. At the top the residual alone: on the strapped chest (σ 2 mg, 6/min) the noise's
			// level there merged 93 % of real 1 s holds into one turn (p95 0.93 s), the residual
			// 27 % (p95 0.80 s): a hold whose evidence is weak is still nearer read short than none.
			const noise = sign > 0 ? Math.max(this.residual(best), this.sourceVariance()) : this.residual(best);
			const penalty = SPLIT_PENALTY * Math.log(this.n) * noise;
			// Polished only when it could still decide: a half step moves the score far less than
			// twice the penalty, so a single turn that far behind stays behind.
			if (single < Infinity && single - best < 2 * penalty) {
				single = this.polish(Turn.Both, s1, single, s1 - COARSE_STEP / 2, s1 + COARSE_STEP / 2, sign);
				s1 = this.at;
			}
			if (single < Infinity && (single - best < penalty || (sign < 0 && v - u < MIN_HOLD_SECONDS)))
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
	 * The noise the source reports, as the variance per sample of white noise as strong at
	 * breathing frequencies (0 when it reports none). Why: the fit's residual underrates noise
	 * that was low-passed before it (the fit's few parameters follow its slow wander), so the
	 * penalties would let that noise pass for a hold, a pause or a bend of the fit's own.
	 */
	private sourceVariance(): number {
		const noise = this.sourceNoise;
		if (!(noise > 0) || this.n < 2) return 0;
		const rate = (this.n - 1) / (this.tau[this.n - 1] - this.tau[0]);
		return (noise * noise * rate) / (2 * NOISE_BAND_HZ);
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
}

/**
 * How far the fit of the turn at `turn` reaches into its flank, which crosses halfway at
 * `halfway` (see `REACH_PER_HALFWAY`); `FLANK_SHARE` of the flank's `length` when that is not known.
 */
function reach(turn: number, halfway: number, length: number): number {
	const half = Math.abs(halfway - turn);
	return Math.min(FLANK_SECONDS, half > 0 ? REACH_PER_HALFWAY * half : FLANK_SHARE * length);
}
