import type { FlowEstimator } from './flow';
import type { FlowLevels } from './flow-levels';
import type { Pauses } from './pauses';

/** The flow levels a crossing time is taken at: flat, rise, and half the phase's peak flow. */
export const enum Level {
	Flat,
	Rise,
	HalfPeak
}

/**
 * The flank of `PhaseDetector`'s phase in progress, and where its edges are: each edge time is
 * the zero of the straight line through the flow's crossings of the flat and the rise level,
 * which puts the edge of a smooth flank where the flow actually reaches zero.
 *
 * The detector's step notes the crossings and the exits on every flow sample, in these fields
 * (in its own body: the path every sample takes stays in one function, see
 * `PhaseDetector.stepNow`); the edges are worked out here when a phase starts or ends, and the
 * rare crossing times out of line.
 */
export class Flank {
	/** The flat and rise levels of the phase in progress (or of the phase starting). */
	flatLevel = NaN;
	riseLevel = NaN;
	/** The phase's peak flow so far, in its own direction. */
	peakFlow = 0;
	/** Interpolated times the flow crossed the flat and the rise levels on the current flank. */
	flatCrossT = NaN;
	riseCrossT = NaN;
	/** Where the flow of the phase in progress fell back through the rise level and half its peak. */
	hiExitT = NaN;
	halfExitT = NaN;
	/** Where the phase ending now would have ended, from its flank back towards zero (or NaN). */
	predictedEnd = NaN;
	/** Where the phase that ended left its flat level, and whether a whole flank came down. */
	loExitT = NaN;
	whole = false;

	constructor(
		private readonly fe: FlowEstimator,
		private readonly levels: FlowLevels,
		private readonly pauses: Pauses
	) {}

	/** The start of a phase whose flow passed the rise level at the current flow sample. */
	startT(): number {
		const ft = this.fe.flowT;
		const hi = this.riseLevel;
		const lo = this.flatLevel;
		let start = ft;
		if (this.riseCrossT > this.flatCrossT && this.flatCrossT > ft - 3) {
			// Edge = zero of the line through the flat-level and rise-level crossings of this flank.
			start = this.flatCrossT - (lo * (this.riseCrossT - this.flatCrossT)) / (hi - lo);
		} else if (this.pauses.sweepsOn(this.flatCrossT, ft)) {
			start = this.pauses.sweepStart(this.flatCrossT, lo);
		}
		this.pauses.endSweep();
		this.halfExitT = this.hiExitT = NaN;
		return start;
	}

	/**
	 * The end of the phase in direction `dir` whose flow fell back to the flat level at the current
	 * flow sample, or lingered (sets `loExitT` and `whole`).
	 */
	endT(dir: 1 | -1): number {
		const fe = this.fe;
		const ft = fe.flowT;
		const hi = this.riseLevel;
		const lo = this.flatLevel;
		// Edge = zero of the line through the rise-level and flat-level crossings of this flank;
		// a flow that lingered above the flat level ends where its flank pointed.
		let end = cross(fe.prevFlowT, dir * fe.prevFlow, ft, dir * fe.flow, lo);
		this.loExitT = end;
		const whole = this.hiExitT < end && this.hiExitT > end - 3;
		this.whole = whole;
		if (whole) end += (lo * (end - this.hiExitT)) / (hi - lo);
		if (this.predictedEnd < end) end = this.predictedEnd;
		if (end < ft - 3) end = ft;
		return end;
	}

	/** The signal stopped: no crossing before it counts. */
	restart(): void {
		this.flatCrossT = this.riseCrossT = this.hiExitT = NaN;
	}

	/**
	 * When the flow passed level `which` of this sample (on the side of its sign) since the
	 * previous sample. Crossings are rare; computing them out of line from fields keeps the
	 * flow values unboxed on the path every sample takes.
	 */
	levelCrossT(which: Level.Flat | Level.Rise): number {
		const fe = this.fe;
		const f = fe.flow;
		const l = this.levels;
		const level = which === Level.Flat ? (f > 0 ? l.upFlat : -l.downFlat) : f > 0 ? l.upRise : -l.downRise;
		return cross(fe.prevFlowT, fe.prevFlow, fe.flowT, f, level);
	}

	/** When the flow of the phase in direction `dir` fell through level `which` (see `levelCrossT`). */
	exitT(dir: 1 | -1, which: Level.Rise | Level.HalfPeak): number {
		const level = which === Level.Rise ? this.riseLevel : 0.5 * this.peakFlow;
		const fe = this.fe;
		return cross(fe.prevFlowT, dir * fe.prevFlow, fe.flowT, dir * fe.flow, level);
	}
}

/** Time the flow passed `level` between two samples (clamped to them). */
function cross(t0: number, f0: number, t1: number, f1: number, level: number): number {
	const d = f1 - f0;
	if (d === 0) return t1;
	const u = (level - f0) / d;
	return u <= 0 ? t0 : u >= 1 ? t1 : t0 + u * (t1 - t0);
}
