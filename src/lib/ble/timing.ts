/**
 * Placing device samples on the session clock (seconds, shared by every device of a session).
 * Pure: arrival times are passed in, so tests need no timers.
 *
 * Rules for every stream:
 * - Never invent data. When packets were lost (the wearable was out of reach), the next samples
 *   are re-anchored to their arrival time and the missing span is simply absent; the engine sees
 *   the jump in sample times and reports a gap.
 * - Time only moves forward. The engine drops a sample that is not later than the one before it,
 *   so a correction must never move a stream back in time. Corrections (a better latency estimate,
 *   a device crystal running a little fast or slow) are absorbed gradually instead: each step
 *   between samples is stretched or shortened by a few percent until the stream is back in line.
 */

/** Smallest correction rate: keeps up with a device clock that is 1 % off, with room to spare. */
const MIN_SLEW = 0.05;
/** Largest correction rate: a step between samples never shrinks below half its device length. */
const MAX_SLEW = 0.5;
/** Larger errors are corrected faster: roughly this many seconds of samples to absorb one. */
const ABSORB_S = 10;
/** A disagreement this large is not drift but a different timeline (device restarted, bad data). */
const RESET_S = 30;

/** Minimum of (time, value) pairs over a sliding time window (monotonic deque, O(1) amortised). */
class WindowMin {
	private t: number[] = [];
	private v: number[] = [];
	constructor(private readonly windowS: number) {}

	clear(): void {
		this.t = [];
		this.v = [];
	}

	push(t: number, v: number): number {
		while (this.v.length && this.v[this.v.length - 1] >= v) {
			this.v.pop();
			this.t.pop();
		}
		this.t.push(t);
		this.v.push(v);
		let drop = 0;
		while (drop < this.t.length - 1 && this.t[drop] < t - this.windowS) drop++;
		if (drop) {
			this.t.splice(0, drop);
			this.v.splice(0, drop);
		}
		return this.v[0];
	}
}

export interface ArrivalClockOptions {
	/**
	 * When the newest sample would land this much (s) before its arrival, packets were lost:
	 * jump forward to the arrival and leave the span empty.
	 */
	lostAfterS: number;
	/** Span (s) over which the fastest delivery is taken as the clock difference. */
	windowS?: number;
}

/**
 * The shared core: samples stamped on a device timeline (seconds, only their differences matter)
 * go to session time = device time + offset. The offset target is the smallest "arrival minus
 * device time" of the last `windowS` seconds: a packet cannot arrive before its newest sample was
 * taken, so the fastest delivery is the best estimate; the window lets the estimate rise again
 * when the device clock runs slow. The offset in use moves towards that target gradually.
 */
export class ArrivalClock {
	private offset = 0;
	private anchored = false;
	private lastOut = -Infinity;
	/** Device time of the previous sample on this timeline, or null right after (re)anchoring. */
	private prevDevice: number | null = null;
	private readonly best: WindowMin;

	constructor(private readonly options: ArrivalClockOptions) {
		this.best = new WindowMin(options.windowS ?? 10);
	}

	/** The device timeline starts again (a reconnect restarts RR sums or sample counts). */
	restart(): void {
		this.anchored = false;
	}

	/** Session time of the newest sample placed so far. */
	get last(): number {
		return this.lastOut;
	}

	/**
	 * Session times for samples at `device` (device seconds, increasing), delivered at `arrivalS`.
	 * `firstStepS`: the device spacing before the first sample, used only where a stream has to
	 * continue after the newest time already given out.
	 */
	place(device: ArrayLike<number>, arrivalS: number, firstStepS: number): Float64Array {
		const n = device.length;
		const out = new Float64Array(n);
		if (n === 0) return out;
		const candidate = arrivalS - device[n - 1];
		if (
			!this.anchored ||
			candidate - this.offset > this.options.lostAfterS ||
			Math.abs(candidate - this.offset) > RESET_S
		) {
			// First packet, packets lost, or a new timeline: newest sample at its arrival.
			this.best.clear();
			this.offset = candidate;
			this.prevDevice = null;
			this.anchored = true;
		}
		const target = this.best.push(arrivalS, candidate);
		for (let i = 0; i < n; i++) {
			const d = device[i];
			const step = this.prevDevice === null ? 0 : d - this.prevDevice;
			if (step > 0) {
				const error = target - this.offset;
				const rate = Math.min(MAX_SLEW, Math.max(MIN_SLEW, Math.abs(error) / ABSORB_S));
				this.offset += Math.max(-rate * step, Math.min(rate * step, error));
			}
			let t = d + this.offset;
			if (t <= this.lastOut) {
				// Only after re-anchoring (or a device timestamp that stood still): continue from the
				// newest time given out, one device step later; the offset then eases back to target.
				t = this.lastOut + (step > 0 ? step : firstStepS);
				this.offset = t - d;
			}
			out[i] = t;
			this.lastOut = t;
			this.prevDevice = d;
		}
		return out;
	}
}

/**
 * Beat times for a heart-rate strap. RR intervals arrive in 1/1024 s; the strap's beat timeline is
 * the running sum of those raw integers (no rounding build-up). The newest beat of the first packet
 * is placed at its arrival; after that the shared core keeps beats in line with arrivals. If the
 * beats fall far behind arrival, notifications were lost: the next packet re-anchors forward.
 */
export class RrBeatClock {
	/** 1/1024 s units on the strap's beat timeline, up to the newest beat placed. */
	private units = 0;
	private readonly clock: ArrivalClock;

	/** `maxLagS`: how far behind arrival the newest beat may be before re-anchoring. */
	constructor(maxLagS = 2.5) {
		this.clock = new ArrivalClock({ lostAfterS: maxLagS, windowS: 15 });
	}

	/** After a reconnect: the next packet anchors afresh (still never before the last beat). */
	reset(): void {
		this.units = 0;
		this.clock.restart();
	}

	/** Times (session s) of the beats that end each RR interval of one packet, oldest first. */
	place(rrRaw: readonly number[], arrivalS: number): Float64Array {
		const n = rrRaw.length;
		const device = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			this.units += rrRaw[i];
			device[i] = this.units / 1024;
		}
		return this.clock.place(device, arrivalS, n ? rrRaw[0] / 1024 : 0);
	}
}

/**
 * Device timestamps (ns, Polar's clock since 2000) to session seconds. The device clock keeps
 * running while the link is down, so the offset stays valid across reconnects and gaps keep their
 * length; a device clock that jumps (the sensor restarted) is re-anchored forward.
 */
export class DeviceClock {
	private base: bigint | null = null;
	private readonly clock = new ArrivalClock({ lostAfterS: 5 });

	/** `sampleNs`: each sample's device timestamp, oldest first; the newest marks the arrival. */
	place(sampleNs: ArrayLike<bigint>, arrivalS: number): Float64Array {
		const n = sampleNs.length;
		if (n === 0) return new Float64Array(0);
		this.base ??= sampleNs[n - 1];
		const base = this.base;
		const device = new Float64Array(n);
		for (let i = 0; i < n; i++) device[i] = Number(sampleNs[i] - base) / 1e9;
		const step = n > 1 ? (device[n - 1] - device[0]) / (n - 1) : 0.01;
		return this.clock.place(device, arrivalS, step > 0 ? step : 0.01);
	}
}

/**
 * Evenly spaced samples (the Go Direct belt: one every `periodS`, no timestamps on the wire).
 * The belt's timeline is its sample count times the period; the newest sample of the first packet
 * is placed at its arrival. Packets lost (predicted time too far behind arrival) re-anchor forward,
 * which leaves a gap instead of squeezing time.
 */
export class PeriodicClock {
	private count = 0;
	private readonly clock: ArrivalClock;

	constructor(
		private readonly periodS: number,
		maxLagS = 1
	) {
		this.clock = new ArrivalClock({ lostAfterS: maxLagS });
	}

	reset(): void {
		this.count = 0;
		this.clock.restart();
	}

	place(count: number, arrivalS: number): Float64Array {
		const device = new Float64Array(count);
		for (let i = 0; i < count; i++) device[i] = (this.count + i) * this.periodS;
		this.count += count;
		return this.clock.place(device, arrivalS, this.periodS);
	}
}

/** Session clock: seconds since the session began, shared by all devices. */
export class SessionClock {
	private readonly origin: number;
	constructor(private readonly source: () => number = () => performance.now()) {
		this.origin = source();
	}
	now(): number {
		return this.at(this.source());
	}
	/** Session time of a moment on the source's own timeline (ms), e.g. an event's timeStamp. */
	at(sourceMs: number): number {
		return (sourceMs - this.origin) / 1000;
	}
}
