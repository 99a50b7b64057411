import { RecentValues } from '../dsp/median';
import type { FlowEstimator } from './flow';

/**
 * The slower direction's levels follow its own typical peak flow, down to this share of the
 * typical flow of both: an inhale is often slower than the exhale before it (5 s against 3-4 s
 * at 5-1-4), and levels set by the faster exhale would confirm every inhale late.
 */
const DIRECTION_SHARE_MIN = 0.5;

/**
 * The flow levels of `PhaseDetector`: a phase starts when the flow passes the rise level and
 * ends when it falls back under the flat level. Both follow the typical peak flow of recent
 * phases (each direction its own, see `DIRECTION_SHARE_MIN`), an envelope of the flow for breaths
 * that shrink a lot, and stay clear of the flow's white noise.
 *
 * The levels themselves are set on every flow sample in the detector's step (phases.ts, with
 * their constants `RISE_LEVEL`, `FLAT_LEVEL`), from these fields, into `upFlat`, `upRise`,
 * `downFlat` and `downRise`: that path stays in one function's body (even inlined methods of
 * another object cost a few percent of the detector's speed there, see `PhaseDetector.step`).
 * What they follow is learnt and forgotten here.
 */
export class FlowLevels {
	/** The levels of each direction for the current flow sample (see `DIRECTION_SHARE_MIN`). */
	upFlat = NaN;
	upRise = NaN;
	downFlat = NaN;
	downRise = NaN;
	/** Typical peak flow (median of recent phases), mirrored into `fe.typicalFlow`. */
	typicalFlow = 0;
	/** Each direction's typical peak flow as a share of `typicalFlow`, at most 1 (`directionShare`). */
	riseShare = 1;
	fallShare = 1;
	/** Envelope of |flow| over ~8 s (the detector's step follows it). */
	envelope = 0;

	private readonly peakFlows = new RecentValues(6);
	/** Peak flows of recent rises and of recent falls, each direction on its own. */
	private risePeaks = new RecentValues(3);
	private fallPeaks = new RecentValues(3);
	private warmupSum = 0;
	private warmupCount = 0;
	private warmupStart = NaN;

	constructor(private readonly fe: FlowEstimator) {}

	/** How many phases the typical peak flow is the median of (a jolt is told only after 3). */
	get phasesMeasured(): number {
		return this.peakFlows.length;
	}

	/** A phase in direction `dir` ended, its flow peaking at `peakFlow`. */
	learn(dir: 1 | -1, peakFlow: number): void {
		this.peakFlows.push(peakFlow);
		this.typicalFlow = this.fe.typicalFlow = this.peakFlows.median();
		(dir > 0 ? this.risePeaks : this.fallPeaks).push(peakFlow);
		this.riseShare = directionShare(this.risePeaks, this.typicalFlow);
		this.fallShare = directionShare(this.fallPeaks, this.typicalFlow);
	}

	/** The breaths before a move say nothing of the size of those after it (see `forgetBreathSize`). */
	forget(): void {
		this.peakFlows.clear();
		this.risePeaks.clear();
		this.fallPeaks.clear();
		this.riseShare = this.fallShare = 1;
		this.envelope = 0;
	}

	/** The signal is turned over: rises are falls. */
	turnOver(): void {
		const risePeaks = this.risePeaks;
		this.risePeaks = this.fallPeaks;
		this.fallPeaks = risePeaks;
		const riseShare = this.riseShare;
		this.riseShare = this.fallShare;
		this.fallShare = riseShare;
	}
	/**
	 * Until phases are measured, the peak flow is guessed from the mean |flow| (π/2 for a sine):
	 * false while it is not yet known (the first 2 s of signal, or a signal with no flow at all).
	 */
	warmUp(): boolean {
		const fe = this.fe;
		const ft = fe.flowT;
		const f = fe.flow;
		const abs = f < 0 ? -f : f;
		if (Number.isNaN(this.warmupStart)) this.warmupStart = ft;
		this.warmupSum += abs;
		this.warmupCount++;
		if (ft - this.warmupStart < 2) return false;
		this.typicalFlow = fe.typicalFlow = (1.6 * this.warmupSum) / this.warmupCount;
		this.envelope = this.warmupSum / this.warmupCount;
		return this.typicalFlow !== 0;
	}
}

/**
 * A direction's typical peak flow as a share of the typical flow of both, at most 1 (1 until two
 * of its phases are measured: one is not yet a typical flow).
 */
function directionShare(peaks: RecentValues, typical: number): number {
	if (peaks.length < 2 || !(typical > 0)) return 1;
	return Math.min(1, Math.max(DIRECTION_SHARE_MIN, peaks.median() / typical));
}
