import type { BreathPattern } from '../engine/pattern';
import { gaussian, seededRandom } from './random';

/** One scripted breath: phase durations in seconds and relative depth (1 = usual). */
export interface ScriptedBreath {
	inhale: number;
	hold: number;
	exhale: number;
	pause: number;
	depth: number;
}

/** The true edges of a synthetic breath, seconds. */
export interface TrueBreath {
	inhaleStart: number;
	inhaleEnd: number;
	exhaleStart: number;
	exhaleEnd: number;
	/** Start of the next inhale. */
	nextInhale: number;
	depth: number;
}

/** `count` breaths following a pattern exactly. */
export function patternBreaths(
	pattern: Pick<BreathPattern, 'inhale' | 'hold' | 'exhale' | 'pause'>,
	count: number
): ScriptedBreath[] {
	return Array.from({ length: count }, () => ({
		inhale: pattern.inhale,
		hold: pattern.hold,
		exhale: pattern.exhale,
		pause: pattern.pause,
		depth: 1
	}));
}

/**
 * How the exhale falls. 'relaxed' (the default) is how people breathe out when they let go: the
 * air leaves fast first and the flow tapers towards the end (time is warped by u + ½·u·(1 − u),
 * so the flow starts 1.5× and ends 0.5× as fast as a raised cosine's). 'cosine' is symmetric.
 */
export type ExhaleShape = 'relaxed' | 'cosine';
const RELAXED_WARP = 0.5;

/**
 * Lung volume over time for a list of breaths: raised-cosine inhale, exhale of the given shape,
 * flat hold and pause. Returns a function of time (0 before the first and after the last breath)
 * and the truth.
 */
export function breathingWaveform(
	breaths: ScriptedBreath[],
	start = 0,
	exhaleShape: ExhaleShape = 'relaxed'
): { volume: (t: number) => number; truth: TrueBreath[]; end: number } {
	const warp = exhaleShape === 'relaxed' ? RELAXED_WARP : 0;
	const truth: TrueBreath[] = [];
	let t = start;
	for (const b of breaths) {
		const inhaleStart = t;
		const inhaleEnd = inhaleStart + b.inhale;
		const exhaleStart = inhaleEnd + b.hold;
		const exhaleEnd = exhaleStart + b.exhale;
		t = exhaleEnd + b.pause;
		truth.push({ inhaleStart, inhaleEnd, exhaleStart, exhaleEnd, nextInhale: t, depth: b.depth });
	}
	const end = t;
	let cursor = 0;
	const volume = (time: number): number => {
		if (time < start || time >= end) return 0;
		// Samples arrive in time order: move the cursor forward instead of searching.
		if (cursor >= truth.length || truth[cursor].inhaleStart > time) cursor = 0;
		while (cursor < truth.length - 1 && truth[cursor].nextInhale <= time) cursor++;
		const b = truth[cursor];
		if (time < b.inhaleEnd)
			return (
				(b.depth * (1 - Math.cos((Math.PI * (time - b.inhaleStart)) / (b.inhaleEnd - b.inhaleStart)))) / 2
			);
		if (time < b.exhaleStart) return b.depth;
		if (time < b.exhaleEnd) {
			const u = (time - b.exhaleStart) / (b.exhaleEnd - b.exhaleStart);
			return (b.depth * (1 + Math.cos(Math.PI * (u + warp * u * (1 - u))))) / 2;
		}
		return 0;
	};
	return { volume, truth, end };
}

export interface BeltOptions {
	rateHz: number;
	seed?: number;
	/** Signal units per unit of depth (a belt's gain) and its offset. */
	gain?: number;
	offset?: number;
	/** Baseline drift in units of depth per minute. */
	driftPerMin?: number;
	/** White noise, standard deviation in units of depth. */
	noise?: number;
	/** Timestamp jitter, standard deviation in seconds (samples stay in order). */
	jitter?: number;
	/** Fraction of samples dropped at random. */
	dropFraction?: number;
	/** Spans with no samples at all: the wearable was away. */
	gaps?: { start: number; end: number }[];
	/** Motion artefacts: short spikes of the given size (depth units) lasting `duration` s. */
	artifacts?: { t: number; size: number; duration: number }[];
	/** Heartbeat on the signal: peak-to-peak size in units of depth, at `bpm` (a ripple, not a breath). */
	cardiac?: { amplitude: number; bpm: number };
	/** How the exhale falls (default relaxed). */
	exhaleShape?: ExhaleShape;
	/** -1: the signal falls on inhale. */
	polarity?: 1 | -1;
	/** Seconds of quiet signal before the first breath. */
	lead?: number;
	/** Seconds of quiet signal after the last breath. */
	tail?: number;
}

/** A belt recording of scripted breaths, with the real-world faults a test needs. */
export function synthBelt(
	breaths: ScriptedBreath[],
	options: BeltOptions
): { t: Float64Array; value: Float64Array; truth: TrueBreath[]; duration: number } {
	const { rateHz, seed = 1, gain = 100, offset = 500, driftPerMin = 0, noise = 0, jitter = 0 } = options;
	const { dropFraction = 0, gaps = [], artifacts = [], polarity = 1, lead = 2, tail = 2 } = options;
	const { cardiac, exhaleShape } = options;
	const random = seededRandom(seed);
	const wave = breathingWaveform(breaths, lead, exhaleShape);
	// A heartbeat's pulse on the belt: a sharp rise and slower fall each beat, random start.
	const beatPhase = random();
	const duration = wave.end + tail;
	const total = Math.floor(duration * rateHz);
	const t = new Float64Array(total);
	const value = new Float64Array(total);
	let n = 0;
	const dt = 1 / rateHz;
	for (let i = 0; i < total; i++) {
		const nominal = i * dt;
		if (dropFraction > 0 && random() < dropFraction) continue;
		if (gaps.some((g) => nominal >= g.start && nominal < g.end)) continue;
		const time =
			jitter > 0 ? nominal + Math.max(-0.45 * dt, Math.min(0.45 * dt, gaussian(random) * jitter)) : nominal;
		let v = wave.volume(nominal) + (driftPerMin * nominal) / 60;
		for (const a of artifacts) if (nominal >= a.t && nominal < a.t + a.duration) v += a.size;
		if (cardiac) {
			const p = 2 * Math.PI * ((nominal * cardiac.bpm) / 60 + beatPhase);
			// (sin p + ½ sin(2p + 1)) spans 2.455 peak to peak.
			v += (cardiac.amplitude / 2.455) * (Math.sin(p) + 0.5 * Math.sin(2 * p + 1));
		}
		if (noise > 0) v += gaussian(random) * noise;
		t[n] = time;
		value[n] = offset + polarity * gain * v;
		n++;
	}
	return { t: t.slice(0, n), value: value.slice(0, n), truth: wave.truth, duration };
}
