import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeRecording, BreathEngine } from '../../src/lib/core/engine/engine';
import { sharedPath } from '../support/shared-data';
import { loadText } from '../support/recordings';

/** Beat times from consecutive intervals: the recorders' own time columns are arrival times. */
function beats(rrMs: Float64Array): { t: Float64Array; rrMs: Float64Array } {
	const t = new Float64Array(rrMs.length);
	let clock = 0;
	for (let i = 0; i < rrMs.length; i++) t[i] = clock += rrMs[i] / 1000;
	return { t, rrMs };
}

function rmssd(rr: Float64Array): number {
	let sum = 0;
	for (let i = 1; i < rr.length; i++) sum += (rr[i] - rr[i - 1]) ** 2;
	return Math.sqrt(sum / (rr.length - 1));
}

const RECORDINGS = {
	'Polar H10 (dont-hold-your-breath)': () =>
		Float64Array.from(
			readFileSync(sharedPath('data', 'dont-hold-your-breath', 'sample_data_ibi.csv'), 'utf8')
				.trim()
				.split('\n')
				.map((line) => Number(line.split(',')[1]))
		),
	'BioSPPy rri.txt': () => loadText('biosppy/rri.txt')
};

describe.each(Object.entries(RECORDINGS))('RR intervals only: %s', (name, load) => {
	const rr = load();
	const result = analyzeRecording({ rr: beats(rr) });

	it('gives heart rate and RMSSD, a breathing rate only when one is clear, and says phases are unknown', () => {
		expect(result.source).toBe('rr');
		expect(result.phaseCapable).toBe(false);
		expect(result.breaths).toEqual([]);
		expect(result.summary.adherence).toBeNull();
		// Heart rate and RMSSD of the whole series (a clean one: nothing is flagged), computed directly.
		const hr = 60000 / (rr.reduce((sum, v) => sum + v, 0) / rr.length);
		console.log(
			`${name}: HR ${result.summary.heartRate?.toFixed(1)} (direct ${hr.toFixed(1)}), RMSSD ${result.summary.rmssd?.toFixed(1)} (direct ${rmssd(rr).toFixed(1)}), breathing ${result.summary.ratePerMin?.toFixed(2)} br/min`
		);
		expect(Math.abs(result.summary.heartRate! - hr) / hr).toBeLessThan(0.01);
		expect(Math.abs(result.summary.rmssd! - rmssd(rr)) / rmssd(rr)).toBeLessThan(0.01);
		// No belt here to say what the rate should be: it must be absent or a breathing rate at all.
		const rate = result.summary.ratePerMin;
		if (rate !== null) {
			expect(rate).toBeGreaterThanOrEqual(2.7);
			expect(rate).toBeLessThanOrEqual(40);
		}
	});

	it('flags no artefacts in a clean real series', () => {
		let flagged = 0;
		let total = 0;
		const engine = new BreathEngine((e) => {
			if (e.type !== 'beat') return;
			total++;
			if (e.artifact) flagged++;
		});
		const b = beats(rr);
		engine.push({ kind: 'rr', n: b.t.length, t: b.t, rrMs: b.rrMs });
		engine.finish();
		expect(total).toBe(rr.length);
		expect(flagged / total).toBeLessThan(0.02);
	});
});
