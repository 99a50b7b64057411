import { describe, expect, it } from 'vitest';
import {
	AWAY_PAUSE_MS,
	begin,
	createProgramme,
	pause,
	phaseElapsedMs,
	phaseRemainingMs,
	progress,
	restore,
	resume,
	skip,
	tick,
	type ProgrammeState
} from './programme';

const T0 = Date.UTC(2026, 11, 4, 9, 0);
const S = 1000;
const items = [
	{ exercise: 'side-lying-hunch', holdSeconds: 30, restSeconds: 30, reps: 2 },
	{ exercise: 'seated-twist', holdSeconds: 20, restSeconds: 10, reps: 1 }
];

function where(s: ProgrammeState) {
	return `${s.item}:${s.rep}:${s.phase}`;
}

describe('stretch programme', () => {
	it('waits until the person is ready, then leads hold → rest → next hold → next exercise → done', () => {
		let s = createProgramme(items, T0);
		expect(where(tick(s, T0 + 60 * S))).toBe('0:0:ready');
		s = begin(s, T0 + 5 * S);
		expect(where(s)).toBe('0:0:hold');
		s = tick(s, T0 + 34 * S);
		expect(where(s)).toBe('0:0:hold');
		expect(phaseRemainingMs(s, T0 + 34 * S)).toBe(1 * S);
		s = tick(s, T0 + 35 * S);
		expect(where(s)).toBe('0:0:rest');
		s = tick(s, T0 + 65 * S);
		expect(where(s)).toBe('0:1:hold');
		expect(progress(s)).toEqual({ rep: 2, reps: 2, item: 1, items: 2 });
		s = tick(s, T0 + 125 * S);
		expect(where(s)).toBe('1:0:ready');
		s = begin(s, T0 + 200 * S);
		s = tick(s, T0 + 230 * S);
		expect(where(s)).toBe('1:0:done');
		expect(s.steps.map((st) => [st.item, st.rep, st.phase, (st.end - st.start) / S, st.skipped])).toEqual([
			[0, 0, 'hold', 30, false],
			[0, 0, 'rest', 30, false],
			[0, 1, 'hold', 30, false],
			[0, 1, 'rest', 30, false],
			[1, 0, 'hold', 20, false],
			[1, 0, 'rest', 10, false]
		]);
	});

	it('ends each phase when it was due, even when the tick comes late', () => {
		let s = begin(createProgramme(items, T0), T0);
		s = tick(s, T0 + 47 * S); // a throttled background tab
		expect(where(s)).toBe('0:0:rest');
		expect(s.phaseStart).toBe(T0 + 30 * S);
		expect(phaseElapsedMs(s, T0 + 47 * S)).toBe(17 * S);
	});

	it('skips a hold into its rest and a rest into the next hold, and records that', () => {
		let s = begin(createProgramme(items, T0), T0);
		s = skip(s, T0 + 12 * S);
		expect(where(s)).toBe('0:0:rest');
		s = skip(s, T0 + 14 * S);
		expect(where(s)).toBe('0:1:hold');
		expect(s.steps.map((st) => [st.phase, (st.end - st.start) / S, st.skipped])).toEqual([
			['hold', 12, true],
			['rest', 2, true]
		]);
	});

	it('pauses without counting the pause, and resumes where it was', () => {
		let s = begin(createProgramme(items, T0), T0);
		s = pause(s, T0 + 10 * S);
		expect(phaseRemainingMs(s, T0 + 500 * S)).toBe(20 * S);
		expect(where(tick(s, T0 + 500 * S))).toBe('0:0:hold');
		s = resume(s, T0 + 500 * S);
		expect(phaseRemainingMs(s, T0 + 510 * S)).toBe(10 * S);
		s = tick(s, T0 + 520 * S);
		expect(where(s)).toBe('0:0:rest');
		expect(s.steps[0]).toMatchObject({ start: T0, end: T0 + 520 * S, skipped: false });
	});

	it('a skip while paused ends the phase at the pause', () => {
		let s = pause(begin(createProgramme(items, T0), T0), T0 + 8 * S);
		s = skip(s, T0 + 100 * S);
		expect(where(s)).toBe('0:0:rest');
		expect(s.steps[0].end).toBe(T0 + 8 * S);
		expect(s.pausedAt).toBeNull();
	});

	it('resumes after a reload: a quick one carries on, a long absence waits paused where it was seen', () => {
		let s = begin(createProgramme(items, T0), T0);
		s = tick(s, T0 + 20 * S);
		const saved = JSON.parse(JSON.stringify(s)) as ProgrammeState;

		const quick = restore(saved, T0 + 23 * S);
		expect(quick.pausedAt).toBeNull();
		expect(phaseRemainingMs(quick, T0 + 23 * S)).toBe(7 * S);

		const later = T0 + 20 * S + AWAY_PAUSE_MS + 3600 * S;
		const long = restore(saved, later);
		expect(where(long)).toBe('0:0:hold');
		expect(long.pausedAt).toBe(T0 + 20 * S);
		expect(phaseRemainingMs(long, later)).toBe(10 * S);
		const resumed = resume(long, later);
		expect(where(tick(resumed, later + 10 * S))).toBe('0:0:rest');
	});

	it('refuses an empty programme', () => {
		expect(() => createProgramme([], T0)).toThrow(/at least one/);
	});
});
