/**
 * Synthetic heart beats with respiratory sinus arrhythmia (RSA) that follows a breathing-rate
 * script, plus measurement noise and optional artifacts (ectopic beats, missed and extra
 * detections). Deterministic for a given seed. Used by the tests and by the simulated wearable.
 *
 * Model: heart rate follows lung volume, a little late. The RR interval whose middle is at time m is
 *   rr = meanRr − A(f) · (2·V(m − lag) − 1) + drift + noise,
 * where V is lung volume, 0 (empty) … 1 (full): the `volume` function when given (the breaths of a
 * chest or belt simulation), else (1 − cos φ)/2 of the integrated breathing phase (φ' = 2π f(t);
 * inhale while φ mod 2π is in (0, π)). So heart rate is highest at full lungs plus `lagSeconds` —
 * a fixed delay, hence a phase lag that grows with the breathing rate (at ≈ 0.1 Hz heart rate and
 * breathing are about in phase in young adults and up to ≈ 70° apart in older ones; Lehrer,
 * Vaschillo & Vidali 2020). A(f) = amplitudeMs / (1 + (f / cornerHz)²) mimics the low-pass RSA
 * transfer (large swings at slow, paced breathing; small ones at fast breathing).
 */

import { gaussian, seededRandom } from './random';

/** One segment of a breathing script: hold `breathsPerMin` for `seconds`. */
export interface BreathingSegment {
	seconds: number;
	breathsPerMin: number;
}

export interface BeatSimOptions {
	/** Mean heart rate, bpm. Default 65. */
	heartRate?: number;
	/** RSA peak amplitude at slow breathing, ms. Default 60. */
	amplitudeMs?: number;
	/** Corner frequency of the RSA amplitude roll-off, Hz. Default 0.25 (15/min). */
	cornerHz?: number;
	/** Gaussian RR noise, ms (SD). Default 8. */
	noiseMs?: number;
	/** Slow random-walk drift of the mean RR, ms per √s. Default 0. */
	driftMs?: number;
	/** Per-beat probability of a premature (ectopic) beat with compensatory pause. Default 0. */
	ectopicRate?: number;
	/** Per-beat probability that a beat is not detected (two intervals merge). Default 0. */
	missedRate?: number;
	/** Per-beat probability of a spurious extra detection (one interval split). Default 0. */
	extraRate?: number;
	/** Lung volume 0…1 at a time (s, on the beats' clock); default: a sine at the script's rate. */
	volume?: (t: number) => number;
	/** Delay of heart rate behind lung volume, s. Default 0.5. */
	lagSeconds?: number;
	/** Time of the first beat, s. Default 0. */
	startTime?: number;
	/** PRNG seed. Default 1. */
	seed?: number;
}

export type BeatKind = 'normal' | 'ectopic' | 'compensatory' | 'missed' | 'extra';

/** A simulated RR series. `t[i]` is the time of the beat that ends interval `rrMs[i]`. */
export interface SimulatedBeats {
	t: Float64Array;
	rrMs: Float64Array;
	/** 1 where the interval is not a normal sinus interval (what an artifact detector should flag). */
	artifact: Uint8Array;
	kind: BeatKind[];
	/** Breathing rate (br/min) in force at each beat. */
	breathsPerMin: Float64Array;
}

/** The project's seeded uniform and normal deviates. */
class Rng {
	private readonly random: () => number;
	constructor(seed: number) {
		this.random = seededRandom(seed >>> 0 || 1);
	}
	uniform(): number {
		return this.random();
	}
	normal(): number {
		return gaussian(this.random);
	}
}

/** Breathing rate (br/min) at time `t` seconds after the start of the script (last segment holds). */
export function scriptRateAt(script: readonly BreathingSegment[], t: number): number {
	let acc = 0;
	for (const seg of script) {
		acc += seg.seconds;
		if (t < acc) return seg.breathsPerMin;
	}
	return script.length ? script[script.length - 1].breathsPerMin : 0;
}

/** Make an RR series that follows `script` (total duration = sum of segment lengths). */
export function simulateBeats(
	script: readonly BreathingSegment[],
	options: BeatSimOptions = {}
): SimulatedBeats {
	const hr = options.heartRate ?? 65;
	const amp = options.amplitudeMs ?? 60;
	const corner = options.cornerHz ?? 0.25;
	const noise = options.noiseMs ?? 8;
	const driftMs = options.driftMs ?? 0;
	const pEct = options.ectopicRate ?? 0;
	const pMiss = options.missedRate ?? 0;
	const pExtra = options.extraRate ?? 0;
	const t0 = options.startTime ?? 0;
	const lag = options.lagSeconds ?? 0.5;
	const volume = options.volume;
	const rng = new Rng(options.seed ?? 1);
	const total = script.reduce((s, seg) => s + seg.seconds, 0);
	const meanRr = 60000 / hr;

	// 1. Sinus beats (times relative to the script start).
	const sinusT: number[] = [];
	const sinusRr: number[] = [];
	const sinusF: number[] = [];
	let t = 0;
	let phase = 0;
	let drift = 0;
	while (t < total) {
		const f = scriptRateAt(script, t) / 60;
		const a = amp / (1 + (f / corner) ** 2);
		// Volume at the middle of this interval, `lag` earlier (the phase moves on by 2π f per s).
		const half = meanRr / 2000;
		const v = volume
			? volume(t0 + t + half - lag)
			: (1 - Math.cos(phase + 2 * Math.PI * f * (half - lag))) / 2;
		let rr = meanRr - a * (2 * v - 1) + drift + noise * rng.normal();
		rr = Math.min(1900, Math.max(320, rr));
		// Advance the breathing phase across the interval in small steps (rate may change).
		const dt = rr / 1000;
		const steps = Math.max(1, Math.ceil(dt / 0.05));
		for (let s = 0; s < steps; s++) {
			phase += (2 * Math.PI * scriptRateAt(script, t + ((s + 0.5) * dt) / steps) * (dt / steps)) / 60;
		}
		drift += driftMs * Math.sqrt(dt) * rng.normal();
		t += dt;
		sinusT.push(t);
		sinusRr.push(rr);
		sinusF.push(f * 60);
	}

	// 2. Artifacts.
	const outT: number[] = [];
	const outRr: number[] = [];
	const outA: number[] = [];
	const outK: BeatKind[] = [];
	const outF: number[] = [];
	const add = (tt: number, rr: number, k: BeatKind, f: number): void => {
		outT.push(t0 + tt);
		outRr.push(rr);
		outA.push(k === 'normal' ? 0 : 1);
		outK.push(k);
		outF.push(f);
	};
	for (let i = 0; i < sinusT.length; i++) {
		const rr = sinusRr[i];
		const u = rng.uniform();
		const f = sinusF[i];
		// Keep artifacts apart so each one is a separate event (leave 3 clean beats between).
		const room = i >= 3 && i + 2 < sinusT.length && outK.slice(-3).every((k) => k === 'normal');
		if (room && u < pEct) {
			const p = 0.2 + 0.15 * rng.uniform();
			const early = rr * p;
			add(sinusT[i] - early / 1000, rr - early, 'ectopic', f);
			// The next interval absorbs the prematurity (full compensatory pause keeps beat timing).
			add(sinusT[i + 1], sinusRr[i + 1] + early, 'compensatory', sinusF[i + 1]);
			i++;
		} else if (room && u < pEct + pMiss) {
			add(sinusT[i + 1], rr + sinusRr[i + 1], 'missed', sinusF[i + 1]);
			i++;
		} else if (room && u < pEct + pMiss + pExtra) {
			const a = rr * (0.3 + 0.4 * rng.uniform());
			add(sinusT[i] - (rr - a) / 1000, a, 'extra', f);
			add(sinusT[i], rr - a, 'extra', f);
		} else {
			add(sinusT[i], rr, 'normal', f);
		}
	}
	return {
		t: Float64Array.from(outT),
		rrMs: Float64Array.from(outRr),
		artifact: Uint8Array.from(outA),
		kind: outK,
		breathsPerMin: Float64Array.from(outF)
	};
}
