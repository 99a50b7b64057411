/**
 * A moving average over one heartbeat: it removes a heartbeat's ripple (its fundamental and
 * every harmonic) from a slow signal, whatever the ripple's shape, and keeps breathing (a 1 s
 * average passes a 6/min breath at 98 %, a 20/min one at 82 %). The output belongs to the middle
 * of the average: `delaySeconds` behind the newest sample.
 */
const RING = 128;

export class BeatAverage {
	private readonly ring = new Float64Array(RING);
	private next = 0;
	private filled = 0;
	private sum = 0;
	private length = 1;
	/** How far behind the newest sample the average's middle lies, s. */
	delaySeconds = 0;

	constructor(private readonly sampleRateHz: number) {}

	/** Averages over `seconds` (one beat); 0 or unknown turns the average off. */
	setBeat(seconds: number): void {
		const k = seconds > 0 ? Math.max(1, Math.min(RING - 1, Math.round(seconds * this.sampleRateHz))) : 1;
		if (k === this.length) return;
		this.length = k;
		this.delaySeconds = (k - 1) / 2 / this.sampleRateHz;
		// Re-sum the newest k samples held (the ring keeps more than any length in use).
		this.sum = 0;
		const n = Math.min(k, this.filled);
		for (let i = 1; i <= n; i++) this.sum += this.ring[(this.next - i + RING) % RING];
	}

	/** Starts again (after a gap). */
	reset(): void {
		this.filled = 0;
		this.sum = 0;
	}

	/** One sample in, the average of the last beat out (of fewer samples until a beat is held). */
	push(v: number): number {
		const k = this.length;
		if (this.filled >= k) this.sum -= this.ring[(this.next - k + RING) % RING];
		this.ring[this.next] = v;
		this.next = (this.next + 1) % RING;
		if (this.filled < RING) this.filled++;
		this.sum += v;
		return this.sum / Math.min(k, this.filled);
	}
}
