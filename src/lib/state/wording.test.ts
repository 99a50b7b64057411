import { describe, expect, it } from 'vitest';
import { agoText, durationText, gapText, skippedText, timeOfDay } from './wording';

describe('wording', () => {
	it('rounds durations honestly', () => {
		expect(durationText(0.4)).toBe('0.4 s');
		expect(durationText(1.62)).toBe('1.6 s');
		expect(durationText(12.4)).toBe('12 s');
		expect(durationText(200)).toBe('3 min');
	});

	it('says how long ago, calmly', () => {
		expect(agoText(0.5)).toBe('just now');
		expect(agoText(12.9)).toBe('12 s ago');
		expect(agoText(185)).toBe('3 min ago');
	});

	it('tells a device away from a pause in the data', () => {
		expect(gapText('away', 3.42, 'strap')).toBe(
			'The strap was out of reach for 3.4 s. That part is missing; nothing was filled in.'
		);
		expect(gapText('paused', 1.2, 'belt')).toMatch(
			/^Nothing came in for 1.2 s, though the belt stayed connected/
		);
	});

	it('tells the phone paused by a hidden page from readings that just stopped', () => {
		expect(gapText('away', 12.4, 'phone', true)).toBe(
			'Tidal was in the background or the screen was off for 12 s; the phone cannot measure then. That part is missing; nothing was filled in.'
		);
		expect(gapText('paused', 2.5, 'phone', true)).toBe(
			'No motion readings came in for 2.5 s. That part is missing; nothing was filled in.'
		);
	});

	it('counts damaged packets', () => {
		expect(skippedText(1)).toBe('1 damaged packet skipped — the rest is fine');
		expect(skippedText(3)).toMatch(/^3 damaged packets/);
	});

	it('gives the time of day in the person’s locale, without the date', () => {
		const at = new Date(2026, 11, 5, 14, 5).getTime();
		const text = timeOfDay(at);
		expect(text).toMatch(/\b(14|0?2)\D05\b/);
		expect(text).not.toMatch(/2026|Dec/);
	});
});
