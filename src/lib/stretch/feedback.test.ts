import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '$lib/core/types';
import { StretchCoach } from './feedback';

const rate = (breathsPerMin: number | null): EngineEvent => ({
	type: 'rate',
	breathsPerMin,
	rsaBreathsPerMin: null,
	heartRate: 70,
	rmssd: null,
	at: 1
});
const hold = (issues: ('hold-too-short' | 'breath-held' | 'fast-breathing')[]): EngineEvent => ({
	type: 'stretch-hold',
	hold: { start: 0, end: 5, ok: issues.length === 0, issues, angle: 30 },
	at: 6
});

describe('stretch prompts', () => {
	it('asks to keep breathing when the breath is held during a hold, and lets go once breathing resumes', () => {
		const coach = new StretchCoach(true);
		coach.enter('hold', true);
		expect(coach.event({ type: 'apnea-start', t: 3, at: 13 })?.code).toBe('breath-held');
		expect(coach.event({ type: 'apnea-end', start: 3, end: 16, at: 17 })).toBeNull();
	});

	it('keeps asking when the breath before the held one is reported late, and stops at the next breath', () => {
		const breath = (inhaleStart: number, at: number): EngineEvent => ({
			type: 'breath',
			breath: { inhaleStart } as Extract<EngineEvent, { type: 'breath' }>['breath'],
			at
		});
		const coach = new StretchCoach(true);
		coach.enter('hold', true);
		expect(coach.event({ type: 'apnea-start', t: 13, at: 23 })?.code).toBe('breath-held');
		expect(coach.event(breath(2, 23.5))?.code).toBe('breath-held');
		expect(coach.event(breath(30, 40))).toBeNull();
	});

	it('asks for slower breathing when it is fast during a hold, with hysteresis', () => {
		const coach = new StretchCoach(false);
		coach.enter('hold', false);
		expect(coach.event(rate(24))?.code).toBe('fast-breathing');
		expect(coach.event(rate(18))?.code).toBe('fast-breathing');
		expect(coach.event(rate(12))).toBeNull();
	});

	it('leaves breathing alone during rests', () => {
		const coach = new StretchCoach(true);
		coach.enter('rest', true);
		expect(coach.event({ type: 'apnea-start', t: 3, at: 13 })).toBeNull();
		expect(coach.event(rate(26))).toBeNull();
	});

	it('with a sensed exercise: confirms a hold, flags a short hold into the rest, a skipped rest and tensing', () => {
		const coach = new StretchCoach(true);
		coach.enter('hold', true);
		expect(coach.event({ type: 'stretch-hold-start', t: 1, at: 3 })?.code).toBe('hold-seen');
		expect(coach.event({ type: 'stretch-rest-start', t: 5, at: 7 })?.code).toBe('drifting');
		expect(coach.event(hold(['hold-too-short']))?.code).toBe('hold-short');
		expect(coach.enter('rest', true)?.code).toBe('hold-short');
		expect(coach.event({ type: 'stretch-hold-start', t: 9, at: 11 })?.code).toBe('tensing');
		expect(coach.event({ type: 'stretch-rest', rest: { start: 5, end: 5.2, ok: false }, at: 12 })?.code).toBe(
			'rest-skipped'
		);
		expect(coach.enter('hold', true)).toBeNull();
	});

	it('keeps a hold or rest outcome on screen over the events that come with it', () => {
		const coach = new StretchCoach(true);
		coach.enter('hold', true);
		// A short hold ends: the hold closes, then the rest opens, in one batch.
		coach.event(hold(['hold-too-short']));
		expect(coach.event({ type: 'stretch-rest-start', t: 5, at: 6 })?.code).toBe('hold-short');
		coach.enter('rest', true);
		// Straight into the next stretch: the skipped rest is reported, then the new hold starts.
		coach.event({ type: 'stretch-rest', rest: { start: 5, end: 5, ok: false }, at: 12 });
		expect(coach.event({ type: 'stretch-hold-start', t: 5, at: 12 })?.code).toBe('rest-skipped');
		// Later movement is reported again.
		expect(coach.event({ type: 'stretch-hold-start', t: 14, at: 16 })?.code).toBe('tensing');
	});

	it('with a timed exercise (seated twist, belt): says nothing about holds it cannot see', () => {
		const coach = new StretchCoach(false);
		coach.enter('hold', false);
		expect(coach.event({ type: 'stretch-hold-start', t: 1, at: 3 })).toBeNull();
		expect(coach.event(hold(['hold-too-short']))).toBeNull();
		expect(coach.event({ type: 'apnea-start', t: 3, at: 13 })?.code).toBe('breath-held');
	});
});
