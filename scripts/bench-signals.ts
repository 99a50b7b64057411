/**
 * Synthetic signals for the engine benchmark (scripts/bench.ts): the shared ECG synthesiser with
 * the bench's heart and baseline, and a cheap closed-form belt + accelerometer + RR generator that
 * streams hours of data into reused buffers (which the simulators in src/lib/core/simulate do not).
 */
import { simulateBeats } from '../src/lib/core/simulate/beats';
import { synthEcg as synthLead } from '../src/lib/core/simulate/ecg';
import { seededRandom } from '../src/lib/core/simulate/random';
import type { AccChunk, RespChunk, RrChunk } from '../src/lib/core/types';

/** 5-1-4 as the app's default pattern has it: inhale 5 s, hold 1 s, exhale 3.5 s, no pause. */
const INHALE = 5;
const HOLD = 1;
const EXHALE = 3.5;
const CYCLE = INHALE + HOLD + EXHALE;

/** Raised-cosine 5-1-4 breathing, 0 (empty) … 1 (full), at time t (s). */
export function breath514(t: number): number {
	const u = t - CYCLE * Math.floor(t / CYCLE);
	if (u < INHALE) return 0.5 - 0.5 * Math.cos((Math.PI * u) / INHALE);
	if (u < INHALE + HOLD) return 1;
	return 0.5 + 0.5 * Math.cos((Math.PI * (u - INHALE - HOLD)) / EXHALE);
}

/** Breaths per minute of `breath514`. */
export const BREATHS_PER_MIN_514 = 60 / CYCLE;

export interface SyntheticEcg {
	t: Float64Array;
	/** Microvolts. */
	value: Float64Array;
	/** True R-wave times, seconds. */
	beats: Float64Array;
}

/**
 * Single-lead ECG (Polar H10-like, µV) from the one ECG synthesiser (core/simulate/ecg.ts): beats
 * from `simulateBeats` (≈ 70 bpm with RSA at the 5-1-4 breathing rate, so 60–80 bpm), baseline
 * wander (0.05 Hz and breathing-locked), a little 50 Hz mains and white noise.
 */
export function synthEcg(seconds: number, rateHz = 130, seed = 7): SyntheticEcg {
	const beats = simulateBeats([{ seconds, breathsPerMin: BREATHS_PER_MIN_514 }], {
		heartRate: 70,
		amplitudeMs: 90,
		noiseMs: 10,
		seed
	}).t;
	const { t, value } = synthLead(beats, seconds, rateHz, {
		noiseUv: 15,
		mainsUv: 8,
		baseline: (ti) => 120 * Math.sin(2 * Math.PI * 0.05 * ti) + 60 * (breath514(ti) - 0.5),
		seed
	});
	return { t, value, beats: beats.filter((b) => b < t.length / rateHz) };
}

/**
 * Endless belt (100 Hz) + chest accelerometer (200 Hz) + RR stream, one second at a time, written
 * into preallocated chunks that are reused for every second. Closed form, O(1) memory:
 * raised-cosine 5-1-4 breathing, belt gain/offset with a slow bounded drift, gravity tilted by
 * breathing (1°) and a slow postural sway (2°), approximately Gaussian noise, RR with RSA.
 */
export class LiveStream {
	readonly resp: RespChunk;
	readonly acc: AccChunk;
	readonly rr: RrChunk;
	private second = 0;
	/** The next beat and the R-R interval that ends at it. */
	private nextBeat = 1;
	private nextRr = 1000;
	private readonly uniform: () => number;

	constructor(
		readonly beltHz = 100,
		readonly accHz = 200,
		seed = 11
	) {
		this.uniform = seededRandom(seed);
		this.resp = { kind: 'resp', n: beltHz, t: new Float64Array(beltHz), value: new Float64Array(beltHz) };
		this.acc = {
			kind: 'acc',
			n: accHz,
			t: new Float64Array(accHz),
			x: new Float64Array(accHz),
			y: new Float64Array(accHz),
			z: new Float64Array(accHz)
		};
		this.rr = { kind: 'rr', n: 0, t: new Float64Array(4), rrMs: new Float64Array(4) };
	}

	/** Irwin–Hall(4) scaled to unit variance: cheap and close enough to Gaussian for noise. */
	private noise(): number {
		return (this.uniform() + this.uniform() + this.uniform() + this.uniform() - 2) * 1.7320508;
	}

	/** Fills resp, acc and rr with the next second of data. */
	next(): void {
		const s0 = this.second++;
		const { resp, acc, rr } = this;
		for (let i = 0; i < this.beltHz; i++) {
			const ti = s0 + i / this.beltHz;
			const drift = 0.3 * Math.sin((2 * Math.PI * ti) / 600);
			resp.t[i] = ti;
			resp.value[i] = 500 + 100 * (breath514(ti) + drift + 0.01 * this.noise());
		}
		const tilt = Math.PI / 180;
		for (let i = 0; i < this.accHz; i++) {
			const ti = s0 + i / this.accHz;
			const a = tilt * breath514(ti); // breathing: rotation about sensor x
			const b = 2 * tilt * Math.sin((2 * Math.PI * ti) / 300); // sway: rotation about sensor y
			const ca = Math.cos(a);
			acc.t[i] = ti;
			acc.x[i] = 1000 * Math.sin(b) * ca + 3 * this.noise();
			acc.y[i] = -1000 * Math.sin(a) + 3 * this.noise();
			acc.z[i] = 1000 * Math.cos(b) * ca + 3 * this.noise();
		}
		let k = 0;
		while (this.nextBeat < s0 + 1) {
			const tb = this.nextBeat;
			rr.t[k] = tb;
			rr.rrMs[k++] = this.nextRr;
			// ≈ 60 bpm with RSA following the breathing (shorter intervals while breathing in).
			this.nextRr = 1000 - 60 * (breath514(tb) - 0.5) + 8 * this.noise();
			this.nextBeat = tb + this.nextRr / 1000;
		}
		rr.n = k;
	}
}
