import { describe, expect, it } from 'vitest';
import { parsePattern, PATTERN_514 } from './pattern';

describe('patterns', () => {
	it('reads presets and custom patterns of two to four parts', () => {
		expect(parsePattern('5-1-4')).toBe(PATTERN_514);
		expect(parsePattern('Box 4-4-4-4')).toMatchObject({ inhale: 4, hold: 4, exhale: 4, pause: 4 });
		expect(parsePattern('5.5-5.5')).toMatchObject({ inhale: 5.5, hold: 0, exhale: 5.5, pause: 0 });
		expect(parsePattern('4-2-6-1')).toMatchObject({ inhale: 4, hold: 2, exhale: 6, pause: 1 });
	});

	it('refuses what is not a breathing pattern, in words', () => {
		for (const text of ['0-0', '0.5-4', '5-1-0', 'fast', '5-1-4-1-1', '5--4', '-5-4', '90-1-4']) {
			const p = parsePattern(text);
			expect('error' in p, text).toBe(true);
			expect((p as { error: string }).error, text).toMatch(new RegExp(`"${text.replace(/[-.]/g, '\\$&')}"`));
		}
	});
});
