/**
 * The breathing level's recent samples, for `TurnFit` and `EdgeRefiner`: a ring of (t, x) in time
 * order, searched by time, and the halfway crossing of a flank (where the refiner's fit reaches).
 */

/** Samples held: 40 s at 25 Hz, more than any fit window. A power of two: `& WRAP` wraps an index. */
export const RING = 1024;
export const WRAP = RING - 1;

export class LevelRing {
	protected readonly t = new Float64Array(RING);
	protected readonly x = new Float64Array(RING);
	protected next = 0;
	protected count = 0;

	/** One sample of the (smoothed) breathing level at time `t`. */
	push(t: number, x: number): void {
		this.t[this.next] = t;
		this.x[this.next] = x;
		this.next = (this.next + 1) & WRAP;
		if (this.count < RING) this.count++;
	}

	/** The level is negated from the next sample on: the samples held are negated with it. */
	negate(): void {
		for (let i = 0; i < RING; i++) this.x[i] = -this.x[i];
	}

	/** Forgets every sample. */
	clear(): void {
		this.count = 0;
	}

	/**
	 * Where the level, on its way from `turn` to `other` (later or earlier), crosses halfway
	 * between its levels at the two (each the mean over ±`ends` seconds): the time of the crossing
	 * nearest `turn`. NaN when the ring does not hold both ends.
	 */
	protected halfway(turn: number, other: number, ends: number): number {
		const oldest = (this.next - this.count) & WRAP;
		if (this.count === 0 || this.t[oldest] > Math.min(turn, other) - ends) return NaN;
		const atTurn = this.meanNear(turn, ends);
		const atOther = this.meanNear(other, ends);
		if (!(atTurn === atTurn && atOther === atOther)) return NaN;
		const mid = (atTurn + atOther) / 2;
		// Past halfway is on the side of the other end's level; walked from the turn towards it.
		const toward = atOther > mid ? 1 : -1;
		const step = other > turn ? 1 : -1;
		let k = this.firstAtOrAfter(turn);
		if (step < 0) k--;
		for (; k >= 0 && k < this.count; k += step) {
			const i = (oldest + k) & WRAP;
			const t = this.t[i];
			if (step > 0 ? t > other : t < other) break;
			if (toward * (this.x[i] - mid) >= 0) return t;
		}
		return NaN;
	}

	/** The mean level over [time − ends, time + ends]; NaN when no sample lies there. */
	private meanNear(time: number, ends: number): number {
		const oldest = (this.next - this.count) & WRAP;
		let n = 0;
		let sum = 0;
		for (let k = this.firstAtOrAfter(time - ends); k < this.count; k++) {
			const i = (oldest + k) & WRAP;
			if (this.t[i] > time + ends) break;
			n++;
			sum += this.x[i];
		}
		return n > 0 ? sum / n : NaN;
	}

	/**
	 * The offset from the oldest sample of the first sample at or after `time`: guessed from the
	 * mean sample interval (the level comes at a steady rate), then walked to the exact one.
	 */
	protected firstAtOrAfter(time: number): number {
		const count = this.count;
		if (count === 0) return 0;
		const t = this.t;
		const oldest = (this.next - count) & WRAP;
		const first = t[oldest];
		const last = t[(oldest + count - 1) & WRAP];
		if (!(time > first)) return 0;
		if (time > last) return count;
		// first < time ≤ last: the answer lies in [1, count − 1].
		let k = Math.min(count - 1, Math.max(1, Math.ceil(((time - first) / (last - first)) * (count - 1))));
		while (k > 1 && t[(oldest + k - 1) & WRAP] >= time) k--;
		while (t[(oldest + k) & WRAP] < time) k++;
		return k;
	}
}
