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

/** A vector's three components, held in fields. */
export interface Vec3Fields {
	x: number;
	y: number;
	z: number;
}

/**
 * One design run on the three axes of a vector (as `BiquadFilter` on each, the same arithmetic):
 * the input is read from a vector's fields and the output left in `x`, `y`, `z`. Fields, not
 * arguments and return values: a double passed to or returned from a call V8 does not inline is
 * boxed, and a block step of the chest accelerometer runs five of these.
 */
export class Biquad3 implements Vec3Fields {
	x = 0;
	y = 0;
	z = 0;
	private x1 = 0;
	private x2 = 0;
	private y1 = 0;
	private y2 = 0;
	private z1 = 0;
	private z2 = 0;
	constructor(readonly design: Biquad) {}

	/** Starts at steady state for the constant input `v`, so no transient. */
	reset(v: Vec3Fields): void {
		const { b0, b1, b2, a1, a2 } = this.design;
		let x = v.x;
		let y = (x * (b0 + b1 + b2)) / (1 + a1 + a2);
		this.x2 = b2 * x - a2 * y;
		this.x1 = b1 * x - a1 * y + this.x2;
		x = v.y;
		y = (x * (b0 + b1 + b2)) / (1 + a1 + a2);
		this.y2 = b2 * x - a2 * y;
		this.y1 = b1 * x - a1 * y + this.y2;
		x = v.z;
		y = (x * (b0 + b1 + b2)) / (1 + a1 + a2);
		this.z2 = b2 * x - a2 * y;
		this.z1 = b1 * x - a1 * y + this.z2;
	}

	step(v: Vec3Fields): void {
		const d = this.design;
		let x = v.x;
		let y = d.b0 * x + this.x1;
		this.x1 = d.b1 * x - d.a1 * y + this.x2;
		this.x2 = d.b2 * x - d.a2 * y;
		this.x = y;
		x = v.y;
		y = d.b0 * x + this.y1;
		this.y1 = d.b1 * x - d.a1 * y + this.y2;
		this.y2 = d.b2 * x - d.a2 * y;
		this.y = y;
		x = v.z;
		y = d.b0 * x + this.z1;
		this.z1 = d.b1 * x - d.a1 * y + this.z2;
		this.z2 = d.b2 * x - d.a2 * y;
		this.z = y;
	}
}
