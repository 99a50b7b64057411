import { describe, expect, it } from 'vitest';
import type { Breath, BreathIssue, EngineEvent } from '../types';
import { issueWords, SummaryBuilder } from './summary';

const breath = (issues: BreathIssue[]): EngineEvent => ({
	type: 'breath',
	at: 0,
	breath: { ok: issues.length === 0, issues } as unknown as Breath
});
const beat = (t: number, rrMs: number, artifact = false): EngineEvent => ({
	type: 'beat',
	t,
	rrMs,
	artifact,
	at: t
});

describe('the session summary', () => {
	it('counts breaths, adherence and names the commonest issue in plain words', () => {
		const s = new SummaryBuilder();
		for (const e of [breath([]), breath(['shallow']), breath(['shallow', 'hold-short']), breath([])])
			s.add(e);
		const r = s.result(300, 0);
		expect(r).toMatchObject({ breaths: 4, okBreaths: 2, adherence: 0.5, commonestIssue: 'shallow' });
		expect(r.issues).toEqual({ shallow: 2, 'hold-short': 1 });
		expect(issueWords('shallow')).toBe('shallow breaths');
	});

	it('takes heart rate and RMSSD from clean neighbouring beats only', () => {
		const s = new SummaryBuilder();
		// 1000, 900, 1000 ms: differences 100 and 100 → RMSSD 100; an artifact breaks the chain.
		let t = 0;
		for (const rr of [1000, 900, 1000]) s.add(beat((t += rr / 1000), rr));
		s.add(beat((t += 2), 2000, true));
		s.add(beat(t + 0.95, 950));
		const r = s.result(10, 0);
		expect(r.rmssd).toBeCloseTo(100, 9);
		expect(r.heartRate).toBeCloseTo(60000 / ((1000 + 900 + 1000 + 950) / 4), 9);
	});

	it('leaves out what was not measured', () => {
		const r = new SummaryBuilder().result(60, 60);
		expect(r).toMatchObject({
			breaths: 0,
			adherence: null,
			commonestIssue: null,
			heartRate: null,
			rmssd: null,
			breathsPerMin: null
		});
		expect(r.holds).toBeUndefined();
	});
});
