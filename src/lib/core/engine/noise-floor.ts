/**
 * The white-noise variance a chest signal carries, learnt from what its low-pass removes, while
 * the wearer is still (chest.ts).
 *
 * Why afresh after a move: the noise is the sensor's and the body's (quantisation, the heart's
 * shake), and both change with a move: a strap sits somewhere else on the skin, a heart that
 * walked beats harder. An estimate kept across the move tells the detector of a noise the signal
 * no longer has, and hides the small first breaths after it. So a still spell is learnt from
 * nothing: a plain mean of its samples until it holds a time constant of them, an exponential
 * average from then on.
 *
 * Why clipped: once the estimate has settled, a sample counts for at most 2σ, so the tail of a
 * posture change does not pass for noise for the next minute.
 */
export class NoiseFloor {
	/** The variance (units²), 0 until a sample is in. */
	variance = 0;
	private k = 1;
	/** Samples learnt since the start or the last move. */
	private n = 0;

	/** The sample rate (Hz) and the time constant (s) of the exponential average. */
	configure(sampleRateHz: number, tauSeconds: number): void {
		this.k = 1 - Math.exp(-1 / (sampleRateHz * tauSeconds));
	}

	/** The wearer moved: the noise is learnt again from what comes after. */
	restart(): void {
		this.n = 0;
	}

	/** One sample of the noise, squared, taken while still. */
	learn(r2: number): void {
		const n = ++this.n;
		const k = this.k;
		// Clipping waits for two time constants of samples: the estimate must exist first.
		if (n * k > 2 && r2 > 4 * this.variance) r2 = 4 * this.variance;
		this.variance += (n * k < 1 ? 1 / n : k) * (r2 - this.variance);
	}
}
