import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../support/cli';
import { PATTERN_514 } from '../../src/lib/core/engine/pattern';
import { sessionFromRecording } from '../../src/lib/core/session/session-analysis';
import { writeSessionFile } from '../../src/lib/core/session/session-file';
import { patternBreaths, synthBelt } from '../../src/lib/core/simulate/breathing';

const dir = mkdtempSync(path.join(tmpdir(), 'tidal-analyze-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run analyze -- session.json', () => {
	const belt = synthBelt(patternBreaths(PATTERN_514, 15), { rateHz: 20 });
	const full = sessionFromRecording(
		{ resp: { t: belt.t, value: belt.value } },
		{
			id: 's1',
			startedAt: Date.UTC(2026, 10, 1),
			kind: 'breathing',
			pattern: PATTERN_514,
			deviceName: 'belt'
		}
	);
	const file = path.join(dir, 'session.json');
	writeFileSync(file, writeSessionFile([full]));

	it('analyses an exported session with the pattern it was recorded with', () => {
		const r = analyze(file, '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const result = JSON.parse(r.stdout);
		expect(result.pattern).toBe('5-1-4');
		expect(result.breaths.length).toBe(full.session.summary?.breaths);
		expect(result.summary.adherence).toBeGreaterThan(0.8);
	});

	it('analyses it again with another pattern: the same breaths now miss the box pattern', () => {
		const r = analyze(file, '--json', '--pattern', 'box');
		expect(r.code).toBe(0);
		const result = JSON.parse(r.stdout);
		expect(result.pattern).toBe('box');
		expect(result.summary.adherence).toBeLessThan(0.2);
	});

	it('refuses a damaged session file in one line', () => {
		const bad = path.join(dir, 'bad.json');
		writeFileSync(bad, writeSessionFile([full]).slice(0, 5000));
		const r = analyze(bad);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/^analyze: .*bad\.json: The file is cut short/);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
	});
});
