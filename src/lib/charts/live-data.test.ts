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

	it('says from when the drawing changed, so the chart repaints only from there', () => {
		const d = new LiveChartData();
		expect(d.takeDirty()).toBe(Infinity);
		d.addSignal([10, 10.2], [1, 2]);
		expect(d.takeDirty()).toBe(10);
		expect(d.takeDirty()).toBe(Infinity);
		// The segment from the newest point drawn (10.2) to the new one changes.
		d.addSignal([10.4], [3]);
		d.addBeat(12, 60);
		expect(d.takeDirty()).toBe(10.2);
		d.markGap(11, 13);
		expect(d.takeDirty()).toBe(11);
		// A gap growing changes only from where it ended.
		d.markGap(11, 14);
		expect(d.takeDirty()).toBe(13);
		// A cue draws ahead of now, from the guide's newest point.
		d.addCue(20, 'inhale', 5);
		expect(d.takeDirty()).toBe(20);
		d.addCue(25, 'hold', 1);
		expect(d.takeDirty()).toBe(25);
	});

	it('turns the line drawn so far over when the signal is turned over, and repaints all of it', () => {
		const d = new LiveChartData();
		d.addSignal([10, 10.2, 10.4], [-1, NaN, -3]);
		d.takeDirty();
		const version = d.version;
		d.addSignal([10.6], [4], true);
		expect(d.signal.map((p) => p.y)).toEqual([1, NaN, 3, 4]);
		expect(d.takeDirty()).toBe(10);
		expect(d.version).toBeGreaterThan(version);
		// Turned over with no new points yet: the line turns over all the same.
		d.addSignal([], [], true);
		expect(d.signal.map((p) => p.y)).toEqual([-1, NaN, -3, -4]);
	});
});
