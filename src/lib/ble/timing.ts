/**
 * Placing device samples on the session clock (seconds, shared by every device of a session).
 * Pure: arrival times are passed in, so tests need no timers.
 *
 * Rule for every stream: never invent data. When packets were lost (the wearable was out of
 * reach), the next samples are re-anchored to their arrival time and the missing span is simply
 * absent; the engine sees the jump in sample times and reports a gap.
 */

/**
 * Beat times for a heart-rate strap. RR intervals arrive in 1/1024 s; beats are placed by summing
 * those raw integers (no rounding build-up), anchored so the newest beat of the first packet falls
 * at its arrival time. If the summed clock runs ahead of arrival (impossible for a real beat) or
 * falls too far behind (notifications were lost), it is re-anchored to the arrival time.
 */
export class RrBeatClock {
	/** Session time of the reference beat. */
	private anchor = 0;
	/** 1/1024 s units from the reference beat to the newest beat placed. */
	private units = 0;
	private started = false;

	/** `maxLagS`: how far behind arrival the newest beat may be before re-anchoring. */
	constructor(private readonly maxLagS = 2.5) {}

	/** Forget the anchor (after a reconnect): the next packet anchors afresh. */
	reset(): void {
		this.started = false;
		this.units = 0;
	}

	/** Times (session s) of the beats that end each RR interval of one packet, oldest first. */
	place(rrRaw: readonly number[], arrivalS: number): Float64Array {
		const n = rrRaw.length;
		const out = new Float64Array(n);
		if (n === 0) return out;
		let sum = 0;
		for (const r of rrRaw) sum += r;
		const predictedLast = this.anchor + (this.units + sum) / 1024;
		const ahead = predictedLast > arrivalS + 0.05;
		const behind = arrivalS - predictedLast > this.maxLagS;
		if (!this.started || ahead || behind) {
			// Newest beat at arrival; earlier beats step back by their intervals.
			this.anchor = arrivalS - sum / 1024;
			this.units = 0;
			this.started = true;
		}
		let u = this.units;
		for (let i = 0; i < n; i++) {
			u += rrRaw[i];
			out[i] = this.anchor + u / 1024;
		}
		this.units = u;
		// Re-base now and then so `units` stays small.
		if (this.units > 1024 * 3600) {
			this.anchor += this.units / 1024;
			this.units = 0;
		}
		return out;
	}
}

/**
 * Device timestamps (ns, Polar's clock since 2000) to session seconds. The offset is the smallest
 * seen "arrival minus device time": a frame cannot arrive before its last sample was taken, so the
 * fastest delivery is the best estimate of the clock difference. The device clock keeps running
 * while the link is down, so the offset stays valid across reconnects and gaps keep their length.
 */
export class DeviceClock {
	private base: bigint | null = null;
	private offset = 0;
	private lastOut = -Infinity;

	/** `lastDeviceNs`: timestamp of the frame's newest sample; `arrivalS`: session time it arrived. */
	observe(lastDeviceNs: bigint, arrivalS: number): void {
		if (this.base === null) {
			this.base = lastDeviceNs;
			this.offset = arrivalS;
			return;
		}
		const candidate = arrivalS - Number(lastDeviceNs - this.base) / 1e9;
		if (candidate < this.offset) this.offset = candidate;
	}

	/** Session seconds for device timestamps (call observe() for the frame first). */
	map(deviceNs: ArrayLike<bigint>): Float64Array {
		const base = this.base ?? 0n;
		const out = new Float64Array(deviceNs.length);
		for (let i = 0; i < deviceNs.length; i++) {
			// Times never run backwards, even when the offset estimate improves.
			let t = this.offset + Number(deviceNs[i] - base) / 1e9;
			if (t <= this.lastOut) t = this.lastOut + 1e-6;
			out[i] = t;
			this.lastOut = t;
		}
		return out;
	}
}

/**
 * Evenly spaced samples (the Go Direct belt: one every `periodS`, no timestamps on the wire).
 * The newest sample of the first packet is placed at its arrival; later samples follow at the
 * period. Re-anchored when the predicted time drifts ahead of arrival or too far behind it
 * (packets lost), which leaves a gap instead of squeezing time.
 */
export class PeriodicClock {
	private next = 0;
	private started = false;

	constructor(
		private periodS: number,
		private readonly maxLagS = 1
	) {}

	setPeriod(periodS: number): void {
		this.periodS = periodS;
	}

	reset(): void {
		this.started = false;
	}

	place(count: number, arrivalS: number): Float64Array {
		const out = new Float64Array(count);
		if (count === 0) return out;
		const predictedLast = this.next + (count - 1) * this.periodS;
		if (!this.started || predictedLast > arrivalS + 0.25 || arrivalS - predictedLast > this.maxLagS) {
			this.next = arrivalS - (count - 1) * this.periodS;
			this.started = true;
		}
		for (let i = 0; i < count; i++) out[i] = this.next + i * this.periodS;
		this.next += count * this.periodS;
		return out;
	}
}

/** Session clock: seconds since the session began, shared by all devices. */
export class SessionClock {
	private readonly origin: number;
	constructor(private readonly source: () => number = () => performance.now()) {
		this.origin = source();
	}
	now(): number {
		return (this.source() - this.origin) / 1000;
	}
}
