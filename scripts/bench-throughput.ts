/**
 * Throughput measurements: belt, bare loop, chest accelerometer and ECG samples per second
 * through a fresh engine per run, and the run time of the protocol decoder fuzzer.
 */
import { BreathEngine } from '../src/lib/core/engine/engine';
import { BiquadFilter, lowPass } from '../src/lib/core/dsp/biquad';
import type { SampleChunk } from '../src/lib/core/types';
import { fuzzDecoders } from '../tests/support/fuzz';
import {
	accChunks,
	chunkBounds,
	HOUR,
	makeBelt,
	makeChest,
	respChunks,
	throughput,
	type Throughput,
	type ThroughputOptions
} from './bench-harness';
import { synthEcg } from './bench-signals';

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
