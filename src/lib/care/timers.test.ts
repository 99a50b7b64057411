import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { COLD_PHASE_MS, HOUR, MINUTE, PACK_MS, thermalPhase, TIMERS } from './plan';
import { loadCare, saveCare, CARE_KEY } from './store';
import {
	cancelTimer,
	clockText,
	dueUnannounced,
	isDue,
	markAnnounced,
	nextEnd,
	remainingMs,
	spokenText,
	startTimer
} from './timers';

/** A fake wall clock: the timers only ever see the numbers it gives. */
function fakeClock(start = Date.UTC(2026, 11, 4, 9, 0)) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('care timers', () => {
	it('count down from the stored start, whatever happened in between', () => {
		const clock = fakeClock();
		const timers = startTimer([], TIMERS.cold, clock.now());
		clock.advance(5 * MINUTE);
		expect(remainingMs(timers[0], clock.now())).toBe(15 * MINUTE);
		expect(clockText(remainingMs(timers[0], clock.now()))).toBe('15:00');
		clock.advance(15 * MINUTE - 1);
		expect(isDue(timers[0], clock.now())).toBe(false);
		clock.advance(1);
		expect(isDue(timers[0], clock.now())).toBe(true);
		expect(remainingMs(timers[0], clock.now() + HOUR)).toBe(0);
	});

	it('survive a reload: saved, read back in a new page, still counting from the same start', () => {
		const clock = fakeClock();
		const storage = memoryStorage();
		const timers = startTimer(startTimer([], TIMERS.cold, clock.now()), TIMERS.water, clock.now());
		saveCare(storage, { check: null, spasmStartedAt: null, timers });
		clock.advance(12 * MINUTE); // the tab was closed for 12 minutes
		const { record, damaged } = loadCare(storage);
		expect(damaged).toBe(false);
		expect(record.timers.map((t) => remainingMs(t, clock.now()))).toEqual([
			8 * MINUTE,
			2 * HOUR - 12 * MINUTE
		]);
		clock.advance(9 * MINUTE); // ended while the tab was closed: announced once on opening
		expect(dueUnannounced(record.timers, clock.now()).map((t) => t.id)).toEqual(['pack']);
		const after = markAnnounced(record.timers, ['pack']);
		expect(dueUnannounced(after, clock.now())).toEqual([]);
		expect(nextEnd(after)).toBe(clock.now() - 21 * MINUTE + 2 * HOUR);
	});

	it('restart one timer per id and cancel it', () => {
		const clock = fakeClock();
		let timers = startTimer([], TIMERS.cold, clock.now());
		clock.advance(MINUTE);
		timers = startTimer(timers, TIMERS.heat, clock.now()); // same id: the pack
		expect(timers).toHaveLength(1);
		expect(timers[0].label).toBe(TIMERS.heat.label);
		expect(remainingMs(timers[0], clock.now())).toBe(PACK_MS);
		expect(cancelTimer(timers, 'pack')).toEqual([]);
	});

	it('show the full time, not more, when the clock is set back', () => {
		const timers = startTimer([], TIMERS.rest, 10 * HOUR);
		expect(remainingMs(timers[0], 9 * HOUR)).toBe(TIMERS.rest.durationMs);
	});

	it('read damaged storage as nothing stored, and say so', () => {
		const storage = memoryStorage();
		storage.setItem(CARE_KEY, '{"check":null,"spasmStartedAt":"yesterday","timers":[]}');
		expect(loadCare(storage)).toEqual({
			record: { check: null, spasmStartedAt: null, timers: [] },
			damaged: true
		});
		storage.setItem(CARE_KEY, 'not json');
		expect(loadCare(storage).damaged).toBe(true);
		expect(loadCare(null).damaged).toBe(false);
	});

	it('report a failed save instead of throwing', () => {
		const full = memoryStorage(() => {
			throw new DOMException('full', 'QuotaExceededError');
		});
		expect(saveCare(full, { check: null, spasmStartedAt: null, timers: [] })).toBe(false);
		expect(saveCare(null, { check: null, spasmStartedAt: null, timers: [] })).toBe(false);
	});

	it('speak the time left in words', () => {
		expect(spokenText(8.5 * MINUTE)).toBe('8 minutes 30 seconds');
		expect(spokenText(MINUTE)).toBe('1 minute');
		expect(spokenText(999)).toBe('1 second');
	});
});

describe('cold then heat', () => {
	const started = Date.UTC(2026, 11, 1, 8, 0);
	it('is cold for 72 hours after the spasm started, then heat', () => {
		expect(thermalPhase(started, started + 71 * HOUR)).toEqual({
			phase: 'cold',
			switchAt: started + COLD_PHASE_MS
		});
		expect(thermalPhase(started, started + 72 * HOUR).phase).toBe('heat');
	});
	it('switches by itself as the clock passes 72 hours, with no action', () => {
		const clock = fakeClock(started + 71 * HOUR + 59 * MINUTE);
		expect(thermalPhase(started, clock.now()).phase).toBe('cold');
		clock.advance(MINUTE);
		expect(thermalPhase(started, clock.now()).phase).toBe('heat');
	});
	it('is cold while the start is unknown, and a start in the future counts as now', () => {
		expect(thermalPhase(null, started)).toEqual({ phase: 'cold', switchAt: null });
		expect(thermalPhase(started + HOUR, started)).toEqual({
			phase: 'cold',
			switchAt: started + COLD_PHASE_MS
		});
	});
});
