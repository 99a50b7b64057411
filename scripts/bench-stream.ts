/**
 * Whole-stream measurements: an hour of belt + accelerometer + RR through one engine (wall time
 * and per-push latency), phase detection delay on the signal clock, and heap growth over hours.
 */
import { BreathEngine, timeOrderedChunks } from '../src/lib/core/engine/engine';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import type { Recording } from '../src/lib/core/recording/recording';
import { simulateBeats } from '../src/lib/core/simulate/beats';
import { patternBreaths, synthBelt, type TrueBreath } from '../src/lib/core/simulate/breathing';
import type { BreathPhase, EngineEvent } from '../src/lib/core/types';
import {
	collectGarbage,
	HOUR,
	makeBelt,
	makeChest,
	median,
	percentile,
	respChunks,
	timeRuns,
	type ThroughputOptions
} from './bench-harness';
import { BREATHS_PER_MIN_514, LiveStream } from './bench-signals';

const MB = 1024 * 1024;

export interface OneHour {
	/** Wall seconds for the hour, best run, and the median run. */
	seconds: number;
	medianSeconds: number;
	/** The warm-up run (cold JIT). */
	coldSeconds: number;
	/** 99th percentile of single push() durations over all timed runs, milliseconds. */
	chunkP99Ms: number;
	chunkMaxMs: number;
	pushes: number;
	samples: number;
	runs: number;
}

/** 100 Hz belt + 200 Hz accelerometer + RR beats through ONE engine, in 1 s time-ordered chunks. */
export function measureOneHour({ seconds = HOUR, runs = 5 }: ThroughputOptions = {}): OneHour {
	const belt = makeBelt(100, seconds);
	const chest = makeChest(seconds);
	const beats = simulateBeats([{ seconds, breathsPerMin: BREATHS_PER_MIN_514 }], { heartRate: 65, seed: 5 });
	const recording: Recording = {
		resp: { t: belt.t, value: belt.value },
		acc: chest,
		rr: { t: beats.t, rrMs: beats.rrMs }
	};
	const chunks = [...timeOrderedChunks(recording, 1)];
	const samples = belt.t.length + chest.t.length + beats.t.length;
	const durations = new Float64Array(chunks.length * runs);
	let d = 0;
	const body = (timed: boolean): number => {
		let events = 0;
		const engine = new BreathEngine(() => {
			events++;
		});
		for (let i = 0; i < chunks.length; i++) {
			const t0 = performance.now();
			engine.push(chunks[i]);
			if (timed) durations[d++] = performance.now() - t0;
		}
		engine.finish();
		return events;
	};
	const { seconds: wall, coldSeconds } = timeRuns(runs, body);
	const sorted = durations.subarray(0, d).sort();
	return {
		seconds: Math.min(...wall),
		medianSeconds: median(wall),
		coldSeconds,
		chunkP99Ms: percentile(sorted, 0.99),
		chunkMaxMs: sorted[sorted.length - 1],
		pushes: chunks.length,
		samples,
		runs
	};
}

export interface PhaseDelay {
	p50: number;
	p95: number;
	max: number;
	matched: number;
	edges: number;
	breaths: number;
}

const EDGES: [keyof TrueBreath, BreathPhase][] = [
	['inhaleStart', 'inhale'],
	['inhaleEnd', 'hold'],
	['exhaleStart', 'exhale'],
	['exhaleEnd', 'pause']
];

/**
 * Detection delay of phase events on the signal clock: 5-1-4 belt at 25 Hz with 0.002-depth
 * noise; for each true edge the first phase event of its kind whose `t` lies within 1 s of it,
 * delay = event.at − true edge time (`at` is the time of the sample that made the engine sure,
 * so processing time is not included).
 */
export function measurePhaseDelay(breaths = 80): PhaseDelay {
	const belt = synthBelt(patternBreaths(PATTERN_514, breaths), { rateHz: 25, noise: 0.002, seed: 2 });
	const phases: Extract<EngineEvent, { type: 'phase' }>[] = [];
	const engine = new BreathEngine((e) => {
		if (e.type === 'phase') phases.push(e);
	});
	for (const c of respChunks(belt.t, belt.value, 0.5)) engine.push(c);
	engine.finish();
	const delays: number[] = [];
	let edges = 0;
	for (const b of belt.truth) {
		for (const [key, phase] of EDGES) {
			const edge = b[key];
			edges++;
			let best: number | null = null;
			for (const e of phases) {
				if (e.phase !== phase || Math.abs(e.t - edge) > 1) continue;
				if (best === null || e.at < best) best = e.at;
			}
			if (best !== null) delays.push(best - edge);
		}
	}
	delays.sort((a, b) => a - b);
	return {
		p50: percentile(delays, 0.5),
		p95: percentile(delays, 0.95),
		max: delays[delays.length - 1],
		matched: delays.length,
		edges,
		breaths
	};
}

export interface HeapGrowth {
	/** heapUsed after GC at the end minus at 10 minutes, MB (raw, may be slightly negative). */
	growthMB: number;
	at10MinMB: number;
	endMB: number;
	/** heapUsed after GC at each whole hour (and the end), MB. */
	trace: { hours: number; mb: number }[];
	hours: number;
	samples: number;
	events: number;
	seconds: number;
}

/**
 * Streams `hours` of 100 Hz belt + 200 Hz accelerometer + ~1 beat/s RR through one engine,
 * generated on the fly in 1 s chunks into reused buffers; the event callback only counts.
 * Heap is read after a full GC at 10 minutes and at the end.
 */
export function measureHeapGrowth(hours = 8): HeapGrowth {
	const t0 = performance.now();
	const stream = new LiveStream(100, 200, 11);
	let events = 0;
	const engine = new BreathEngine(() => {
		events++;
	});
	const total = Math.round(hours * HOUR);
	const heap = (): number => {
		collectGarbage();
		collectGarbage();
		return process.memoryUsage().heapUsed / MB;
	};
	const trace: { hours: number; mb: number }[] = [];
	let at10 = NaN;
	let samples = 0;
	for (let s = 0; s < total; s++) {
		if (s === 600) at10 = heap();
		else if (s > 0 && s % HOUR === 0) trace.push({ hours: s / HOUR, mb: heap() });
		stream.next();
		engine.push(stream.resp);
		engine.push(stream.acc);
		if (stream.rr.n > 0) engine.push(stream.rr);
		samples += stream.resp.n + stream.acc.n + stream.rr.n;
	}
	engine.finish();
	const end = heap();
	trace.push({ hours: total / HOUR, mb: end });
	// Keep the engine reachable until after the last reading.
	if (engine.breathingSource === null) events = -1;
	return {
		growthMB: end - at10,
		at10MinMB: at10,
		endMB: end,
		trace,
		hours: total / HOUR,
		samples,
		events,
		seconds: (performance.now() - t0) / 1000
	};
}
