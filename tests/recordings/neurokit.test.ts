import { describe, expect, it } from 'vitest';
import { analyzeRecording, BreathEngine, timeOrderedChunks } from '../../src/lib/core/engine/engine';
import { agreement, loadCsv, loadReference, median } from '../support/recordings';

/**
 * Breath detection against NeuroKit2's analysis of its own example recordings (belt at 100 Hz).
 * NeuroKit is an established library, not ground truth: its two methods disagree by up to
 * 0.35 s on onsets, so onsets are compared with a tolerance and the figures are printed.
 */
const RECORDINGS = ['bio_resting_5min_100hz', 'bio_resting_8min_100hz', 'bio_eventrelated_100hz'];

describe.each(RECORDINGS)('NeuroKit recording %s', (name) => {
	const recording = loadCsv(`neurokit/${name}.csv`, { map: { resp: 'RSP' }, rateHz: 100 });
	const result = analyzeRecording({ resp: recording.resp });

	it.each(['khodadad2018', 'biosppy'])(
		'agrees with the %s reference on breaths, onsets and rate',
		(method) => {
			const reference = loadReference(`${name}__rsp_breaths_${method}.csv`);
			// NeuroKit marks the extremes; Tidal marks where each phase stops and starts, so a turn
			// with a pause in it is compared at its middle (which is the extreme of a rounded turn).
			const onsets = agreement(
				reference.map((r) => r.onset_s),
				result.breaths.map((b, i) => b.inhaleStart - (i > 0 ? result.breaths[i - 1].pause / 2 : 0)),
				1
			);
			const peaks = agreement(
				reference.map((r) => r.peak_s),
				result.breaths.map((b) => (b.inhaleEnd + b.exhaleStart) / 2),
				1
			);
			const referenceRate = median(
				reference.filter((r) => Number.isFinite(r.rate_bpm)).map((r) => r.rate_bpm)
			);
			const countError = Math.abs(result.breaths.length - reference.length) / reference.length;
			console.log(
				`${name} vs ${method}: breaths ${result.breaths.length}/${reference.length}, onset recall ${onsets.recall.toFixed(3)}, median onset diff ${onsets.medianDiff.toFixed(3)} s, peak recall ${peaks.recall.toFixed(3)}, median peak diff ${peaks.medianDiff.toFixed(3)} s, rate ${result.summary.ratePerMin?.toFixed(2)} vs ${referenceRate.toFixed(2)} br/min`
			);
			expect(countError).toBeLessThan(0.1);
			expect(onsets.recall).toBeGreaterThanOrEqual(0.9);
			expect(peaks.recall).toBeGreaterThanOrEqual(0.88);
			// The two reference methods place onsets up to 0.35 s apart; peaks agree more closely.
			// Tidal fits each turn on the level (issue 8): on the slow 8-minute recording the bottom
			// is a long, flat, drifting turn whose lowest sample (NeuroKit's onset) is not where
			// the exhale ends and the inhale starts; there the middle of the turn lies ≈ 0.25 s off.
			expect(onsets.medianDiff).toBeLessThan(method === 'khodadad2018' ? 0.3 : 0.5);
			expect(peaks.medianDiff).toBeLessThan(method === 'khodadad2018' ? 0.2 : 0.35);
			expect(Math.abs(result.summary.ratePerMin! - referenceRate)).toBeLessThan(1.5);
		}
	);

	it('gets the same breathing rate from the heart (ECG → RSA) as from the belt', () => {
		const rates: number[] = [];
		const engine = new BreathEngine((e) => {
			if (e.type === 'rate' && e.rsaBreathsPerMin !== null) rates.push(e.rsaBreathsPerMin);
		});
		for (const chunk of timeOrderedChunks({ ecg: recording.ecg }, 1)) engine.push(chunk);
		engine.finish();
		const rsa = median(rates);
		const belt = result.summary.ratePerMin!;
		console.log(
			`${name}: RSA rate from ECG ${rsa.toFixed(2)} br/min (${rates.length} estimates) vs belt ${belt.toFixed(2)}`
		);
		// The event-related recording is too short and irregular for a 60 s spectral estimate.
		if (name !== 'bio_eventrelated_100hz') expect(Math.abs(rsa - belt)).toBeLessThan(2);
		expect(rates.length).toBeGreaterThan(0);
	});
});
