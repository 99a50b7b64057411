import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../engine/pattern';
import { checkPain, DEFAULT_CUES, newSessionRecord, type StoredChunk } from './format';
import { migrateSessionRecord } from './migrate';
import { sessionRecording } from './recording';

const header = newSessionRecord(
	{
		kind: 'breathing',
		settings: { pattern: PATTERN_514, plannedSeconds: null, calibration: true, cues: DEFAULT_CUES }
	},
	1_700_000_000_000,
	() => 'abc'
);

describe('the session format', () => {
	it('reads back a current header unchanged, extra fields from later versions included', () => {
		expect(migrateSessionRecord(header)).toEqual(header);
		const later = { ...header, notes: 'from a later Tidal' };
		expect(migrateSessionRecord(later)).toEqual(later);
	});

	it('refuses a newer format, a missing version and damage, in words', () => {
		expect(migrateSessionRecord({ ...header, format: 2 })).toEqual({
			error: expect.stringMatching(/newer version of Tidal/)
		});
		expect(migrateSessionRecord({ id: 'x' })).toEqual({
			error: expect.stringMatching(/not a Tidal session/)
		});
		expect(migrateSessionRecord({ ...header, pain: { before: 11, after: null } })).toEqual({
			error: expect.stringMatching(/damaged: pain\.before/)
		});
		expect(migrateSessionRecord('nonsense')).toEqual({ error: expect.stringMatching(/not a Tidal session/) });
	});

	it('accepts pain as a whole number from 0 to 10 only', () => {
		expect(checkPain(0)).toBe(0);
		expect(checkPain(10)).toBe(10);
		expect(checkPain(4.5)).toEqual({ error: expect.any(String) });
		expect(checkPain(-1)).toEqual({ error: expect.any(String) });
	});

	it('joins stored chunks back into a recording, one device per channel, in order', () => {
		const c = (seq: number, device: string, t: number[]): StoredChunk => ({
			sessionId: 'abc',
			seq,
			device,
			chunk: { kind: 'rr', n: t.length, t: Float64Array.from(t), rrMs: Float64Array.from(t, () => 900) }
		});
		const rec = sessionRecording([c(1, 'a', [3, 4]), c(0, 'a', [1, 2]), c(2, 'b', [1.5])]);
		expect([...(rec.rr?.t ?? [])]).toEqual([1, 2, 3, 4]);
		expect([...(sessionRecording([c(0, 'a', [1]), c(1, 'b', [2])], ['b']).rr?.t ?? [])]).toEqual([2]);
		expect(rec.resp).toBeUndefined();
	});
});
