import { describe, expect, it } from 'vitest';
import { analyzeRecording } from '../../src/lib/core/engine/engine';
import { breathRate, loadNpy, median, times } from '../support/recordings';

/**
 * The physio recording has airflow and ECG from one person at 1000 Hz. Airflow below its median
 * is inspiration: a physical truth for phases. Tidal reads belts (volume-like), so the test feeds
 * the integral of inspiratory flow — the volume a belt would see — and checks the phases it finds
 * against the sign of the flow itself.
 */
const RATE = 1000;
const flow = loadNpy('physio/resp1_airflow.npy');
const ecg = loadNpy('physio/ecg1.npy');
const t = times(flow.length, RATE);
const baseline = median(Array.from(flow.filter((_, i) => i % 10 === 0)));
const volume = new Float64Array(flow.length);
for (let i = 1; i < flow.length; i++) volume[i] = volume[i - 1] + (baseline - flow[i]) / RATE;

describe('physio airflow + ECG', () => {
	const result = analyzeRecording({ resp: { t, value: volume } });

	it('labels inhale where air flows in and exhale where it flows out', () => {
		// Only where the flow is clearly non-zero: pauses belong to neither phase.
		const deviations = Array.from(flow.filter((_, i) => i % 10 === 0)).map((v) => Math.abs(v - baseline));
		const deadBand = median(deviations);
		let agree = 0;
		let counted = 0;
		let b = 0;
		for (let i = 0; i < flow.length; i += 10) {
			const time = t[i];
			while (b < result.breaths.length - 1 && result.breaths[b].exhaleEnd < time) b++;
			const breath = result.breaths[b];
			const dev = flow[i] - baseline;
			if (!breath || Math.abs(dev) < deadBand) continue;
			const inhale = time >= breath.inhaleStart && time < breath.inhaleEnd;
			const exhale = time >= breath.exhaleStart && time < breath.exhaleEnd;
			if (!inhale && !exhale) continue;
			counted++;
			if ((inhale && dev < 0) || (exhale && dev > 0)) agree++;
		}
		console.log(
			`physio: ${result.breaths.length} breaths, phase agrees with flow sign on ${((100 * agree) / counted).toFixed(1)} % of clearly flowing samples`
		);
		expect(counted).toBeGreaterThan(10000);
		expect(agree / counted).toBeGreaterThan(0.9);
	});

	it('finds the slow breathing rate, and the heart gives the same rate', () => {
		const beltRate = breathRate(result.breaths);
		const fromHeart = analyzeRecording({ ecg: { t, value: ecg } });
		console.log(
			`physio: rate from flow phases ${beltRate.toFixed(2)} br/min, from ECG (RSA) ${fromHeart.summary.ratePerMin?.toFixed(2)}, HR ${fromHeart.summary.heartRate?.toFixed(1)}`
		);
		expect(fromHeart.phaseCapable).toBe(false);
		expect(fromHeart.breaths).toEqual([]);
		expect(beltRate).toBeGreaterThan(5.5);
		expect(beltRate).toBeLessThan(7);
		expect(Math.abs(fromHeart.summary.ratePerMin! - beltRate)).toBeLessThan(0.75);
	});
});
