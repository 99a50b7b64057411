/**
 * Second-order sections: the design (coefficients, immutable) is kept apart from the streaming
 * state, as scipy's sos/zi and fili do. Transposed direct form II, float64 state.
 */

export interface Biquad {
	readonly b0: number;
	readonly b1: number;
	readonly b2: number;
	readonly a1: number;
	readonly a2: number;
}

/** Butterworth (Q = 1/√2) low-pass by the Audio EQ Cookbook's bilinear transform. */
export function lowPass(cutoffHz: number, sampleRateHz: number, q = Math.SQRT1_2): Biquad {
	const w = (2 * Math.PI * Math.min(cutoffHz, sampleRateHz * 0.45)) / sampleRateHz;
	const alpha = Math.sin(w) / (2 * q);
	const cos = Math.cos(w);
	const a0 = 1 + alpha;
	const b1 = (1 - cos) / a0;
	return { b0: b1 / 2, b1, b2: b1 / 2, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Butterworth (Q = 1/√2) high-pass, cookbook form. */
export function highPass(cutoffHz: number, sampleRateHz: number, q = Math.SQRT1_2): Biquad {
	const w = (2 * Math.PI * cutoffHz) / sampleRateHz;
	const alpha = Math.sin(w) / (2 * q);
	const cos = Math.cos(w);
	const a0 = 1 + alpha;
	const b0 = (1 + cos) / 2 / a0;
	return { b0, b1: -2 * b0, b2: b0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Group delay near DC of a low-pass biquad, in seconds: how late the filtered edge appears. */
export function lowPassDelaySeconds(cutoffHz: number, q = Math.SQRT1_2): number {
	// H(s) = 1 / (s²/ω² + s/(Qω) + 1): the delay at DC is 1/(Qω).
	return 1 / (q * 2 * Math.PI * cutoffHz);
}

/** Streaming state of one biquad. `reset(x)` starts it at steady state for input x, so no transient. */
export class BiquadFilter {
	private s1 = 0;
	private s2 = 0;
	constructor(readonly design: Biquad) {}

	reset(x = 0): void {
		const { b0, b1, b2, a1, a2 } = this.design;
		// Steady state of TDF-II for constant input x: y = x·gain, where gain = Σb / (1 + a1 + a2).
		const y = (x * (b0 + b1 + b2)) / (1 + a1 + a2);
		this.s2 = b2 * x - a2 * y;
		this.s1 = b1 * x - a1 * y + this.s2;
	}

	/** The filter of the negated signal from here on (it is linear: its state is negated). */
	negate(): void {
		this.s1 = -this.s1;
		this.s2 = -this.s2;
	}

	step(x: number): number {
		const d = this.design;
		const y = d.b0 * x + this.s1;
		this.s1 = d.b1 * x - d.a1 * y + this.s2;
		this.s2 = d.b2 * x - d.a2 * y;
		return y;
	}
}
