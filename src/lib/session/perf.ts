/**
 * Figures the browser benchmark and the end-to-end tests read from a running session (on
 * `window.__tidalSession`): sample → event latencies, chart frame times and the newest sample
 * received. Bounded: the newest few thousand of each.
 */
const KEEP = 5000;

export class SessionPerf {
	readonly latencies: number[] = [];
	readonly chartFrames: number[] = [];
	/** Session time of the newest sample received from any wearable. */
	lastReceivedT = -Infinity;
	/** Samples received so far. */
	samples = 0;

	constructor() {
		if (typeof window !== 'undefined')
			(window as unknown as { __tidalSession?: SessionPerf }).__tidalSession = this;
	}

	latency(ms: number): void {
		push(this.latencies, ms);
	}

	chartFrame(ms: number): void {
		push(this.chartFrames, ms);
	}

	received(t: number, n = 1): void {
		if (t > this.lastReceivedT) this.lastReceivedT = t;
		this.samples += n;
	}
}

function push(list: number[], v: number): void {
	list.push(v);
	if (list.length > KEEP) list.splice(0, list.length - KEEP);
}
