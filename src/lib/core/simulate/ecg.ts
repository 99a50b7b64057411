/**
 * The one ECG synthesiser: a single chest lead (Polar H10-like, µV) from a list of beat times.
 * Each beat is a sum of Gaussians for the P, Q, R, S and T waves, its R peak exactly at the beat
 * time; a baseline (wander, breathing), 50 Hz mains and white noise can be added. Used by the
 * simulated wearable, the engine benchmark and the R-peak tests, so they all see the same heart.
 */
import { gaussian, seededRandom } from './random';

/** [offset from the R peak s, amplitude µV, width s] of P, Q, R, S and T. */
const WAVES: readonly (readonly [number, number, number])[] = [
	[-0.17, 120, 0.022],
	[-0.03, -150, 0.01],
	[0, 1100, 0.011],
	[0.03, -300, 0.012],
	[0.3, 280, 0.045]
];
/** A beat reaches this far before and after its R peak (s). */
const BEFORE_S = 0.3;
const AFTER_S = 0.5;

export interface EcgOptions {
	/** White noise, µV RMS (default 15). */
	noiseUv?: number;
	/** 50 Hz mains pick-up, µV (default 0). */
	mainsUv?: number;
	/** Slow baseline (wander, breathing) in µV at time t (default none). */
	baseline?: (t: number) => number;
	seed?: number;
}

/** One beat's waves at `d` seconds from its R peak, µV. */
export function beatWaves(d: number): number {
	if (d < -BEFORE_S || d > AFTER_S) return 0;
	let s = 0;
	for (const [off, amp, w] of WAVES) {
		const z = (d - off) / w;
		s += amp * Math.exp(-0.5 * z * z);
	}
	return s;
}

/**
 * Streaming ECG: `at(t)` for increasing times (a cursor walks the beats, so each call is O(1)
 * amortised). Beat times must be sorted.
 */
export class EcgSynth {
	private readonly random: () => number;
	private cursor = 0;

	constructor(
		private readonly beats: ArrayLike<number>,
		private readonly options: EcgOptions = {}
	) {
		this.random = seededRandom(options.seed ?? 7);
	}

	at(t: number): number {
		const { beats, options } = this;
		// Beats whose waves have ended no longer matter; restart if time went back.
		if (this.cursor > 0 && beats[this.cursor - 1] > t + BEFORE_S) this.cursor = 0;
		while (this.cursor < beats.length && beats[this.cursor] < t - AFTER_S) this.cursor++;
		let v = 0;
		for (let k = this.cursor; k < beats.length && beats[k] <= t + BEFORE_S; k++) v += beatWaves(t - beats[k]);
		if (options.baseline) v += options.baseline(t);
		if (options.mainsUv) v += options.mainsUv * Math.sin(2 * Math.PI * 50 * t);
		const noise = options.noiseUv ?? 15;
		if (noise) v += noise * gaussian(this.random);
		return v;
	}
}

/** `seconds` of ECG at `rateHz` from time `t0`: sample times and µV. */
export function synthEcg(
	beats: ArrayLike<number>,
	seconds: number,
	rateHz: number,
	options: EcgOptions & { t0?: number } = {}
): { t: Float64Array; value: Float64Array } {
	const n = Math.floor(seconds * rateHz);
	const t = new Float64Array(n);
	const value = new Float64Array(n);
	const synth = new EcgSynth(beats, options);
	const t0 = options.t0 ?? 0;
	for (let i = 0; i < n; i++) {
		t[i] = t0 + i / rateHz;
		value[i] = synth.at(t[i]);
	}
	return { t, value };
}

/** Beats every `rrS` seconds from `first` up to `end`: a perfectly regular heart. */
export function regularBeats(rrS: number, end: number, first = rrS / 2): Float64Array {
	const out: number[] = [];
	for (let b = first; b < end; b += rrS) out.push(b);
	return Float64Array.from(out);
}
