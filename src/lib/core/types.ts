/**
 * The engine's vocabulary: what goes in (timestamped sample chunks per channel) and what comes
 * out (events). Times are seconds on one clock shared by every channel of a session.
 */

/** The four kinds of signal a wearable can give Tidal. */
export type Source = 'resp' | 'acc' | 'rr' | 'ecg';

/**
 * Chunks carry parallel typed arrays; only the first `n` entries are valid, so a device layer can
 * reuse one preallocated chunk for every packet.
 */
export interface RespChunk {
	kind: 'resp';
	n: number;
	/** Sample times, seconds. */
	t: Float64Array;
	/** Belt stretch or force, any unit; rises on inhale unless the engine is told otherwise. */
	value: Float64Array;
}

export interface AccChunk {
	kind: 'acc';
	n: number;
	t: Float64Array;
	/** Acceleration in milli-g, sensor axes. */
	x: Float64Array;
	y: Float64Array;
	z: Float64Array;
}

export interface RrChunk {
	kind: 'rr';
	n: number;
	/** Time of the beat that ends each interval, seconds. */
	t: Float64Array;
	/** R-R interval, milliseconds. */
	rrMs: Float64Array;
}

export interface EcgChunk {
	kind: 'ecg';
	n: number;
	t: Float64Array;
	/** ECG in microvolts. */
	value: Float64Array;
}

export type SampleChunk = RespChunk | AccChunk | RrChunk | EcgChunk;

/** Issue codes a breath can carry; the strings are part of Tidal's public output. */
export type BreathIssue =
	| 'inhale-short'
	| 'inhale-long'
	| 'hold-short'
	| 'hold-long'
	| 'exhale-short'
	| 'exhale-long'
	| 'pause-short'
	| 'pause-after-exhale'
	| 'shallow';

export type BreathPhase = 'inhale' | 'hold' | 'exhale' | 'pause';

/** One complete breath: inhale, hold at the top, exhale, pause after the exhale. */
export interface Breath {
	inhaleStart: number;
	inhaleEnd: number;
	exhaleStart: number;
	exhaleEnd: number;
	/** Durations in seconds. `pause` runs from exhaleEnd to the next inhale. */
	inhale: number;
	hold: number;
	exhale: number;
	pause: number;
	/** Top minus bottom of the breath in the signal's own unit. */
	depth: number;
	ok: boolean;
	issues: BreathIssue[];
}

export type StretchIssue = 'hold-too-short' | 'breath-held' | 'fast-breathing';

export interface StretchHold {
	start: number;
	end: number;
	ok: boolean;
	issues: StretchIssue[];
	/** Largest angle away from neutral during the hold, degrees. */
	angle: number;
}

export interface StretchRest {
	start: number;
	end: number;
	ok: boolean;
}

/** Why a source's signal is not trusted right now. */
/** Evidence of a breathing signal's polarity: the live pacer, heart rate (RSA), settings, or none. */
export type PolarityBasis = 'pacer' | 'heart-rate' | 'configured' | 'assumed';

export type QualityReason = 'ok' | 'flat' | 'motion' | 'artifacts' | 'settling';

/**
 * Everything the engine reports. `t` is the time of what happened on the signal clock, `at` the
 * time of the sample that made the engine sure of it (so `at - t` is the detection delay).
 */
export type EngineEvent =
	| { type: 'phase'; phase: BreathPhase; t: number; at: number }
	| { type: 'breath'; breath: Breath; at: number }
	| { type: 'apnea-start'; t: number; at: number }
	| { type: 'apnea-end'; start: number; end: number; at: number }
	| { type: 'gap'; source: Source; start: number; end: number; at: number }
	| { type: 'quality'; source: Source; quality: number; reason: QualityReason; at: number }
	| { type: 'beat'; t: number; rrMs: number; artifact: boolean; at: number }
	| {
			type: 'rate';
			/** Breaths per minute from the phase detector (belt or accelerometer), or null. */
			breathsPerMin: number | null;
			/** Breaths per minute from respiratory sinus arrhythmia (RR only), or null. */
			rsaBreathsPerMin: number | null;
			heartRate: number | null;
			rmssd: number | null;
			at: number;
	  }
	| {
			/** Which way the breathing signal moves on an inhale, and why the engine thinks so. */
			type: 'polarity';
			inverted: boolean;
			basis: PolarityBasis;
			/** 0 (a guess) … 1; a later, more confident decision may replace this one. */
			confidence: number;
			at: number;
	  }
	| { type: 'stretch-hold-start'; t: number; at: number }
	| { type: 'stretch-hold'; hold: StretchHold; at: number }
	| { type: 'stretch-rest-start'; t: number; at: number }
	| { type: 'stretch-rest'; rest: StretchRest; at: number };

export type EngineEventType = EngineEvent['type'];
