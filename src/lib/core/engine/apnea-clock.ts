import type { PhaseSink } from './phase-sink';

export const APNEA_SECONDS = 10;

/**
 * The apnea clock of `PhaseDetector`: no breathing movement for more than `APNEA_SECONDS` is a
 * held breath (`stillSince`), and the next phase that proves itself ends it (`movingAgain`).
 */
export class ApneaClock {
	/** When the signal last moved like breathing (NaN until the signal starts, and after a gap). */
	lastMotion = NaN;
	/** When the flank of the phase in progress began to move. */
	movedAt = NaN;
	private still = false;

	constructor(private readonly sink: PhaseSink) {}

	/**
	 * The flow sample at `ft` (the latest raw sample at `now`); `proving`: a phase is under way that
	 * has not yet moved enough to be breathing.
	 */
	tick(ft: number, now: number, proving: boolean): void {
		// The apnea clock starts with the signal (and again after a gap): a breath already held
		// when the wearable came back, or when the wearer settled into a stretch, still counts.
		if (this.lastMotion !== this.lastMotion) this.lastMotion = ft;
		// While a phase is still proving itself, wait: it may be the breath coming back. One that
		// has not proved itself in an apnea's length is not a breath (a slow drift, a posture
		// settling while the breath is held) and no longer hides the held breath.
		const moving = proving && ft - this.movedAt < APNEA_SECONDS;
		if (!this.still && !moving && ft - this.lastMotion > APNEA_SECONDS) {
			this.still = true;
			this.sink.stillSince(this.lastMotion, now);
		}
	}

	/** Breathing movement since `t` (reported at `at`): a held breath, if any, is over. */
	moving(t: number, at: number): void {
		if (this.still) {
			this.still = false;
			this.sink.movingAgain(t, at);
		}
	}
}
