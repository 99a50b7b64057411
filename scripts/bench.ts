/**
 * Engine benchmark: `node --expose-gc --import tsx scripts/bench.ts [--json] [--quick]`.
 *
 * Measures the streaming BreathEngine in Node on one core (single thread, no workers): belt,
 * chest-accelerometer and ECG throughput, a whole hour of belt + accelerometer + RR, per-push
 * latency, phase detection delay, heap growth over an 8-hour stream and the protocol fuzzer.
 * Prints a table with the targets and PASS/MISS per line, or with `--json` exactly one JSON
 * object on stdout. Exit code 0 whatever the figures (a bench reports; it does not judge).
 *
 * Method: test data are generated once, outside timing; every chunk object (subarray views) is
 * built before the clock starts, so the timed loop allocates nothing of its own. Each throughput
 * figure is the best of N timed runs after one warm-up run (the median is shown in the table);
 * garbage is collected before every run when `--expose-gc` is given.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BiquadFilter, lowPass } from '../src/lib/core/dsp/biquad';
import { isEntryPoint } from './entry';
import { BreathEngine, timeOrderedChunks } from '../src/lib/core/engine/engine';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import { fuzzDecoders } from '../src/lib/core/protocols/fuzz';
import type { Recording } from '../src/lib/core/recording/recording';
import { simulateBeats } from '../src/lib/core/simulate/beats';
import { patternBreaths, synthBelt, type TrueBreath } from '../src/lib/core/simulate/breathing';
import { simulateChest } from '../src/lib/core/simulate/chest';
import type { BreathPhase, EngineEvent, SampleChunk } from '../src/lib/core/types';
import { BREATHS_PER_MIN_514, LiveStream, synthEcg } from './bench-signals';

const HOUR = 3600;
const WARMUP_SECONDS = 0.25;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

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

function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
	return sorted[i];
}

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Garbage collected once, then warm-up calls for at least WARMUP_SECONDS (the first one timed on its
 * own: the cold figure), then `runs` timed calls; wall seconds. No forced GC between runs: on Node 20 a forced full GC throws away the
 * engine's optimised code, and the next hour of signal then runs about 10× slower, which is not
 * what a long session sees.
 */
function timeRuns(
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

function throughput(samples: number, runs: number, body: () => number): Throughput {
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
function chunkBounds(t: Float64Array, seconds: number): [number, number][] {
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

function respChunks(t: Float64Array, value: Float64Array, seconds: number): SampleChunk[] {
	return chunkBounds(t, seconds).map(([a, b]) => ({
		kind: 'resp',
		n: b - a,
		t: t.subarray(a, b),
		value: value.subarray(a, b)
	}));
}

/** Feeds prepared chunks to a fresh engine; returns the number of events (kept as a counter). */
function runEngine(chunks: SampleChunk[]): number {
	let events = 0;
	const engine = new BreathEngine(() => {
		events++;
	});
	for (let i = 0; i < chunks.length; i++) engine.push(chunks[i]);
	engine.finish();
	return events;
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

export interface ThroughputOptions {
	/** Seconds of signal (default one hour). */
	seconds?: number;
	/** Timed runs after the warm-up (default 7). */
	runs?: number;
}

/** Belt (resp only) through a fresh engine per run, in ~0.5 s chunks. */
export function measureBelt(
	rateHz: number,
	{ seconds = HOUR, runs = 7 }: ThroughputOptions = {}
): Throughput {
	const belt = makeBelt(rateHz, seconds);
	const chunks = respChunks(belt.t, belt.value, 0.5);
	return throughput(belt.t.length, runs, () => runEngine(chunks));
}

/**
 * The least a breath detector must do per sample, as a streaming object like the engine (state
 * kept across push() calls, one call per chunk): two cascaded 2.2 Hz Butterworth low-passes (the
 * BiquadFilter class of dsp/biquad.ts, TDF-II) and a turning-point test on the filtered signal
 * (local maxima and minima counted).
 */
export class BareLoop {
	private readonly f1: BiquadFilter;
	private readonly f2: BiquadFilter;
	private primed = false;
	private prev = 0;
	private slope = 0;
	turns = 0;

	constructor(rateHz: number) {
		const design = lowPass(2.2, rateHz);
		this.f1 = new BiquadFilter(design);
		this.f2 = new BiquadFilter(design);
	}

	push(v: Float64Array, n: number): void {
		if (n === 0) return;
		const { f1, f2 } = this;
		if (!this.primed) {
			f1.reset(v[0]);
			f2.reset(v[0]);
			this.prev = v[0];
			this.primed = true;
		}
		let { prev, slope, turns } = this;
		for (let i = 0; i < n; i++) {
			const y = f2.step(f1.step(v[i]));
			const d = y - prev;
			if (d * slope < 0) turns++;
			if (d !== 0) slope = d;
			prev = y;
		}
		this.prev = prev;
		this.slope = slope;
		this.turns = turns;
	}
}

/** The bare loop over the same 100 Hz belt and the same ~0.5 s chunks as `measureBelt(100)`. */
export function measureBareLoop({ seconds = HOUR, runs = 7 }: ThroughputOptions = {}): Throughput {
	const belt = makeBelt(100, seconds);
	const views = chunkBounds(belt.t, 0.5).map(([a, b]) => belt.value.subarray(a, b));
	return throughput(belt.t.length, runs, () => {
		const loop = new BareLoop(100);
		for (let c = 0; c < views.length; c++) loop.push(views[c], views[c].length);
		return loop.turns;
	});
}

export interface Chest1h {
	t: Float64Array;
	x: Float64Array;
	y: Float64Array;
	z: Float64Array;
}

function makeChest(seconds: number): Chest1h {
	const breath = { inhale: PATTERN_514.inhale, hold: PATTERN_514.hold, exhale: PATTERN_514.exhale, pause: 0 };
	// Defaults: 3 mg noise, heartbeat ballistics, drift, 20 % timestamp jitter, 1 % dropped samples.
	const sim = simulateChest({ rate: 200, duration: seconds, breaths: [breath], seed: 3 });
	return { t: sim.t, x: sim.x, y: sim.y, z: sim.z };
}

function accChunks(c: Chest1h, seconds: number): SampleChunk[] {
	return chunkBounds(c.t, seconds).map(([a, b]) => ({
		kind: 'acc',
		n: b - a,
		t: c.t.subarray(a, b),
		x: c.x.subarray(a, b),
		y: c.y.subarray(a, b),
		z: c.z.subarray(a, b)
	}));
}

/** 200 Hz chest accelerometer (acc only), ~0.5 s chunks; one sample per timestamp. */
export function measureAcc({ seconds = HOUR, runs = 7 }: ThroughputOptions = {}): Throughput {
	const chest = makeChest(seconds);
	const chunks = accChunks(chest, 0.5);
	return throughput(chest.t.length, runs, () => runEngine(chunks));
}

export interface EcgThroughput extends Throughput {
	/** Beats in the synthetic ECG, and beat events the engine reported (first run). */
	trueBeats: number;
	beatsFound: number;
}

/** 130 Hz synthetic ECG (ecg only), ~0.5 s chunks (65 samples, about one Polar PMD frame). */
export function measureEcg({ seconds = HOUR, runs = 7 }: ThroughputOptions = {}): EcgThroughput {
	const ecg = synthEcg(seconds, 130);
	const chunks: SampleChunk[] = chunkBounds(ecg.t, 0.5).map(([a, b]) => ({
		kind: 'ecg',
		n: b - a,
		t: ecg.t.subarray(a, b),
		value: ecg.value.subarray(a, b)
	}));
	let beatsFound = 0;
	const engine = new BreathEngine((e) => {
		if (e.type === 'beat') beatsFound++;
	});
	for (const c of chunks) engine.push(c);
	engine.finish();
	return {
		...throughput(ecg.t.length, runs, () => runEngine(chunks)),
		trueBeats: ecg.beats.length,
		beatsFound
	};
}

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

export interface FuzzTiming {
	buffers: number;
	exceptions: number;
	seconds: number;
	firstError?: string;
}

export function measureFuzz(iterations = 1_000_000, seed = 1): FuzzTiming {
	const t0 = performance.now();
	const r = fuzzDecoders(iterations, seed);
	return {
		buffers: r.buffers,
		exceptions: r.exceptions,
		seconds: (performance.now() - t0) / 1000,
		firstError: r.firstError
	};
}

// ---------------------------------------------------------------------------------------------
// The whole bench
// ---------------------------------------------------------------------------------------------

/** The JSON report: every value a number except `node`. */
export interface BenchJson {
	beltSamplesPerSec: number;
	bareLoopSamplesPerSec: number;
	accSamplesPerSec: number;
	ecgSamplesPerSec: number;
	oneHourSeconds: number;
	phaseDelayP50Seconds: number;
	phaseDelayP95Seconds: number;
	chunkP99Ms: number;
	heapGrowthMB: number;
	beltToBareRatio: number;
	belt20HzSamplesPerSec: number;
	fuzzBuffers: number;
	fuzzExceptions: number;
	fuzzSeconds: number;
	node: string;
}

export interface BenchDetails {
	quick: boolean;
	belt: Throughput;
	belt20: Throughput;
	bare: Throughput;
	acc: Throughput;
	ecg: EcgThroughput;
	oneHour: OneHour;
	phase: PhaseDelay;
	heap: HeapGrowth;
	fuzz: FuzzTiming;
	totalSeconds: number;
}

export interface BenchOptions {
	quick?: boolean;
	/** Progress lines (to stderr in the CLI). */
	log?: (line: string) => void;
}

/** Sizes of each part; `quick` is a smoke test of a few seconds. */
export function benchPlan(quick: boolean) {
	return quick
		? { seconds: 300, runs: 2, oneHourRuns: 2, breaths: 60, heapHours: 0.25, fuzz: 20_000 }
		: { seconds: HOUR, runs: 7, oneHourRuns: 5, breaths: 80, heapHours: 8, fuzz: 1_000_000 };
}

export function runBench({ quick = false, log = () => {} }: BenchOptions = {}): {
	json: BenchJson;
	details: BenchDetails;
} {
	const start = performance.now();
	const plan = benchPlan(quick);
	const opts = { seconds: plan.seconds, runs: plan.runs };
	log('belt 100 Hz…');
	const belt = measureBelt(100, opts);
	log('bare loop…');
	const bare = measureBareLoop(opts);
	log('belt 20 Hz…');
	const belt20 = measureBelt(20, opts);
	log('chest accelerometer 200 Hz…');
	const acc = measureAcc(opts);
	log('ECG 130 Hz…');
	const ecg = measureEcg(opts);
	log('one hour belt + acc + RR…');
	const oneHour = measureOneHour({ seconds: plan.seconds, runs: plan.oneHourRuns });
	log('phase delay…');
	const phase = measurePhaseDelay(plan.breaths);
	log(`heap over ${plan.heapHours} h stream…`);
	const heap = measureHeapGrowth(plan.heapHours);
	log(`fuzz ${plan.fuzz}…`);
	const fuzz = measureFuzz(plan.fuzz, 1);
	const totalSeconds = (performance.now() - start) / 1000;
	const json: BenchJson = {
		beltSamplesPerSec: Math.round(belt.samplesPerSec),
		bareLoopSamplesPerSec: Math.round(bare.samplesPerSec),
		accSamplesPerSec: Math.round(acc.samplesPerSec),
		ecgSamplesPerSec: Math.round(ecg.samplesPerSec),
		oneHourSeconds: round(oneHour.seconds, 4),
		phaseDelayP50Seconds: round(phase.p50, 3),
		phaseDelayP95Seconds: round(phase.p95, 3),
		chunkP99Ms: round(oneHour.chunkP99Ms, 4),
		// Growth is floored at 0: a heap that shrank did not grow (the raw figure is in the table).
		heapGrowthMB: round(Math.max(0, heap.growthMB), 3),
		beltToBareRatio: round(belt.samplesPerSec / bare.samplesPerSec, 3),
		belt20HzSamplesPerSec: Math.round(belt20.samplesPerSec),
		fuzzBuffers: fuzz.buffers,
		fuzzExceptions: fuzz.exceptions,
		fuzzSeconds: round(fuzz.seconds, 3),
		node: process.version
	};
	return {
		json,
		details: { quick, belt, belt20, bare, acc, ecg, oneHour, phase, heap, fuzz, totalSeconds }
	};
}

function round(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

const mps = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;

export function formatTable(json: BenchJson, d: BenchDetails): string {
	const rows: [string, string, string, string][] = [];
	const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
	const row = (name: string, value: string, target = '', ok?: boolean): void => {
		rows.push([name, value, target, ok === undefined ? '' : verdict(ok)]);
	};
	const thr = (t: Throughput): string =>
		`${mps(t.samplesPerSec)} (median ${mps(t.medianSamplesPerSec)}, cold ${mps(t.coldSamplesPerSec)})`;
	row('belt 100 Hz, resp only', thr(d.belt), '≥ 10 M/s', json.beltSamplesPerSec >= 10e6);
	row('bare loop 100 Hz (2 biquads + turns)', thr(d.bare));
	row('belt / bare loop', json.beltToBareRatio.toFixed(3), '≥ 0.333', json.beltToBareRatio >= 1 / 3);
	row('belt 20 Hz (Go Direct-like)', thr(d.belt20));
	row('chest acc 200 Hz, acc only', thr(d.acc));
	row(
		'ECG 130 Hz, ecg only',
		`${thr(d.ecg)}; beats ${d.ecg.beatsFound}/${d.ecg.trueBeats - 1}`,
		'≥ 3 M/s',
		json.ecgSamplesPerSec >= 3e6
	);
	row(
		'1 h belt+acc+RR, one engine, 1 s chunks',
		`${json.oneHourSeconds.toFixed(3)} s (median ${d.oneHour.medianSeconds.toFixed(3)} s, cold ${d.oneHour.coldSeconds.toFixed(3)} s)`,
		'≤ 0.3 s',
		json.oneHourSeconds <= 0.3
	);
	row(
		'  push() p99 / max',
		`${json.chunkP99Ms.toFixed(3)} ms / ${d.oneHour.chunkMaxMs.toFixed(3)} ms (${d.oneHour.pushes} pushes × ${d.oneHour.runs})`
	);
	row(
		'phase delay p50 (signal clock)',
		`${json.phaseDelayP50Seconds.toFixed(3)} s (${d.phase.matched}/${d.phase.edges} edges matched)`
	);
	row(
		'phase delay p95 (signal clock)',
		`${json.phaseDelayP95Seconds.toFixed(3)} s (max ${d.phase.max.toFixed(3)} s)`,
		'≤ 0.5 s',
		json.phaseDelayP95Seconds <= 0.5
	);
	row(
		`heap growth, 10 min → ${d.heap.hours} h`,
		`${d.heap.growthMB.toFixed(3)} MB (${d.heap.at10MinMB.toFixed(2)} → ${d.heap.endMB.toFixed(2)} MB; ${d.heap.seconds.toFixed(1)} s)`,
		'≤ 5 MB',
		json.heapGrowthMB <= 5
	);
	row(
		'fuzz decoders',
		`${json.fuzzBuffers} buffers, ${json.fuzzExceptions} exceptions, ${json.fuzzSeconds.toFixed(2)} s`,
		'0 exceptions',
		json.fuzzExceptions === 0
	);
	const w = [0, 1, 2, 3].map((i) =>
		Math.max(...rows.map((r) => r[i].length), ['metric', 'value', 'target', ''][i].length)
	);
	const line = (r: string[]): string =>
		r
			.map((c, i) => c.padEnd(w[i]))
			.join('  ')
			.trimEnd();
	const out = [
		`Tidal engine bench — Node ${json.node}, one thread${d.quick ? ', QUICK (smoke test, not comparable)' : ''}`,
		'',
		line(['metric', 'value', 'target', '']),
		line(w.map((n) => '-'.repeat(n))),
		...rows.map(line),
		'',
		`Throughput: best of ${d.belt.runs} timed runs after ≥ ${WARMUP_SECONDS} s of warm-up; median and the cold first run alongside;`,
		`${d.belt.samples} belt samples per run; fresh engine per run; GC forced once before each measurement only.`,
		'Phase delay is measured on the signal clock: event.at − true edge (the time of the sample that',
		'made the engine sure), so it excludes processing time and transport.',
		`Heap trace (MB after GC): ${d.heap.trace.map((p) => `${p.hours} h ${p.mb.toFixed(2)}`).join(', ')}.`,
		`Total bench time ${d.totalSeconds.toFixed(1)} s.`
	];
	return out.join('\n');
}

export function main(argv: string[]): number {
	const json = argv.includes('--json');
	const quick = argv.includes('--quick');
	const unknown = argv.filter((a) => a !== '--json' && a !== '--quick');
	if (unknown.length) {
		process.stderr.write(`bench: unknown argument ${unknown[0]} (use --json, --quick)\n`);
		return 2;
	}
	const result = runBench({ quick, log: json ? undefined : (l) => process.stderr.write(`  ${l}\n`) });
	process.stdout.write(
		json ? `${JSON.stringify(result.json)}\n` : `${formatTable(result.json, result.details)}\n`
	);
	return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = main(process.argv.slice(2));
