import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../engine/pattern';
import { seededRandom } from '../simulate/random';
import { Announcer } from './announce';
import { PacerTimer, type PacerCue } from './pacer';
import { breathingPlan, patternSteps, planSeconds, stretchPlan } from './plan';

describe('the pacer’s plan', () => {
	it('leads 5-1-4 as inhale, hold, exhale with no pause, after three calibration breaths', () => {
		expect(patternSteps(PATTERN_514).map((s) => `${s.phase} ${s.seconds}`)).toEqual([
			'inhale 5',
			'hold 1',
			'exhale 3.5'
		]);
		const plan = breathingPlan(PATTERN_514, 300);
		expect(plan.segments[0]).toMatchObject({ part: 'calibration', cycles: 3 });
		// 300 s of 9.5-s breaths: 32 whole breaths (304 s), plus 27 s of calibration.
		expect(plan.segments[1].cycles).toBe(32);
		expect(planSeconds(plan)).toBeCloseTo(27 + 32 * 9.5, 9);
		expect(planSeconds(breathingPlan(PATTERN_514, null))).toBeNull();
	});
});

describe('pacer timing', () => {
	it('is where the plan says at any moment: phase, progress and a countdown', () => {
		const pacer = new PacerTimer(breathingPlan(PATTERN_514, null, false), 10);
		expect(pacer.at(10)).toMatchObject({ phase: 'inhale', progress: 0, countdown: 5 });
		expect(pacer.at(12.5)).toMatchObject({ phase: 'inhale', progress: 0.5, countdown: 3 });
		expect(pacer.at(15.2)).toMatchObject({ phase: 'hold', countdown: 1 });
		expect(pacer.at(16)).toMatchObject({ phase: 'exhale', start: 16, end: 19.5 });
		expect(pacer.at(19.5)).toMatchObject({ phase: 'inhale', cycle: 1 });
	});

	it('does not drift over ten minutes of irregular, late ticks against the clock', () => {
		const rand = seededRandom(7);
		const start = 3.25;
		const pacer = new PacerTimer(breathingPlan(PATTERN_514, 600), start);
		const cues: PacerCue[] = [];
		// A fake clock ticking every 16–300 ms, sometimes a whole second late (a busy phone).
		for (let now = start; now < start + 700; now += rand() < 0.02 ? 1.2 : 0.016 + rand() * 0.284) {
			cues.push(...pacer.cuesUntil(now));
		}
		// 3 calibration breaths (2 cues each), then 63 breaths of 3 cues: every cue exactly once.
		expect(cues).toHaveLength(6 + 63 * 3);
		const guided = cues.filter((c) => c.part === 'guided');
		const lastInhale = guided.filter((c) => c.phase === 'inhale').at(-1);
		expect(lastInhale?.t).toBeCloseTo(start + 27 + 62 * 9.5, 6);
		// Each cue is at its planned time, not when the tick noticed it.
		for (let i = 1; i < guided.length; i++) {
			expect(guided[i].t - guided[i - 1].t).toBeCloseTo(guided[i - 1].seconds, 6);
		}
		expect(pacer.at(start + 27 + 63 * 9.5 + 0.1)).toBeNull();
		expect(pacer.cuesUntil(start + 1000)).toEqual([]);
	});

	it('reports the steps a long-stalled tick missed, in order, each at its own time', () => {
		const pacer = new PacerTimer(breathingPlan(PATTERN_514, null, false), 0);
		expect(pacer.cuesUntil(0).map((c) => c.phase)).toEqual(['inhale']);
		const missed = pacer.cuesUntil(20);
		expect(missed.map((c) => `${c.phase}@${c.t}`)).toEqual([
			'hold@5',
			'exhale@6',
			'inhale@9.5',
			'hold@14.5',
			'exhale@15.5',
			'inhale@19'
		]);
	});

	it('leads a stretch programme’s holds and rests the same way', () => {
		const pacer = new PacerTimer(stretchPlan(30, 20, 2), 0);
		expect(pacer.cuesUntil(200).map((c) => `${c.phase}@${c.t}`)).toEqual([
			'stretch-hold@0',
			'stretch-rest@30',
			'stretch-hold@50',
			'stretch-rest@80'
		]);
		expect(pacer.endT).toBe(100);
	});
});

describe('screen-reader announcements', () => {
	it('announce the steps a person can hear out, never two within 2.5 s', () => {
		const a = new Announcer();
		const said = [
			a.next(0, 5, 'Breathe in'),
			a.next(5, 1, 'Hold'),
			a.next(6, 3.5, 'Breathe out'),
			a.next(9.5, 5, 'Breathe in'),
			a.next(10, 4, 'Breathe in')
		];
		expect(said).toEqual(['Breathe in', null, 'Breathe out', 'Breathe in', null]);
	});
});
