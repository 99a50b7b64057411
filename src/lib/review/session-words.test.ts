import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '$lib/core/engine/pattern';
import { DEFAULT_CUES, newSessionRecord } from '$lib/core/session/format';
import { sessionSeconds, sessionWhat } from './session-words';

const START = 1_700_000_000_000;
const breathing = newSessionRecord(
	{
		kind: 'breathing',
		settings: { pattern: PATTERN_514, plannedSeconds: null, calibration: true, cues: DEFAULT_CUES }
	},
	START,
	() => 'b'
);
const stretch = newSessionRecord(
	{
		kind: 'stretch',
		settings: {
			pattern: PATTERN_514,
			plannedSeconds: null,
			calibration: false,
			cues: DEFAULT_CUES,
			programme: { holdSeconds: 30, restSeconds: 30, repetitions: 5, exercise: 'knee to chest' }
		}
	},
	START,
	() => 's'
);

describe('how a stored session is named', () => {
	it('says what was done: the pattern, or the stretch and its hold', () => {
		expect(sessionWhat(breathing)).toBe(`Breathing · ${PATTERN_514.name}`);
		expect(sessionWhat(stretch)).toBe('Stretch · knee to chest · hold 30 s');
		const unnamed = { ...stretch, settings: { ...stretch.settings, programme: undefined } };
		expect(sessionWhat(unnamed)).toBe('Stretch · hold ? s');
	});

	it('says how long it lasted: its summary, else its end, else what was recorded before it stopped', () => {
		expect(sessionSeconds({ ...breathing, lastT: 95 })).toBe(95);
		expect(sessionSeconds({ ...breathing, endedAt: START + 600_000, lastT: 95 })).toBe(600);
		const summary = { durationSeconds: 590 } as NonNullable<typeof breathing.summary>;
		expect(sessionSeconds({ ...breathing, endedAt: START + 600_000, summary })).toBe(590);
	});
});
