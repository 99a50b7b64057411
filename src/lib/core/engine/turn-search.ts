import { TurnFit } from './turn-fit';

/**
 * How `EdgeRefiner` (edges.ts) moves the turns of a `TurnFit` downhill: one turn at a time in
 * coarse steps, then a polish where a parabola through the neighbours puts the lowest score.
 * Where the first grid looks, and what the result means, is the refiner's business.
 */

/**
 * The walks step by COARSE_STEP (coarser walks lose the pause under 3 % noise on 10 Hz belts);
 * the polish is not tried closer than FINE_STEP / 2 to a point already scored.
 */
export const COARSE_STEP = 0.2;
export const FINE_STEP = 0.02;

export class TurnSearch extends TurnFit {
	/** Where the last `walk` or `polish` ended. */
	protected at = 0;
	/** Where `descend` left the turns. */
	protected u = 0;
	protected v = 0;

	/**
	 * From turns at u and v (score `best`, both placed), walked down in coarse steps, then
	 * polished where a parabola through the neighbours puts the lowest score (near the best grid
	 * point the score has one smooth dip). Returns the lowest score; the turns are left in u, v.
	 */
	protected descend(u: number, v: number, best: number, sign: 1 | -1): number {
		for (let pass = 0; pass < 2; pass++) {
			const span = pass === 0 ? 2 * COARSE_STEP : COARSE_STEP / 2;
			const cv = v;
			best =
				pass === 0
					? this.walk(Turn.First, u, best, u - span, Math.min(v, u + span), COARSE_STEP, sign)
					: this.polish(Turn.First, u, best, u - span, Math.min(v, u + span), sign);
			u = this.at;
			best =
				pass === 0
					? this.walk(Turn.Second, v, best, Math.max(u, cv - span), cv + span, COARSE_STEP, sign)
					: this.polish(Turn.Second, v, best, Math.max(u, cv - span), cv + span, sign);
			v = this.at;
		}
		this.u = u;
		this.v = v;
		return best;
	}

	/**
	 * Walks `turn` (the first or the second, the other standing as it is in `left`/`right`; or
	 * both at one time) in `step`s within [lo, hi] from `w`, whose score is `score`, while the
	 * score falls. Returns the lowest score and leaves its time in `at`.
	 */
	protected walk(
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
				if (turn !== Turn.Both) this.keep(turn === Turn.First);
			}
			// Went up: no need to look down.
			if (this.at !== w) break;
		}
		return score;
	}

	/**
	 * From `w` (score `score`, the best of a coarse walk), the lowest of its half-step neighbours
	 * within [lo, hi] and of the vertex of the parabola through the three. Returns the lowest
	 * score and leaves its time in `at`.
	 */
	protected polish(turn: Turn, w: number, score: number, lo: number, hi: number, sign: 1 | -1): number {
		const h = COARSE_STEP / 2;
		this.at = w;
		const one = turn !== Turn.Both;
		const first = turn === Turn.First;
		let best = score;
		const sl = w - h >= lo - 1e-9 ? this.scoreAt(turn, w - h, sign) : Infinity;
		if (sl < best) {
			best = sl;
			this.at = w - h;
			if (one) this.keep(first);
		}
		const sr = w + h <= hi + 1e-9 ? this.scoreAt(turn, w + h, sign) : Infinity;
		if (sr < best) {
			best = sr;
			this.at = w + h;
			if (one) this.keep(first);
		}
		const curve = sl - 2 * score + sr;
		if (curve > 0 && curve < Infinity) {
			const x = w + (h * (sl - sr)) / (2 * curve);
			if (x > lo && x < hi && Math.abs(x - this.at) > FINE_STEP / 2) {
				const sx = this.scoreAt(turn, x, sign);
				if (sx < best) {
					best = sx;
					this.at = x;
					if (one) this.keep(first);
				}
			}
		}
		return best;
	}

	/** The score with `turn` at `w` (see `walk`); a single turn's move is kept with `keep`. */
	private scoreAt(turn: Turn, w: number, sign: 1 | -1): number {
		if (turn === Turn.Both) return this.score(w, w, sign);
		return this.tryTurn(w, turn === Turn.First, sign);
	}
}

export const enum Turn {
	First,
	Second,
	Both
}
