/** What `PhaseDetector` (phases.ts) reports; the engine maps rise/fall onto inhale/exhale. */
export interface PhaseSink {
	/** A rising (dir 1) or falling (dir -1) phase started at `t`. */
	phaseStart(dir: 1 | -1, t: number, at: number): void;
	/** The phase in direction `dir` ended at `t`: the signal is flat until the next phase. */
	phaseEnd(dir: 1 | -1, t: number, at: number): void;
	/** A phase the detector had announced turned out to be a wiggle; the previous one goes on. */
	phaseRetracted(dir: 1 | -1, resumed: 'flat' | 'moving', at: number): void;
	/**
	 * A full rise-flat-fall-flat cycle is known, from the start of one rise to the start of the
	 * next. `peak` and `trough` are times; `excursion` is top minus bottom in signal units.
	 */
	cycle(c: Cycle, at: number): void;
	/** No breathing movement since `t` for more than `APNEA_SECONDS` (apnea-clock.ts). */
	stillSince(t: number, at: number): void;
	/** Movement resumed at `t` after `stillSince`. */
	movingAgain(t: number, at: number): void;
	/** The signal stopped (a gap, or motion): the phase in progress is forgotten. */
	interrupted(): void;
	/** A jolt (motion artefact) started or ended; the signal is ignored meanwhile. */
	artifact(active: boolean, at: number): void;
}

export interface Cycle {
	riseStart: number;
	riseEnd: number;
	fallStart: number;
	fallEnd: number;
	nextRiseStart: number;
	excursion: number;
	/**
	 * The signal stopped during the fall: the rise and the fall's start are known, the fall's end
	 * is not (`fallEnd` is where the signal stopped, `nextRiseStart` NaN). Not a breath on its own;
	 * on a signal that falls on inhale it completes the breath of the cycle before (its exhale).
	 */
	partial?: boolean;
}
