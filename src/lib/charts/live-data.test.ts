import { describe, expect, it } from 'vitest';
import { LiveChartData } from './live-data';

describe('the live chart’s data', () => {
	it('draws the target as the pacer leads: in rises, hold stays, out falls', () => {
		const d = new LiveChartData();
		d.addCue(0, 'inhale', 5);
		d.addCue(5, 'hold', 1);
		d.addCue(6, 'exhale', 3.5);
		expect(d.target.map((p) => [p.x, p.y])).toEqual([
			[0, 0],
			[5, 1],
			[5, 1],
			[6, 1],
			[6, 1],
			[9.5, 0]
		]);
		expect(d.phases.map((s) => s.phase)).toEqual(['inhale', 'hold', 'exhale']);
	});

	it('breaks the lines at a gap instead of drawing across it', () => {
		const d = new LiveChartData();
		d.addSignal([0, 0.1], [1, 2]);
		d.markGap(0.1, 3);
		d.markGap(0.1, 5);
		d.addSignal([5.1], [2]);
		expect(d.gaps).toEqual([{ start: 0.1, end: 5, phase: 'gap' }]);
		expect(d.signal.some((p) => Number.isNaN(p.y))).toBe(true);
		d.addBeat(1, 60);
		d.addBeat(10, 62);
		expect(Number.isNaN(d.heartRate[1].y)).toBe(true);
	});

	it('keeps only the last minute or so', () => {
		const d = new LiveChartData(60);
		for (let t = 0; t < 300; t += 0.1) d.addSignal([t], [Math.sin(t)]);
		d.prune(300);
		expect(d.signal[0].x).toBeGreaterThanOrEqual(235);
		expect(d.signal.length).toBeLessThan(660);
	});

	it('says which layer changed, so the chart redraws only that one', () => {
		const d = new LiveChartData();
		const seen = { ...d.versions };
		const changed = () => {
			const out = {
				signal: d.versions.signal !== seen.signal,
				guide: d.versions.guide !== seen.guide,
				heart: d.versions.heart !== seen.heart
			};
			Object.assign(seen, d.versions);
			return out;
		};
		expect(changed()).toEqual({ signal: false, guide: false, heart: false });
		d.addSignal([10, 10.2], [1, 2]);
		expect(changed()).toEqual({ signal: true, guide: false, heart: false });
		d.addSignal([], []);
		expect(changed()).toEqual({ signal: false, guide: false, heart: false });
		d.addBeat(12, 60);
		expect(changed()).toEqual({ signal: false, guide: false, heart: true });
		d.addCue(20, 'inhale', 5);
		expect(changed()).toEqual({ signal: false, guide: true, heart: false });
		// A new gap breaks the breathing line and is shaded behind it; a gap growing is only shaded.
		d.markGap(11, 13);
		expect(changed()).toEqual({ signal: true, guide: true, heart: false });
		d.markGap(11, 14);
		expect(changed()).toEqual({ signal: false, guide: true, heart: false });
		// Pruning what has scrolled out of view redraws nothing.
		d.prune(200);
		expect(changed()).toEqual({ signal: false, guide: false, heart: false });
	});

	it('turns the line drawn so far over when the signal is turned over, and repaints all of it', () => {
		const d = new LiveChartData();
		d.addSignal([10, 10.2, 10.4], [-1, NaN, -3]);
		let version = d.versions.signal;
		d.addSignal([10.6], [4], true);
		expect(d.signal.map((p) => p.y)).toEqual([1, NaN, 3, 4]);
		expect(d.versions.signal).toBeGreaterThan(version);
		// Turned over with no new points yet: the line turns over all the same, and is redrawn.
		version = d.versions.signal;
		d.addSignal([], [], true);
		expect(d.signal.map((p) => p.y)).toEqual([-1, NaN, -3, -4]);
		expect(d.versions.signal).toBeGreaterThan(version);
	});
});
