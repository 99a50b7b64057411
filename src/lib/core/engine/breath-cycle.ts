import { RecentValues } from '../dsp/median';
import type { EdgeRefiner } from './edges';
import type { FlowEstimator } from './flow';
import type { Cycle, PhaseSink } from './phase-sink';

/**
 * The breath cycle `PhaseDetector` builds from its phases: the edges of the cycle under way, and
 * of the one waiting for the next rise to prove real before it is reported (refined on the level
 * by `EdgeRefiner`). What complete cycles tell of the breathing is learnt here too: the size of a
 * breath (top minus bottom) and the signal's drift (its mean slope over a whole cycle).
 */
export class BreathCycle {
	// Edges of the cycle being built, and of the one waiting for the next rise to be confirmed.
	riseStart = NaN;
	riseEnd = NaN;
	fallStart = NaN;
	fallEnd = NaN;
	/** The signal's level at the bottom before the rise, at the top, and where the cycle began. */
	bottomX = NaN;
	topX = NaN;
	private cycleStartX = NaN;
	/** The cycle waiting for the next rise, and a cycle stopped during its fall (see `Cycle`). */
	private readonly pending: Cycle = blankCycle();
	private pendingOpen = false;
	private readonly partialCycle: Cycle = { ...blankCycle(), partial: true };

	private readonly excursions = new RecentValues(6);
	/** `excursions.median(0)`, kept up to date: it is asked on every sample of a new phase. */
	medianExcursion = 0;
	private readonly drifts = new RecentValues(3);

	constructor(
		private readonly sink: PhaseSink,
		private readonly edges: EdgeRefiner,
		private readonly fe: FlowEstimator
	) {}

	/**
	 * The signal stopped at `start` during the fall of the cycle (the phase started at level
	 * `phaseStartX`): the cycle is handed on as partial (see `Cycle`).
	 */
	stoppedInFall(start: number, phaseStartX: number): void {
		if (!this.pendingOpen && this.riseStart < this.riseEnd) {
			const c = this.partialCycle;
			this.fill(c, Math.max(this.fallStart, start), c.nextRiseStart, phaseStartX);
			this.edges.refine(c, this.fe.noiseHint);
			this.sink.cycle(c, start);
		}
	}

	/**
	 * A rise starts at `start` from level `phaseStartX`; `fromBottom`: out of the flat after a fall.
	 * The cycle before it is complete once this rise proves real.
	 */
	riseBegins(start: number, phaseStartX: number, fromBottom: boolean): void {
		this.bottomX = phaseStartX;
		// A rise retracted as a wiggle leaves its start behind: only a rise that ended counts.
		if (fromBottom && this.riseStart < this.riseEnd) {
			this.fill(this.pending, this.fallEnd, start, phaseStartX);
			this.pendingOpen = true;
		}
		this.riseStart = start;
	}

	/** A fall starts at `start` from level `phaseStartX` (the top). */
	fallBegins(start: number, phaseStartX: number): void {
		this.topX = phaseStartX;
		this.fallStart = start;
	}

	/**
	 * The rise that started from level `phaseStartX` proved real (at `now`): the cycle before it is
	 * reported, and its size and drift learnt. The drift taken off the flow is at most `maxDrift`
	 * (the flat level): a steeper one is no sensor's (those measured stay under it) but a cycle that
	 * is no whole breath (the first, begun mid-breath, gave a third of the peak flow), and taken off
	 * the flow it makes a held breath a phase.
	 */
	riseProved(phaseStartX: number, maxDrift: number, now: number): void {
		if (!this.pendingOpen) return;
		this.pendingOpen = false;
		const p = this.pending;
		if (p.excursion > 0) {
			this.excursions.push(p.excursion);
			this.medianExcursion = this.excursions.median(0);
			// Mean slope over a whole cycle is the belt's drift, not breathing.
			const cycleSeconds = p.nextRiseStart - p.riseStart;
			if (!Number.isNaN(this.cycleStartX) && cycleSeconds > 0) {
				this.drifts.push((phaseStartX - this.cycleStartX) / cycleSeconds);
				const drift = this.drifts.median();
				this.fe.drift = drift > maxDrift ? maxDrift : drift < -maxDrift ? -maxDrift : drift;
			}
		}
		this.edges.refine(p, this.fe.noiseHint);
		this.sink.cycle(p, now);
	}

	/** A new cycle begins at level `phaseStartX` (a rise that proved real, not resumed). */
	begins(phaseStartX: number): void {
		this.cycleStartX = phaseStartX;
	}

	/** The rise in progress was a wiggle: the cycle before it is not complete after all. */
	riseRetracted(): void {
		if (this.pendingOpen) {
			this.pendingOpen = false;
			this.riseStart = this.pending.riseStart;
		}
	}

	/**
	 * The recording ends (at `now`): a breath whose exhale has finished is reported, though the
	 * pause after it was not seen (it counts as none). `atBottom`: the signal is in the flat after a fall.
	 */
	finish(now: number, atBottom: boolean): void {
		if (this.pendingOpen) {
			this.pendingOpen = false;
			this.edges.refine(this.pending, this.fe.noiseHint);
			this.sink.cycle(this.pending, now);
		} else if (atBottom && this.riseStart < this.riseEnd && this.riseEnd <= this.fallEnd) {
			const p = this.pending;
			this.fill(p, this.fallEnd, this.fallEnd, this.bottomX);
			this.edges.refine(p, this.fe.noiseHint);
			this.sink.cycle(p, now);
		}
	}

	/**
	 * Writes the cycle under way into `c`, its fall ending at `fallEnd` and the next rise starting
	 * at `nextRiseStart`; its excursion is from where it began (or, not known, from level
	 * `bottomX`) to the top.
	 */
	private fill(c: Cycle, fallEnd: number, nextRiseStart: number, bottomX: number): void {
		c.riseStart = this.riseStart;
		c.riseEnd = this.riseEnd;
		c.fallStart = this.fallStart;
		c.fallEnd = fallEnd;
		c.nextRiseStart = nextRiseStart;
		c.excursion = this.topX - (Number.isNaN(this.cycleStartX) ? bottomX : this.cycleStartX);
	}

	/** The signal stopped: the cycle under way, and the one waiting, are forgotten. */
	restart(): void {
		this.pendingOpen = false;
		this.riseStart = this.riseEnd = this.fallStart = this.fallEnd = NaN;
		this.cycleStartX = NaN;
	}

	/** The size and drift learnt go (see `PhaseDetector.forgetBreathSize`). */
	forget(): void {
		this.drifts.clear();
		this.fe.drift = 0;
		this.excursions.clear();
		this.medianExcursion = 0;
	}

	/** The signal is turned over: a rise is a fall, a top a bottom, and levels are negated. */
	turnOver(): void {
		this.drifts.clear();
		const riseStart = this.riseStart;
		const riseEnd = this.riseEnd;
		this.riseStart = this.fallStart;
		this.riseEnd = this.fallEnd;
		this.fallStart = riseStart;
		this.fallEnd = riseEnd;
		this.pendingOpen = false;
		const topX = this.topX;
		this.topX = -this.bottomX;
		this.bottomX = -topX;
		this.cycleStartX = -topX;
	}
}

/** A cycle with no edges yet: the detector fills one in place for each report. */
function blankCycle(): Cycle {
	return { riseStart: NaN, riseEnd: NaN, fallStart: NaN, fallEnd: NaN, nextRiseStart: NaN, excursion: 0 };
}
