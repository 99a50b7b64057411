/**
 * Session time for the live view, ticking only while there is something to move: 4 times a second
 * while a wearable streams (the traces scroll), once a second while a card says how old its last
 * reading is, and not at all when nothing changes (an idle page does no work).
 */
export class Ticker {
	now = $state(0);
	private handle: ReturnType<typeof setInterval> | null = null;
	private periodMs: number | null = null;

	constructor(private readonly clock: () => number) {
		this.now = clock();
	}

	/** Tick every `periodMs`, or stop with null. Calling again with the same period changes nothing. */
	run(periodMs: number | null): void {
		if (periodMs === this.periodMs) return;
		this.stop();
		this.periodMs = periodMs;
		this.now = this.clock();
		if (periodMs !== null) this.handle = setInterval(() => (this.now = this.clock()), periodMs);
	}

	stop(): void {
		if (this.handle !== null) clearInterval(this.handle);
		this.handle = null;
		this.periodMs = null;
	}
}
