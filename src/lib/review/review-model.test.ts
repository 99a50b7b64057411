import { describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../core/engine/pattern';
import { sessionFromRecording } from '../core/session/session-analysis';
import { patternBreaths, synthBelt } from '../core/simulate/breathing';
import { sessionExports } from '../export/session-exports';
import { patternRate, reviewModel } from './review-model';

function session() {
	const belt = synthBelt(patternBreaths(PATTERN_514, 20), { rateHz: 20, gaps: [{ start: 50, end: 70 }] });
	return sessionFromRecording(
		{ resp: { t: belt.t, value: belt.value } },
		{
			id: 'm',
			startedAt: Date.UTC(2026, 10, 3, 9),
			kind: 'breathing',
			pattern: PATTERN_514,
			deviceName: 'belt'
		}
	);
}

describe('reviewModel', () => {
	it('replays the logged analysis, adds the gaps the device layer logged, and splits the trace at them', () => {
		const full = session();
		full.log.push({
			sessionId: 'm',
			seq: full.log.length,
			type: 'gap',
			device: 'import',
			source: 'resp',
			start: 120,
			end: 130,
			cause: 'away'
		});
		const m = reviewModel(full);
		expect(m.analysis.breaths.length).toBe(full.session.summary?.breaths);
		expect(m.gaps.map((g) => Math.round(g.start))).toEqual([50, 120]);
		expect(m.summary.gaps.count).toBe(2);
		expect(m.trace.runs.length).toBe(3);
		expect(m.trace.source).toBe('belt');
		expect(patternRate(PATTERN_514)).toBeCloseTo(60 / 9.5);
	});

	it('runs the engine when the log has no analysis (a session stored without events)', () => {
		const full = session();
		const logged = reviewModel(full).analysis.breaths.length;
		full.log = [];
		expect(reviewModel(full).analysis.breaths.length).toBe(logged);
	});

	it('lists the exports the session has: JSON, its channel, breaths; no holds or Kubios without them', () => {
		const full = session();
		const names = sessionExports(full, reviewModel(full)).map((f) =>
			f.name.replace(/^tidal-[\d-]+-breathing/, '')
		);
		expect(names).toEqual(['.json', '-resp.csv', '-breaths.csv']);
	});
});
