import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared-data';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI the way `npm run analyze` does (tsx), from the repository root. */
function analyze(...args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], {
		cwd: repoRoot,
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
