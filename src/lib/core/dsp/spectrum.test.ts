import { describe, expect, it } from 'vitest';
import { BandSpectrum } from './spectrum';

/** The plain definition: detrend, Hann, |Σ x e^(−jωi)|². */
function naive(x: number[], rate: number, f: number): number {
	const n = x.length;
	let sx = 0;
	let sy = 0;
	let sxx = 0;
	let sxy = 0;
	x.forEach((v, i) => {
		sx += i;
		sy += v;
		sxx += i * i;
		sxy += i * v;
	});
	const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	const icpt = (sy - slope * sx) / n;
	let re = 0;
	let im = 0;
	x.forEach((v, i) => {
		const y = (v - icpt - slope * i) * (0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n));
		re += y * Math.cos((2 * Math.PI * f * i) / rate);
		im -= y * Math.sin((2 * Math.PI * f * i) / rate);
	});
	return re * re + im * im;
}

describe('BandSpectrum', () => {
	for (const n of [240, 241]) {
		it(`equals the plain sum on every bin (n = ${n}, a ring that wraps) and peaks at a sine`, () => {
			const rate = 4;
			const spec = new BandSpectrum(rate, 0.04, 0.7, 0.0025, 256);
			const ring = new Float64Array(256);
			let next = 0;
			const values: number[] = [];
			for (let i = 0; i < 300; i++) {
				const v =
					Math.sin((2 * Math.PI * 0.1 * i) / rate) +
					0.3 * Math.sin((2 * Math.PI * 0.33 * i) / rate) +
					0.01 * i;
				ring[next] = v;
				next = (next + 1) % ring.length;
				values.push(v);
			}
			spec.compute(ring, next, n);
			const last = values.slice(-n);
			let bestK = 0;
			for (let k = 0; k < spec.bins; k++) {
				const want = naive(last, rate, spec.frequency(k));
				expect(spec.power[k]).toBeCloseTo(want, 6);
				if (spec.power[k] > spec.power[bestK]) bestK = k;
			}
			expect(spec.frequency(bestK)).toBeCloseTo(0.1, 3);
		});
	}
});
