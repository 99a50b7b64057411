/** A fixed-size window of recent values with an allocation-free median (small windows only). */
export class RecentValues {
	private readonly values: Float64Array;
	private readonly scratch: Float64Array;
	private count = 0;
	private next = 0;

	constructor(readonly size: number) {
		this.values = new Float64Array(size);
		this.scratch = new Float64Array(size);
	}

	get length(): number {
		return this.count;
	}

	push(v: number): void {
		this.values[this.next] = v;
		this.next = (this.next + 1) % this.size;
		if (this.count < this.size) this.count++;
	}

	clear(): void {
		this.count = 0;
		this.next = 0;
	}

	/** Median of the values held, or `fallback` when empty. */
	median(fallback = 0): number {
		const n = this.count;
		if (n === 0) return fallback;
		const s = this.scratch;
		for (let i = 0; i < n; i++) s[i] = this.values[i];
		// Insertion sort: n is a handful of breaths or beats.
		for (let i = 1; i < n; i++) {
			const v = s[i];
			let j = i - 1;
			while (j >= 0 && s[j] > v) {
				s[j + 1] = s[j];
				j--;
			}
			s[j + 1] = v;
		}
		return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}
}

/** Median of a list (the mean of the middle two for an even count); NaN when empty. Copies. */
export function median(values: ArrayLike<number>): number {
	const n = values.length;
	if (n === 0) return NaN;
	const s = Float64Array.from(values).sort();
	return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * Median interval between the first `n` timestamps, counting only steps forward (a repeated or
 * out-of-order time is skipped): the sample period, robust to a dropped or doubled sample. NaN
 * when there is no step forward. Divide 1 by it for the sample rate.
 */
export function medianInterval(t: ArrayLike<number>, n = t.length): number {
	const steps: number[] = [];
	for (let i = 1; i < n; i++) if (t[i] > t[i - 1]) steps.push(t[i] - t[i - 1]);
	return median(steps);
}
