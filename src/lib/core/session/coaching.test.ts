import { describe, expect, it } from 'vitest';
import type { Breath, BreathIssue } from '../types';
import { Coach } from './coaching';

let t0 = 0;
function breath(issues: BreathIssue[] = []): Breath {
	const b: Breath = {
		inhaleStart: t0,
		inhaleEnd: t0 + 5,
		exhaleStart: t0 + 6,
		exhaleEnd: t0 + 9.5,
		inhale: 5,
		hold: 1,
		exhale: 3.5,
		pause: 0,
		depth: 1,
		ok: issues.length === 0,
		issues
	};
	t0 += 9.5;
	return b;
}

describe('coaching', () => {
	it('names an issue at once over praise, in calm words', () => {
		t0 = 0;
		const coach = new Coach('resp');
		expect(coach.current.code).toBe('settling');
		expect(coach.breath(breath()).text).toBe('Good — keep following the guide');
		expect(coach.breath(breath(['inhale-short'])).text).toBe('Breathe in a little longer');
	});

	it('keeps an issue line through a single good breath and a different slip', () => {
		t0 = 0;
		const coach = new Coach('resp');
		coach.breath(breath(['hold-long']));
		expect(coach.breath(breath()).code).toBe('hold-long');
		expect(coach.breath(breath(['exhale-short'])).code).toBe('hold-long');
		// Held three breaths; a good breath after a slip is not yet a reason to praise.
		expect(coach.breath(breath()).code).toBe('hold-long');
		expect(coach.breath(breath(['shallow'])).text).toBe('Slower, deeper breaths');
	});

	it('holds a line for a few breaths so it does not flicker', () => {
		t0 = 0;
		const coach = new Coach('resp');
		coach.breath(breath(['pause-after-exhale']));
		expect(coach.current.text).toBe('Don’t pause after breathing out');
		// Two good breaths: not yet enough to leave the line (held for three).
		expect(coach.breath(breath()).code).toBe('pause-after-exhale');
		expect(coach.breath(breath()).code).toBe('pause-after-exhale');
		expect(coach.breath(breath()).code).toBe('steady');
	});

	it('says a pause after breathing out, or shallow breathing, at once over a lesser line', () => {
		t0 = 0;
		const coach = new Coach('resp');
		coach.breath(breath(['exhale-long']));
		// What makes a spasm worse is not kept waiting behind "start the next breath sooner".
		expect(coach.breath(breath(['pause-after-exhale'])).text).toBe('Don’t pause after breathing out');
		// An urgent line is held like any other: a shallow breath next does not make it flicker.
		expect(coach.breath(breath(['shallow'])).code).toBe('pause-after-exhale');
		coach.breath(breath(['hold-long']));
		expect(coach.breath(breath(['hold-long'])).code).toBe('hold-long');
		expect(coach.breath(breath(['shallow'])).text).toBe('Slower, deeper breaths');
	});

	it('puts the issue that matters most first when a breath has several', () => {
		t0 = 0;
		const coach = new Coach('resp');
		expect(coach.breath(breath(['hold-short', 'shallow'])).text).toBe('Slower, deeper breaths');
	});

	it('says a breath hold at once, whatever is showing', () => {
		t0 = 0;
		const coach = new Coach('resp');
		coach.breath(breath(['hold-short']));
		expect(coach.apnea().text).toBe('You held your breath — breathe gently');
		// The next breath speaks for itself again.
		expect(coach.breath(breath()).code).toBe('steady');
	});

	it('never coaches on a breath whose signal was poor, and says so', () => {
		t0 = 0;
		const coach = new Coach('acc');
		coach.quality('acc', false, 3);
		expect(coach.breath(breath(['inhale-short'])).code).toBe('poor-signal');
		coach.quality('acc', true, 8);
		// A gap in the belt stream does not concern a chest-based coach.
		coach.gap('resp', 10, 15);
		expect(coach.breath(breath(['shallow'])).code).toBe('shallow');
		coach.gap('acc', 20, 22);
		expect(coach.breath(breath(['shallow'])).code).toBe('poor-signal');
	});
});
