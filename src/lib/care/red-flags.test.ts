import { describe, expect, it } from 'vitest';
import { assess, CHECK_VALID_MS, exerciseGate, finishCheck, RED_FLAGS } from './red-flags';

const allNo = Object.fromEntries(RED_FLAGS.map((f) => [f.id, false]));

describe('red-flag check', () => {
	it('is clear for self-care only when every question is answered no', () => {
		expect(assess(allNo)).toEqual({ kind: 'self-care' });
		const { 'fever-unwell': _, ...missingOne } = allNo;
		void _;
		expect(assess(missingOne)).toEqual({ kind: 'incomplete', unanswered: ['fever-unwell'] });
		expect(assess({})).toMatchObject({ kind: 'incomplete', unanswered: RED_FLAGS.map((f) => f.id) });
	});

	it('sends the person to a doctor on any single yes, even before the rest is answered', () => {
		for (const flag of RED_FLAGS) {
			const outcome = assess({ [flag.id]: true });
			expect(outcome.kind).toBe('see-doctor');
			if (outcome.kind === 'see-doctor') expect(outcome.flags.map((f) => f.id)).toEqual([flag.id]);
		}
		const two = assess({ ...allNo, 'bladder-bowel': true, 'cancer-history': true });
		expect(two.kind === 'see-doctor' && two.flags.map((f) => f.id)).toEqual([
			'bladder-bowel',
			'cancer-history'
		]);
	});

	it('asks the questions the guidance names', () => {
		const text = RED_FLAGS.map((f) => f.question).join(' ');
		for (const word of ['bladder', 'groin', 'weak', 'fever', 'fall', 'sharp', 'cancer'])
			expect(text).toContain(word);
	});

	it('finishes a check only once it has an outcome', () => {
		expect(finishCheck({ 'leg-weakness': false }, 5)).toBeNull();
		expect(finishCheck(allNo, 5)).toEqual({ at: 5, outcome: 'self-care', flags: [] });
		expect(finishCheck({ 'leg-weakness': true }, 5)).toEqual({
			at: 5,
			outcome: 'see-doctor',
			flags: ['leg-weakness']
		});
	});
});

describe('exercise gate', () => {
	const now = 1_800_000_000_000;
	it('asks for the check before the first exercise', () => {
		expect(exerciseGate(null, now)).toEqual({ kind: 'needs-check', reason: 'never' });
	});
	it('stops the exercises after a "see a doctor" outcome, however long ago', () => {
		const check = finishCheck({ 'fall-accident': true }, now - 30 * CHECK_VALID_MS)!;
		expect(exerciseGate(check, now).kind).toBe('stopped');
	});
	it('lets a clear check through for a week, then asks again', () => {
		const check = finishCheck(allNo, now)!;
		expect(exerciseGate(check, now + CHECK_VALID_MS).kind).toBe('clear');
		expect(exerciseGate(check, now + CHECK_VALID_MS + 1)).toEqual({ kind: 'needs-check', reason: 'expired' });
		// A clock set back before the check cannot keep it valid for ever.
		expect(exerciseGate(check, now - 1000).kind).toBe('needs-check');
	});
});
