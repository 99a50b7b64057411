import { BiquadFilter, lowPass, lowPassDelaySeconds } from '../dsp/biquad';

/**
 * The flow front end of `PhaseDetector`: the breathing signal is smoothed, and its slope (the
 * flow) is taken across a span of recent samples chosen from the signal's own white noise and
 * breath cycle. Alongside it go the noise levels the detector sets its thresholds from.
 *
 * Why a separate class: the phase state machine only needs "the next flow sample, and how noisy
 * it is"; how the slope is made (span, ring, noise estimate, slow averages) is a tuning matter of
 * its own.
 *
 * Results are left in fields (`flowT`, `flow`, `level`, …) rather than returned or passed on:
 * the detector's per-sample methods are too big for V8 to inline, and a double handed to a call
 * that is not inlined is boxed in a fresh heap number on every sample; fields are written in place.
 */

const SMOOTHING_HZ = 2.2;
/** The slope is taken across at least this much signal; more when the signal is noisy. */
const MIN_SPAN_SECONDS = 0.15;
/** Flow noise allowed, as a fraction of the typical peak flow, when choosing the span. */
const SPAN_NOISE_FRACTION = 0.05;
/** The span is at least this fraction of the typical breath cycle. */
const SPAN_PER_CYCLE = 0.03;
const SLOW_SECONDS = 20;
const RING = 40;
const NOISE_SECONDS = 10;
/** A sample's |third difference| counts for at most this many times the mean (see `push`). */
const NOISE_CLIP = 5;
/** σ of white noise per mean |third difference| (√(π/2) / √20). */
const WHITE_SIGMA_PER_D3 = 0.2803;

export class FlowEstimator {
	// ---- results of the latest `push()` that returned true ----
	/** The flow sample: slope of the smoothed signal, its time, and the signal level there. */
	flowT = NaN;
	flow = NaN;
	level = NaN;
	/** The flow sample before it (the crossing interpolation needs both ends). */
	prevFlowT = 0;
	prevFlow = 0;
	/** σ of white noise on the flow, and of the noise on the smoothed signal (≥ `noiseHint`). */
	flowNoise = 0;
	levelNoise = 0;

	// ---- set by the phase detector ----
	/** σ of noise the source says it carries (0: none known); it only raises `levelNoise`. */
	noiseHint = 0;
	/** The raw sample `push()` takes: its time and value. */
	sampleT = 0;
	sampleV = 0;
	/** Typical peak flow (0 while unknown): the span keeps its flow noise a small fraction of it. */
	typicalFlow = 0;
	/** Drift of the signal (units per second), taken off every flow sample. */
	drift = 0;
	/**
	 * The period of a heartbeat's ripple seen on the signal (0: none): the slope is then taken
	 * across one beat, which cancels a periodic ripple of any shape (see `BeltRipple`).
	 */
	beatSeconds = 0;
	/** The ripple's amplitude (signal units): it is cancelled only where it shows above the noise. */
	rippleAmplitude = 0;

	private readonly smooth: BiquadFilter;
	private readonly delay: number;
	private primed = false;

	/** Recent smoothed samples; the slope is taken across `span` of them. */
	private readonly ringT = new Float64Array(RING);
	private readonly ringX = new Float64Array(RING);
	private span: number;
	/** The span is `span − spanFrac` samples: the far end interpolated (a beat is no whole number). */
	private spanFrac = 0;
	private readonly minSpan: number;
	private readonly retuneEvery: number;
	/** Flow noise per unit of input noise, for each span. */
	private readonly spanNoise: Float64Array;
	private samplesSeen = 0;
	/** Ring slot of the next sample (samplesSeen mod RING, kept by compare: no division). */
	private slot = 0;
	/** Samples until the span is chosen again (samplesSeen mod retuneEvery counted down). */
	private untilRetune = 0;
	/** Mean |third difference| of the raw signal, and the flow noise per unit of it. */
	private noise = 0;
	private readonly noiseAlpha: number;
	/**
	 * A sample's |third difference| counts for at most this many times the noise: no limit until
	 * the estimate has settled (`noiseSettled` samples, two of its time constants), then NOISE_CLIP.
	 */
	private noiseClip = Infinity;
	private readonly noiseSettled: number;
	private flowNoisePerUnit = 0;
	private readonly smoothNoiseGain: number;
	private r1 = 0;
	private r2 = 0;
	private r3 = 0;
	/** Slow averages (~20 s) of the level, of |level − average| and of |flow|. */
	private meanLevel = NaN;
	private spread = 0;
	private meanFlow = 0;

	constructor(readonly sampleRateHz: number) {
		const design = lowPass(SMOOTHING_HZ, sampleRateHz);
		this.smooth = new BiquadFilter(design);
		this.delay = lowPassDelaySeconds(SMOOTHING_HZ);
		this.minSpan = Math.max(1, Math.round(MIN_SPAN_SECONDS * sampleRateHz));
		this.span = this.minSpan;
		this.noiseAlpha = 1 / (NOISE_SECONDS * sampleRateHz);
		this.noiseSettled = 2 * NOISE_SECONDS * sampleRateHz;
		this.retuneEvery = Math.max(1, Math.round(sampleRateHz));
		// A 2nd-order Butterworth passes white noise over ≈ 1.11 × its cutoff of the band.
		this.smoothNoiseGain = Math.sqrt(Math.min(1, (1.11 * SMOOTHING_HZ) / (sampleRateHz / 2)));
		this.spanNoise = spanNoiseTable(sampleRateHz);
	}

	/** The signal is negated from the next sample on: everything kept is negated with it. */
	negate(): void {
		this.smooth.negate();
		for (let i = 0; i < RING; i++) this.ringX[i] = -this.ringX[i];
		this.r1 = -this.r1;
		this.r2 = -this.r2;
		this.r3 = -this.r3;
		this.flow = -this.flow;
		this.prevFlow = -this.prevFlow;
		this.level = -this.level;
		this.meanLevel = -this.meanLevel;
		this.drift = -this.drift;
	}

	/** The signal stopped: start again from the next sample (noise and averages are kept). */
	restart(): void {
		this.primed = false;
		this.samplesSeen = 0;
		this.slot = 0;
		this.untilRetune = 0;
	}

	/**
	 * One raw sample, `sampleT` and `sampleV`, set just before. True when it completes a flow
	 * sample after the first of a segment (the first has no predecessor to interpolate from): the
	 * result fields then hold it. (Fields, not arguments: this is too large to be inlined, and a
	 * double passed to a call that is not inlined is boxed, ≈ 1 MB of garbage per belt hour.)
	 */
	push(): boolean {
		const t = this.sampleT;
		const v = this.sampleV;
		if (!this.primed) {
			this.smooth.reset(v);
			this.primed = true;
			this.r1 = this.r2 = this.r3 = v;
		}
		// Noise from the raw signal's third difference, where even fast breathing is nearly flat.
		const d3 = v - 3 * this.r1 + 3 * this.r2 - this.r3;
		this.r3 = this.r2;
		this.r2 = this.r1;
		this.r1 = v;
		// A jolt is no noise: once the estimate has settled, one sample moves it by at most
		// NOISE_CLIP times itself (white noise reaches that once in thousands of samples), so a
		// bump does not lengthen the span, and slow every phase, for the next half minute.
		let a3 = d3 < 0 ? -d3 : d3;
		const cap = this.noiseClip * this.noise;
		if (a3 > cap) a3 = cap;
		this.noise += (a3 - this.noise) * this.noiseAlpha;
		const x = this.smooth.step(v);
		if (this.untilRetune === 0) {
			this.untilRetune = this.retuneEvery;
			// Checked here, once a second, to keep the per-sample path short.
			if (this.samplesSeen > this.noiseSettled) this.noiseClip = NOISE_CLIP;
			this.chooseSpan();
		}
		this.untilRetune--;
		const k = this.span;
		const slot = this.slot;
		this.slot = slot + 1 === RING ? 0 : slot + 1;
		this.ringT[slot] = t;
		this.ringX[slot] = x;
		if (this.samplesSeen++ < k) return false;
		const back = slot >= k ? slot - k : slot - k + RING;
		let tb = this.ringT[back];
		let xb = this.ringX[back];
		const frac = this.spanFrac;
		if (frac > 0) {
			const on = back + 1 === RING ? 0 : back + 1;
			tb += frac * (this.ringT[on] - tb);
			xb += frac * (this.ringX[on] - xb);
		}
		// Slope across the span, placed at its middle and moved back by the smoothing delay.
		const flowT = (t + tb) / 2 - this.delay;
		const flow = (x - xb) / (t - tb) - this.drift;
		if (this.samplesSeen === k + 1) {
			this.flowT = flowT;
			this.flow = flow;
			return false;
		}
		this.prevFlowT = this.flowT;
		this.prevFlow = this.flow;
		this.flowT = flowT;
		this.flow = flow;
		const level = (x + xb) / 2;
		this.level = level;

		const abs = flow < 0 ? -flow : flow;
		const slow = Math.min(1, (flowT - this.prevFlowT) / SLOW_SECONDS);
		if (this.meanLevel !== this.meanLevel) this.meanLevel = level;
		this.meanLevel += (level - this.meanLevel) * slow;
		const off = level > this.meanLevel ? level - this.meanLevel : this.meanLevel - level;
		this.spread += (off - this.spread) * slow;
		this.meanFlow += (abs - this.meanFlow) * slow;
		// σ of white noise ≈ mean|third difference| · √(π/2) / √20. Noise a source reports has been
		// low-passed already: it wanders slowly, so it only raises the level noise (the excursion
		// test, where it tells a breath from a wander); as flow noise it would hide slow breaths.
		const whiteNoise = this.noise * WHITE_SIGMA_PER_D3;
		this.flowNoise = whiteNoise * this.flowNoisePerUnit;
		this.levelNoise = Math.max(whiteNoise * this.smoothNoiseGain, this.noiseHint);
		return true;
	}

	/** Amplitude of the ripple left on a slope across `span` samples (`beat` samples a beat). */
	private rippleOnFlow(span: number, beat: number): number {
		const sin = Math.sin((Math.PI * span) / beat);
		return (2 * this.rippleAmplitude * (sin < 0 ? -sin : sin) * this.sampleRateHz) / span;
	}

	/**
	 * The quietest slope is the slowest to react, so take the shortest span whose noise stays
	 * well under the typical flow: clean belts answer fast, noisy ones still find the edges.
	 */
	private chooseSpan(): void {
		const sigma = this.noise * WHITE_SIGMA_PER_D3;
		const limit = SPAN_NOISE_FRACTION * this.typicalFlow;
		// Slow breaths change slowly: a span in proportion to the breath costs no precision and
		// keeps small wobbles of a slow flank (heartbeat, sway) from looking like new phases. The
		// cycle comes from the signal's spread against its mean |flow| (2π·mean|x|/mean|x'| for a
		// sine), so it is known before any breath is, and split breaths cannot shorten it.
		const cycle = this.meanFlow > 0 ? (2 * Math.PI * this.spread) / this.meanFlow : 0;
		let k = Math.max(this.minSpan, Math.round(SPAN_PER_CYCLE * Math.min(cycle, 30) * this.sampleRateHz));
		while (k < RING - 1 && sigma * this.spanNoise[k] > limit) k++;
		// Across a whole number of beats where a heartbeat's ripple would show on the flow above
		// the noise (the flat level is FLAT_NOISE_MARGIN noise σ): one, or as many as the noise
		// wants. Where the noise hides it, the span the noise asked for stands.
		const beat = this.beatSeconds * this.sampleRateHz;
		let frac = 0;
		if (beat > 0 && this.rippleOnFlow(k, beat) > FLAT_NOISE_MARGIN * sigma * this.spanNoise[k]) {
			const across = Math.max(1, Math.ceil(k / beat - 0.25)) * beat;
			if (across < RING - 1) {
				k = Math.max(1, Math.ceil(across));
				frac = k - across;
			}
		}
		// Keep the ring primed for the new span: only grow once enough samples are stored.
		this.span = Math.min(k, this.samplesSeen > 0 ? this.samplesSeen : this.minSpan);
		this.spanFrac = this.span === k ? frac : 0;
		this.flowNoisePerUnit = this.spanNoise[this.span];
	}
}

/**
 * The flat level stays this many flow-noise σ above the noise (`PhaseDetector`); a heartbeat's
 * ripple smaller than that on the flow is hidden by the levels (`chooseSpan`).
 */
export const FLAT_NOISE_MARGIN = 2;

/** `spanNoiseTable` answers, by sample rate: the table is a pure function of it (a few rates in use). */
const spanNoiseCache = new Map<number, Float64Array>();

/**
 * Standard deviation of the slope for unit white noise on the input (smoothing, then a slope
 * across `span` samples), for every span of the ring. Shared by every estimator at that rate:
 * an engine is made for each recording analysed, and the table costs more than a minute of signal.
 */
function spanNoiseTable(rateHz: number): Float64Array {
	let table = spanNoiseCache.get(rateHz);
	if (table) return table;
	const filter = new BiquadFilter(lowPass(SMOOTHING_HZ, rateHz));
	const n = 512;
	// The smoothing's impulse response, with RING zeros before it.
	const h = new Float64Array(n + RING);
	for (let i = 0; i < n; i++) h[i + RING] = filter.step(i === 0 ? 1 : 0);
	table = new Float64Array(RING);
	for (let span = 1; span < RING; span++) {
		// Slope impulse response: (h[i] - h[i - span]) · rate / span.
		let sum = 0;
		for (let i = RING; i < n + RING; i++) {
			const d = ((h[i] - h[i - span]) * rateHz) / span;
			sum += d * d;
		}
		table[span] = Math.sqrt(sum);
	}
	if (spanNoiseCache.size >= 16) spanNoiseCache.clear();
	spanNoiseCache.set(rateHz, table);
	return table;
}
