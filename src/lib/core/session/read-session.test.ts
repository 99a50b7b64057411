import { describe, expect, it } from 'vitest';
import { twoAlikeBends } from '../simulate/chest';
import { STRETCH_TARGETS_SETTING, type FullSession, type LogEntry } from './format';
import { readSessionForAnalysis, recordedEngineOptions } from './read-session';
import { runEngine, sessionFromRecording } from './session-analysis';
import { writeSessionFile } from './session-file';
import { PATTERN_514 } from '../engine/pattern';

/**
 * Two alike 16 s bends from a chest strap, a 30 s rest between: the programme's first exercise
 * asks for 30 s holds, the second (from mid-rest) for 15 s holds and 20 s rests.
 */
function twoExercises(): { full: FullSession; changeAt: number } {
	const sim = twoAlikeBends();
	const full = sessionFromRecording(
		{ acc: { t: sim.t, x: sim.x, y: sim.y, z: sim.z } },
		{
			id: 'stretch',
			startedAt: Date.UTC(2026, 11, 1, 9),
			kind: 'stretch',
			pattern: PATTERN_514,
			holdSeconds: 30,
			restSeconds: 30,
			deviceName: 'sim'
		}
	);
	const changeAt = sim.truth.holds[0].end + 15;
	const entry = (seq: number, value: unknown): LogEntry => ({
		sessionId: 'stretch',
		seq,
		type: 'setting',
		t: changeAt,
		key: STRETCH_TARGETS_SETTING,
		value
	});
	const n = full.log.length;
	full.log.push(entry(n, { holdSeconds: 15, restSeconds: 20 }), entry(n + 1, { holdSeconds: -1 }));
	return { full, changeAt };
}

describe('a stretch session analysed again', () => {
	it('judges each exercise’s holds by that exercise’s targets, as live', () => {
		const { full, changeAt } = twoExercises();
		const options = recordedEngineOptions(full);
		// The damaged entry is left out; the good one is kept with its time.
		expect(options).toMatchObject({
			holdSeconds: 30,
			restSeconds: 30,
			targetChanges: [{ t: changeAt, holdSeconds: 15, restSeconds: 20 }]
		});
		const { analysis } = runEngine({ acc: sessionAcc(full) }, { ...options, pattern: PATTERN_514 });
		const holds = analysis.stretch.holds;
		expect(holds).toHaveLength(2);
		expect(holds[0].issues).toContain('hold-too-short');
		expect(holds[1]).toMatchObject({ ok: true, issues: [] });
		// Without the recorded change both alike holds are short for 30 s.
		const flat = runEngine({ acc: sessionAcc(full) }, { pattern: PATTERN_514, holdSeconds: 30 });
		expect(flat.analysis.stretch.holds.map((h) => h.ok)).toEqual([false, false]);
	});

	it('reaches the command line from an exported file', () => {
		const { full, changeAt } = twoExercises();
		const read = readSessionForAnalysis(writeSessionFile([full]));
		expect(read.ok && read.options.targetChanges).toEqual([
			{ t: changeAt, holdSeconds: 15, restSeconds: 20 }
		]);
	});
});

function sessionAcc(full: FullSession) {
	const chunk = full.chunks.find((c) => c.chunk.kind === 'acc')?.chunk;
	if (chunk?.kind !== 'acc') throw new Error('no chest samples');
	return { t: chunk.t, x: chunk.x, y: chunk.y, z: chunk.z };
}
