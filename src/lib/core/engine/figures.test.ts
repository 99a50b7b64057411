import { describe, expect, it } from 'vitest';
import type { Breath, BreathIssue, EngineEvent } from '../types';
import { AnalysisCollector } from './analysis';
import { FigureCollector } from './figures';
import { SummaryBuilder } from '../session/summary';

/** A breath starting at `start` whose whole cycle (inhale to the end of its pause) lasts `cycle` s. */
function breath(start: number, cycle: number, issues: BreathIssue[] = []): EngineEvent {
	const b = {
		inhaleStart: start,
		exhaleEnd: start + cycle - 0.5,
		pause: 0.5,
		ok: issues.length === 0,
		issues
	} as unknown as Breath;
	return { type: 'breath', breath: b, at: start + cycle };
}

const rate = (rsaBreathsPerMin: number | null): EngineEvent => ({
	type: 'rate',
	breathsPerMin: null,
	rsaBreathsPerMin,
	heartRate: 70,
	rmssd: 40,
	at: 0
});

describe('session figures', () => {
	it('takes the breathing rate from the median cycle, so one long apnea does not drag it down', () => {
		const f = new FigureCollector();
		let t = 0;
		for (const cycle of [10, 10, 10, 40, 10]) {
			f.add(breath(t, cycle));
			t += cycle;
		}
		expect(f.figures().ratePerMin).toBeCloseTo(6, 9);
	});

	it('falls back to the rate the heart gave when fewer than two breaths were found', () => {
		const f = new FigureCollector();
		f.add(rate(5));
		f.add(rate(7));
		f.add(rate(null));
		f.add(breath(0, 10));
		expect(f.figures().ratePerMin).toBeCloseTo(6, 9);
		expect(new FigureCollector().figures().ratePerMin).toBeNull();
	});

	it('names the commonest issue, the first seen winning a tie', () => {
		const f = new FigureCollector();
		f.add(breath(0, 10, ['hold-short']));
		f.add(breath(10, 10, ['shallow']));
		f.add(breath(20, 10, ['shallow', 'hold-short']));
		f.add(breath(30, 10));
		expect(f.figures()).toMatchObject({
			breaths: 4,
			okBreaths: 1,
			adherence: 0.25,
			commonestIssue: 'hold-short',
			issues: { 'hold-short': 2, shallow: 2 }
		});
	});

	it('gives the command line, the stored summary and the review the same numbers', () => {
		const events: EngineEvent[] = [rate(6)];
		let t = 0;
		for (const [i, cycle] of [9, 10, 11, 10, 30, 10].entries()) {
			events.push(breath(t, cycle, i === 4 ? ['pause-after-exhale'] : []));
			t += cycle;
			events.push({ type: 'beat', t, rrMs: 900 + 20 * i, artifact: false, at: t });
		}
		const cli = new AnalysisCollector('5-1-4', 'resp');
		const stored = new SummaryBuilder();
		for (const e of events) {
			cli.handle(e);
			stored.add(e);
		}
		const a = cli.result().summary;
		const s = stored.result(t, 0);
		expect(a.ratePerMin).toBeCloseTo(6, 9);
		expect(s.breathsPerMin).toBe(a.ratePerMin);
		expect(s.heartRate).toBe(a.heartRate);
		expect(s.rmssd).toBe(a.rmssd);
		expect(s.adherence).toBe(a.adherence);
		expect(s.commonestIssue).toBe('pause-after-exhale');
	});
});
