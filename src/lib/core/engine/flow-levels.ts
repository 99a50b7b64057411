import { RecentValues } from '../dsp/median';
import { FLAT_NOISE_MARGIN, type FlowEstimator } from './flow';

/** Flow levels, as fractions of the typical peak flow. */
const RISE_LEVEL = 0.08;
const FLAT_LEVEL = 0.035;
/**
 * The slower direction's levels follow its own typical peak flow, down to this share of the
 * typical flow of both: an inhale is often slower than the exhale before it (5 s against 3-4 s
 * at 5-1-4), and levels set by the faster exhale would confirm every inhale late.
 */
const DIRECTION_SHARE_MIN = 0.5;
/** Levels stay this many flow-noise deviations clear of the noise. */
const RISE_NOISE_MARGIN = 5;

/**
 * The flow levels of `PhaseDetector`: a phase starts when the flow passes the rise level and
 * ends when it falls back under the flat level. Both follow the typical peak flow of recent
 * phases (each direction its own, see `DIRECTION_SHARE_MIN`), an envelope of the flow for breaths
 * that shrink a lot, and stay clear of the flow's white noise.
 *
 * Like `FlowEstimator`, it leaves the levels in fields (`upFlat`, `upRise`, `downFlat`,
 * `downRise`): no double is passed or returned on the path every sample takes (see
 * `PhaseDetector.stepNow`). `follow` and `set` take the detector's estimator as an argument (the
 * one this object holds): V8 inlines them into the detector's step, and there it knows the two
 * are one object, so the flow sample is read once.
 */
export class FlowLevels {
	/** The levels of each direction for the current flow sample (see `DIRECTION_SHARE_MIN`). */
	upFlat = NaN;
	upRise = NaN;
	downFlat = NaN;
	downRise = NaN;
	/** Typical peak flow (median of recent phases), mirrored into `fe.typicalFlow`. */
	typicalFlow = 0;

	private readonly peakFlows = new RecentValues(6);
	/** Peak flows of recent rises and of recent falls, each direction on its own. */
	private risePeaks = new RecentValues(3);
	private fallPeaks = new RecentValues(3);
	/** Each direction's typical peak flow as a share of `typicalFlow`, at most 1 (`directionShare`). */
	private riseShare = 1;
	private fallShare = 1;
	/** Envelope of |flow| over ~8 s. */
	private envelope = 0;
	private warmupSum = 0;
	private warmupCount = 0;
	private warmupStart = NaN;

	constructor(private readonly fe: FlowEstimator) {}

	/** How many phases the typical peak flow is the median of (a jolt is told only after 3). */
	get phasesMeasured(): number {
		return this.peakFlows.length;
	}

	/**
	 * Follows the flow sample's size; false while the typical peak flow is not yet known (the
	 * first 2 s of signal, or a signal with no flow at all).
	 */
	follow(fe: FlowEstimator): boolean {
		const f = fe.flow;
		const abs = f < 0 ? -f : f;
		// Envelope of |flow| over ~8 s lets the levels follow breaths that shrink a lot.
		this.envelope += (abs - this.envelope) * Math.min(1, (fe.flowT - fe.prevFlowT) / 8);
		return this.typicalFlow !== 0 || this.warmUp();
	}

	/** Sets the levels of both directions for the flow sample. */
	set(fe: FlowEstimator): void {
		const scale = Math.max(0.25 * this.typicalFlow, Math.min(this.typicalFlow, 4 * this.envelope));
		// Levels clear of the white noise on the flow (noise a source reports is left to bigEnough).
		const flowNoise = fe.flowNoise;
		const flatNoise = FLAT_NOISE_MARGIN * flowNoise;
		const riseNoise = RISE_NOISE_MARGIN * flowNoise;
		const flat = FLAT_LEVEL * scale;
		const rise = RISE_LEVEL * scale;
		const lo = Math.max(flat, flatNoise);
		const hi = Math.max(rise, riseNoise, 2 * lo);
		// The slower direction's own levels (`directionShare`); the other keeps the levels of both.
		const rs = this.riseShare;
		const fs = this.fallShare;
		const upLo = rs === 1 ? lo : Math.max(flat * rs, flatNoise);
		const downLo = fs === 1 ? lo : Math.max(flat * fs, flatNoise);
		this.upFlat = upLo;
		this.upRise = rs === 1 ? hi : Math.max(rise * rs, riseNoise, 2 * upLo);
		this.downFlat = downLo;
		this.downRise = fs === 1 ? hi : Math.max(rise * fs, riseNoise, 2 * downLo);
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
	/** Until phases are measured, the peak flow is guessed from the mean |flow| (π/2 for a sine). */
	private warmUp(): boolean {
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
