import { describe, expect, it } from 'vitest';
import { analyzeRecording } from '../../src/lib/core/engine/engine';
import { breathRate, loadCsv, loadNpy, loadText, median, times } from '../support/recordings';

/**
 * Belts of other makes and rates (10 Hz to 1000 Hz), with no breath annotations. The yardstick
 * is an offline one that shares nothing with the engine: the dominant period of the whole
 * recording from its autocorrelation after removing a 10 s moving mean.
 */
function dominantRate(value: Float64Array, rateHz: number): number {
	const step = Math.max(1, Math.round(rateHz / 10));
	const x = Float64Array.from({ length: Math.floor(value.length / step) }, (_, i) => value[i * step]);
	const fs = rateHz / step;
	const half = Math.round(5 * fs);
	const detrended = x.map((v, i) => {
		const a = Math.max(0, i - half);
		const b = Math.min(x.length, i + half);
		let s = 0;
		for (let k = a; k < b; k++) s += x[k];
		return v - s / (b - a);
	});
	const ac = (lag: number) => {
		let s = 0;
		for (let i = lag; i < detrended.length; i++) s += detrended[i] * detrended[i - lag];
		return s;
	};
	// Periods from 1.5 s (40/min) to 20 s (3/min): the first autocorrelation peak after it dips
	// below zero, which is the breath period rather than a multiple of it.
	let bestLag = 0;
	let dipped = false;
	let previous = ac(Math.round(1.5 * fs) - 1);
	for (let lag = Math.round(1.5 * fs); lag < Math.min(20 * fs, detrended.length / 3); lag++) {
		const now = ac(lag);
		const next = ac(lag + 1);
		if (now < 0) dipped = true;
		if (dipped && now > 0 && now >= previous && now >= next) {
			bestLag = lag;
			break;
		}
		previous = now;
	}
	return (60 * fs) / bestLag;
}

const cases: { name: string; rateHz: number; value: () => Float64Array; expected?: number }[] = [
	{ name: 'physio belt, 1000 Hz', rateHz: 1000, value: () => loadNpy('physio/resp3_belt.npy') },
	// 60 s of irregular breathing is too short for the autocorrelation; SOURCES.md gives ≈ 21/min.
	{ name: 'BioSPPy belt, 1000 Hz', rateHz: 1000, value: () => loadText('biosppy/resp.txt'), expected: 21 },
	{
		name: 'respy listener (speakers), 10 Hz',
		rateHz: 10,
		value: () =>
			loadCsv('respydemo/Listener_HpSp.csv', { map: { t: 'Time_s', resp: 'Speakers' } }).resp!.value
	},
	{
		name: 'respy listener (headphones), 10 Hz',
		rateHz: 10,
		value: () =>
			loadCsv('respydemo/Listener_HpSp.csv', { map: { t: 'Time_s', resp: 'Headphones' } }).resp!.value
	}
];

describe('belts at other rates', () => {
	it.each(cases)(
		'$name: breath rate matches the recording’s dominant period',
		({ name, rateHz, value, expected }) => {
			const v = value();
			const result = analyzeRecording({ resp: { t: times(v.length, rateHz), value: v } });
			const rate = breathRate(result.breaths);
			const yardstick = expected ?? dominantRate(v, rateHz);
			const minutes = v.length / rateHz / 60;
			console.log(
				`${name}: ${result.breaths.length} breaths in ${minutes.toFixed(1)} min, ${rate.toFixed(2)} br/min; autocorrelation ${yardstick.toFixed(2)}; gaps ${result.gaps.length}`
			);
			expect(result.gaps).toEqual([]);
			expect(Math.abs(rate - yardstick) / yardstick).toBeLessThan(expected ? 0.15 : 0.1);
			// Breaths tile the recording: nearly every cycle of the yardstick is found.
			expect(result.breaths.length).toBeGreaterThan(0.85 * yardstick * minutes);
		}
	);

	// The wearer walks and runs between 30 and 60 s (the accelerometer shows 600 mg of motion),
	// and the strap's own figure is a smoothed estimate; compared over the calmer part after it.
	it('Zephyr BioHarness breathing sensor (17.9 Hz) agrees with the strap’s own rate once still', () => {
		const rec = loadCsv('zephyr-bioharness/bioharness_breathing_18hz.csv', {
			map: { t: 't_s', resp: 'breathing_raw10' }
		});
		const summary = loadCsv('zephyr-bioharness/bioharness_summary_1hz.csv', {
			map: { t: 't_s', resp: 'respiration_rate_bpm' }
		});
		const calm = (t: number) => t >= 60;
		const device = median(Array.from(summary.resp!.value).filter((_, i) => calm(summary.resp!.t[i])));
		const result = analyzeRecording({ resp: rec.resp });
		const rate = breathRate(result.breaths.filter((b) => calm(b.inhaleStart)));
		console.log(`Zephyr after 60 s: ${rate.toFixed(2)} br/min; device ${device.toFixed(2)}`);
		expect(Math.abs(rate - device) / device).toBeLessThan(0.15);
	});
});
