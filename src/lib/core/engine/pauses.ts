import { RecentValues } from '../dsp/median';

/**
 * Where this person's recent breaths went straight on from one phase to the next (the flat
 * between them shorter than `STRAIGHT_ON_SECONDS`: RespInPeace drops holds under 0.25 s), a flow
 * that goes on through zero as fast as the phase before came down to the flat level (within
 * `SWEEP_FACTOR` times its time from the rise level to the flat level) starts the next phase at
 * the flat level instead of the rise level: at 5-1-4 the inhale follows the exhale at once.
 * Where breaths pause (the hold at the top, box breathing), a wobble in the pause is no phase.
 */
export const STRAIGHT_ON_SECONDS = 0.25;
const SWEEP_FACTOR = 3;

/**
 * The pauses of `PhaseDetector`: the flats (pause, hold) of recent breaths at the bottom and at
 * the top, and the straight-on sweep they allow after a phase (see `STRAIGHT_ON_SECONDS`).
 */
export class Pauses {
	/**
	 * Until when a flow going straight on through zero starts the next phase at the flat level
	 * (NaN: no sweep). Read on the samples of a flat, so a field, not a method.
	 */
	sweepUntil = NaN;
	/** Where the phase that just ended crossed its flat level, and that level. */
	private sweepFromT = NaN;
	private sweepFromLevel = NaN;
	/** The flats (pause, hold) of recent breaths at the bottom and at the top, seconds. */
	private bottomFlats = new RecentValues(3);
	private topFlats = new RecentValues(3);

	/**
	 * The phase in direction `dir` ended: its flow left the flat level `lo` at `loExitT`, and the
	 * rise level at `hiExitT` when `flank` (a whole flank down, not a flow that lingered).
	 */
	phaseEnded(dir: 1 | -1, loExitT: number, lo: number, hiExitT: number, flank: boolean): void {
		this.sweepFromT = loExitT;
		this.sweepFromLevel = lo;
		const flats = dir > 0 ? this.topFlats : this.bottomFlats;
		const straightOn = flats.length >= 2 && flats.median() < STRAIGHT_ON_SECONDS;
		this.sweepUntil = flank && straightOn ? loExitT + SWEEP_FACTOR * (loExitT - hiExitT) : NaN;
	}

	/** A phase starting at flow sample `ft`, whose flow crossed its flat level at `flatCrossT`, sweeps on. */
	sweepsOn(flatCrossT: number, ft: number): boolean {
		return flatCrossT > this.sweepFromT && ft <= this.sweepUntil;
	}

	/**
	 * Straight on through zero: the start of a phase whose flow crossed its flat level `lo` at
	 * `flatCrossT` is the zero of the line through the two flat-level crossings.
	 */
	sweepStart(flatCrossT: number, lo: number): number {
		const from = this.sweepFromLevel;
		return this.sweepFromT + ((flatCrossT - this.sweepFromT) * from) / (from + lo);
	}

	/** A phase started: the sweep, used or not, is over. */
	endSweep(): void {
		this.sweepUntil = NaN;
	}

	/** A phase in direction `dir` proved real; `flat` is the flat it came out of, seconds. */
	flatBefore(dir: 1 | -1, flat: number): void {
		if (flat >= 0) (dir > 0 ? this.bottomFlats : this.topFlats).push(flat);
	}

	/** The signal stopped: no sweep from a phase before it. */
	restart(): void {
		this.sweepFromT = this.sweepUntil = NaN;
	}

	/** The signal is turned over: the bottom is the top. */
	turnOver(): void {
		const bottomFlats = this.bottomFlats;
		this.bottomFlats = this.topFlats;
		this.topFlats = bottomFlats;
	}
}
