/**
 * What the bench measurements share (scripts/bench.ts describes the method): forced GC, timed
 * runs after a warm-up, best / median / cold throughput, percentiles, and the test signals cut
 * into chunk views before any clock starts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import { patternBreaths, synthBelt } from '../src/lib/core/simulate/breathing';
import { simulateChest } from '../src/lib/core/simulate/chest';
import type { SampleChunk } from '../src/lib/core/types';

export const HOUR = 3600;
export const WARMUP_SECONDS = 0.25;

let gcFn: (() => void) | null | undefined;
/** `global.gc` (from --expose-gc), else enabled at run time (vitest, plain tsx). */
export function collectGarbage(): void {
	if (gcFn === undefined) {
		const g = (globalThis as { gc?: () => void }).gc;
		if (typeof g === 'function') gcFn = g;
		else {
			try {
				setFlagsFromString('--expose-gc');
				gcFn = runInNewContext('gc') as () => void;
			} catch {
				gcFn = null;
			}
		}
	}
	gcFn?.();
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
	return sorted[i];
}

export function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Garbage collected once, then warm-up calls for at least WARMUP_SECONDS (the first one timed on its
 * own: the cold figure), then `runs` timed calls; wall seconds. No forced GC between runs: on Node 20 a forced full GC throws away the
 * engine's optimised code, and the next hour of signal then runs about 10× slower, which is not
 * what a long session sees.
 */
export function timeRuns(
	runs: number,
	body: (timed: boolean) => number
): { seconds: number[]; coldSeconds: number; check: number } {
	collectGarbage();
	let t0 = performance.now();
	let check = body(false);
	const coldSeconds = (performance.now() - t0) / 1000;
	// Warm up for at least WARMUP_SECONDS (short inputs need several calls before V8 tiers up).
	for (let w = 1, spent = coldSeconds; spent < WARMUP_SECONDS && w < 50; w++) {
		t0 = performance.now();
		check += body(false);
		spent += (performance.now() - t0) / 1000;
	}
	const seconds: number[] = [];
	for (let r = 0; r < runs; r++) {
		t0 = performance.now();
		check += body(true);
		seconds.push((performance.now() - t0) / 1000);
	}
	return { seconds, coldSeconds, check };
}

export interface Throughput {
	samples: number;
	/** Samples per wall second, best run. */
	samplesPerSec: number;
	/** Samples per wall second, median run. */
	medianSamplesPerSec: number;
	/** Samples per wall second of the warm-up run (cold JIT: what a one-off analysis sees). */
	coldSamplesPerSec: number;
	runs: number;
	/** Sum of what the bodies returned (events, turning points), so no work is dead code. */
	check: number;
}

export function throughput(samples: number, runs: number, body: () => number): Throughput {
	const { seconds, coldSeconds, check } = timeRuns(runs, body);
	return {
		samples,
		samplesPerSec: samples / Math.min(...seconds),
		medianSamplesPerSec: samples / median(seconds),
		coldSamplesPerSec: samples / coldSeconds,
		runs,
		check
	};
}

/** Chunk views of `seconds` each over parallel arrays (built before timing). */
export function chunkBounds(t: Float64Array, seconds: number): [number, number][] {
	const out: [number, number][] = [];
	let a = 0;
	while (a < t.length) {
		const until = t[a] + seconds;
		let b = a + 1;
		while (b < t.length && t[b] < until) b++;
		out.push([a, b]);
		a = b;
	}
	return out;
}

export interface ThroughputOptions {
	/** Seconds of signal (default one hour). */
	seconds?: number;
	/** Timed runs after the warm-up (default 7). */
	runs?: number;
}

/** 5-1-4 belt with noise and slow drift, as a stretch belt gives it. */
export function makeBelt(rateHz: number, seconds: number, seed = 1) {
	const cycle = PATTERN_514.inhale + PATTERN_514.hold + PATTERN_514.exhale + PATTERN_514.pause;
	const count = Math.ceil(seconds / cycle);
	const belt = synthBelt(patternBreaths(PATTERN_514, count), {
		rateHz,
		seed,
		noise: 0.01,
		driftPerMin: 0.02,
		lead: 0,
		tail: 0
	});
	const n = Math.min(belt.t.length, Math.round(seconds * rateHz));
	return { t: belt.t.subarray(0, n), value: belt.value.subarray(0, n), truth: belt.truth };
}

export function respChunks(t: Float64Array, value: Float64Array, seconds: number): SampleChunk[] {
	return chunkBounds(t, seconds).map(([a, b]) => ({
		kind: 'resp',
		n: b - a,
		t: t.subarray(a, b),
		value: value.subarray(a, b)
	}));
}

export interface Chest1h {
	t: Float64Array;
	x: Float64Array;
	y: Float64Array;
	z: Float64Array;
}

export function makeChest(seconds: number): Chest1h {
	const breath = { inhale: PATTERN_514.inhale, hold: PATTERN_514.hold, exhale: PATTERN_514.exhale, pause: 0 };
	// Defaults: 3 mg noise, heartbeat ballistics, drift, 20 % timestamp jitter, 1 % dropped samples.
	const sim = simulateChest({ rate: 200, duration: seconds, breaths: [breath], seed: 3 });
	return { t: sim.t, x: sim.x, y: sim.y, z: sim.z };
}

export function accChunks(c: Chest1h, seconds: number): SampleChunk[] {
	return chunkBounds(c.t, seconds).map(([a, b]) => ({
		kind: 'acc',
		n: b - a,
		t: c.t.subarray(a, b),
		x: c.x.subarray(a, b),
		y: c.y.subarray(a, b),
		z: c.z.subarray(a, b)
	}));
}
