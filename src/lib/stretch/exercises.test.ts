import { describe, expect, it } from 'vitest';
import { EXERCISES, exerciseById, sensing } from './exercises';

const hunch = exerciseById('side-lying-hunch')!;
const twist = exerciseById('lying-twist')!;
const seated = exerciseById('seated-twist')!;

describe('what the sensor can see', () => {
	it('senses bends and rolls with a chest accelerometer', () => {
		expect(sensing(hunch, ['acc', 'rr'])).toMatchObject({ mode: 'sensed', breathing: true });
		expect(sensing(twist, ['acc'])).toMatchObject({ mode: 'sensed', breathing: true });
	});
	it('times a seated twist even with a chest accelerometer, and says it is the missing gyroscope', () => {
		const s = sensing(seated, ['acc', 'rr', 'ecg']);
		expect(s).toMatchObject({ mode: 'timed', breathing: true });
		expect(s.text).toMatch(/gyroscope/);
		expect(s.text).toMatch(/breathing and stillness/);
	});
	it('times every exercise with a belt or strap only, still checking breathing', () => {
		for (const e of EXERCISES) {
			expect(sensing(e, ['resp'])).toMatchObject({ mode: 'timed', breathing: true });
			expect(sensing(e, ['rr'])).toMatchObject({ mode: 'timed', breathing: true });
		}
	});
	it('says nothing is checked without a wearable', () => {
		expect(sensing(hunch, [])).toMatchObject({ mode: 'timed', breathing: false });
	});
	it('has the three exercises of the guidance with 30 s holds and rests by default', () => {
		expect(EXERCISES.map((e) => e.id)).toEqual(['side-lying-hunch', 'lying-twist', 'seated-twist']);
		for (const e of EXERCISES) expect([e.holdSeconds, e.restSeconds]).toEqual([30, 30]);
	});
});
