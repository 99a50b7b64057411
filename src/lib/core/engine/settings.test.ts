import { describe, expect, it } from 'vitest';
import { MAX_STRETCH_SECONDS, stretchSecondsError } from './settings';

describe('stretch settings: one rule for the app and the analyzer', () => {
	it('accepts a positive number of seconds up to the limit', () => {
		expect(stretchSecondsError('hold', 30)).toBeNull();
		expect(stretchSecondsError('hold', MAX_STRETCH_SECONDS)).toBeNull();
	});
	it('refuses what is not a positive, finite number, naming the setting', () => {
		for (const v of [0, -5, NaN, Infinity, '30', null, undefined]) {
			expect(stretchSecondsError('holdSeconds', v)).toMatch(
				/^holdSeconds needs a positive number of seconds/
			);
		}
		expect(stretchSecondsError('--rest', NaN, 'long')).toBe(
			'--rest needs a positive number of seconds, not "long"'
		);
	});
	it('refuses more than the limit', () => {
		expect(stretchSecondsError('--hold', MAX_STRETCH_SECONDS + 1, '601')).toBe(
			`--hold 601 is too large (at most ${MAX_STRETCH_SECONDS} seconds)`
		);
	});
});
