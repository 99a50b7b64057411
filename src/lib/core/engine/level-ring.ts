/**
 * The breathing level's recent samples, for `TurnFit` and `EdgeRefiner`: a ring of (t, x) in time
 * order, searched by time, and the halfway crossing of a flank (where the refiner's fit reaches).
 */

/** Samples held: 40 s at 25 Hz, more than any fit window. */
export const RING = 1024;

export class LevelRing {
	protected readonly t = new Float64Array(RING);
	protected readonly x = new Float64Array(RING);
	protected next = 0;
	protected count = 0;

	/** One sample of the (smoothed) breathing level at time `t`. */
	push(t: number, x: number): void {
		this.t[this.next] = t;
		this.x[this.next] = x;
		this.next = this.next + 1 === RING ? 0 : this.next + 1;
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
		const oldest = (this.next - this.count + RING) % RING;
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
			const i = (oldest + k) % RING;
			const t = this.t[i];
			if (step > 0 ? t > other : t < other) break;
			if (toward * (this.x[i] - mid) >= 0) return t;
		}
		return NaN;
	}

	/** The mean level over [time − ends, time + ends]; NaN when no sample lies there. */
	private meanNear(time: number, ends: number): number {
		const oldest = (this.next - this.count + RING) % RING;
		let n = 0;
		let sum = 0;
		for (let k = this.firstAtOrAfter(time - ends); k < this.count; k++) {
			const i = (oldest + k) % RING;
			if (this.t[i] > time + ends) break;
			n++;
			sum += this.x[i];
		}
		return n > 0 ? sum / n : NaN;
	}

	/** The offset from the oldest sample of the first sample at or after `time` (by bisection). */
	protected firstAtOrAfter(time: number): number {
		const oldest = (this.next - this.count + RING) % RING;
		let lo = 0;
		let hi = this.count;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.t[(oldest + mid) % RING] < time) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
