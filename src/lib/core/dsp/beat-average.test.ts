import { describe, expect, it } from 'vitest';
import { BeatAverage } from './beat-average';

describe('BeatAverage', () => {
	it('removes a heartbeat ripple of any shape and keeps a slow breath, delayed by half a beat', () => {
		const fs = 25;
		const beat = 60 / 72;
		const avg = new BeatAverage(fs);
		avg.setBeat(beat);
		let worst = 0;
		for (let i = 0; i < fs * 60; i++) {
			const t = i / fs;
			const breath = Math.sin((2 * Math.PI * t) / 10);
			const p = (2 * Math.PI * t) / beat;
			const ripple = 0.5 * (Math.sin(p) + 0.5 * Math.sin(2 * p + 1));
			const out = avg.push(breath + ripple);
			if (t > 5) {
				const expected = Math.sin((2 * Math.PI * (t - avg.delaySeconds)) / 10) * 0.983;
				worst = Math.max(worst, Math.abs(out - expected));
			}
		}
		// The ripple (1.2 peak to peak) is gone to within the 25 Hz sampling of its period.
		expect(worst).toBeLessThan(0.03);
		expect(avg.delaySeconds).toBeCloseTo((Math.round(beat * fs) - 1) / 2 / fs, 9);
	});

	it('passes the signal through when no beat is known', () => {
		const avg = new BeatAverage(20);
		expect(avg.push(3)).toBe(3);
		expect(avg.push(-1)).toBe(-1);
		expect(avg.delaySeconds).toBe(0);
	});
});
