import { analyze } from '../support/cli';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared-data';

const neurokit = sharedPath('data', 'neurokit', 'bio_resting_5min_100hz.csv');

describe('analyze CLI: successful runs', () => {
	it('JSON for a real belt + ECG file, with map and rate', () => {
		const r = analyze(neurokit, '--map', 'resp=RSP,ecg=ECG', '--rate', '100', '--json');
		expect(r.stderr).toBe('analyze: warning: ignored columns: PPG\n');
		expect(r.code).toBe(0);
		const result = JSON.parse(r.stdout);
		expect(Object.keys(result).sort()).toEqual(
			['apneas', 'breaths', 'gaps', 'pattern', 'phaseCapable', 'source', 'stretch', 'summary'].sort()
		);
		expect(result.pattern).toBe('5-1-4');
		expect(result.source).toBe('resp');
		expect(result.phaseCapable).toBe(true);
		expect(result.summary.breaths).toBe(result.breaths.length);
		expect(result.summary.breaths).toBeGreaterThan(50);
		expect(result.summary.heartRate).toBeGreaterThan(40);
	});
});
