import { describe, expect, it } from 'vitest';
import { Biquad3, BiquadFilter, highPass, lowPass } from './biquad';

describe('Biquad3', () => {
	it('is a BiquadFilter on each axis, to the last bit, from a reset and a reset mid-stream', () => {
		for (const design of [lowPass(0.6, 25), lowPass(0.02, 22.2), highPass(1.5, 25)]) {
			const three = new Biquad3(design);
			const each = [new BiquadFilter(design), new BiquadFilter(design), new BiquadFilter(design)];
			const v = { x: 12, y: -980, z: 150 };
			three.reset(v);
			each[0].reset(v.x);
			each[1].reset(v.y);
			each[2].reset(v.z);
			for (let i = 0; i < 2000; i++) {
				v.x = 12 + 30 * Math.sin(i / 40) + ((i * 7919) % 13);
				v.y = -980 + 5 * Math.cos(i / 17);
				v.z = 150 + (i % 50 === 0 ? 200 : 0);
				if (i === 1000) {
					// A new posture: started again from where another filter stands.
					const from = { x: three.x + 1, y: three.y - 2, z: three.z };
					three.reset(from);
					each[0].reset(from.x);
					each[1].reset(from.y);
					each[2].reset(from.z);
				}
				three.step(v);
				expect([three.x, three.y, three.z]).toEqual([
					each[0].step(v.x),
					each[1].step(v.y),
					each[2].step(v.z)
				]);
			}
		}
	});
});
