/**
 * The valibot schema of a session file (session-file.ts): the file wrapper, each session's stored
 * sample chunks and log entries, mirroring format.ts. The header is checked by
 * migrate.ts's SessionRecordSchema (after migration), so it passes through here loosely.
 */
import * as v from 'valibot';

const finite = v.pipe(v.number(), v.finite());
/** Sample lists: numbers, with null where the device gave no number (NaN). */
const samples = v.custom<(number | null)[]>(
	(x) => Array.isArray(x) && x.every((n) => n === null || (typeof n === 'number' && Number.isFinite(n))),
	'must be a list of numbers'
);

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const ChunkSchema = v.variant('kind', [
	v.object({ kind: v.literal('resp'), n: count, t: samples, value: samples }),
	v.object({ kind: v.literal('ecg'), n: count, t: samples, value: samples }),
	v.object({ kind: v.literal('rr'), n: count, t: samples, rrMs: samples }),
	v.object({ kind: v.literal('acc'), n: count, t: samples, x: samples, y: samples, z: samples })
]);

/** Every sample list of a chunk is exactly `n` long. */
function listsMatchN(chunk: { n: number }): boolean {
	return Object.values(chunk).every((x) => !Array.isArray(x) || x.length === chunk.n);
}

const seq = v.pipe(v.number(), v.integer(), v.minValue(0));
const source = v.picklist(['resp', 'acc', 'rr', 'ecg']);

const LogSchema = v.variant('type', [
	v.looseObject({
		sessionId: v.string(),
		seq,
		type: v.literal('engine'),
		event: v.looseObject({ type: v.string() })
	}),
	v.looseObject({
		sessionId: v.string(),
		seq,
		type: v.literal('cue'),
		t: finite,
		phase: v.string(),
		seconds: finite,
		part: v.picklist(['calibration', 'guided'])
	}),
	v.looseObject({
		sessionId: v.string(),
		seq,
		type: v.literal('gap'),
		device: v.string(),
		source,
		start: finite,
		end: finite,
		cause: v.string()
	}),
	v.looseObject({
		sessionId: v.string(),
		seq,
		type: v.literal('device'),
		t: finite,
		device: v.string(),
		status: v.string()
	}),
	v.looseObject({ sessionId: v.string(), seq, type: v.literal('mark'), t: finite, mark: v.string() }),
	v.looseObject({ sessionId: v.string(), seq, type: v.literal('setting'), t: finite, key: v.string() }),
	v.looseObject({
		sessionId: v.string(),
		seq,
		type: v.literal('pain'),
		t: finite,
		when: v.picklist(['before', 'after']),
		rating: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10))
	})
]);

export const SessionFileSchema = v.object({
	'tidal-sessions': v.literal(true),
	format: v.pipe(v.number(), v.integer(), v.minValue(1)),
	sessions: v.pipe(
		v.array(
			v.object({
				session: v.looseObject({ id: v.string(), format: v.number() }),
				chunks: v.array(
					v.pipe(
						v.object({ sessionId: v.string(), seq, device: v.string(), chunk: ChunkSchema }),
						v.check((c) => listsMatchN(c.chunk), 'a sample list is not as long as its chunk says (n)')
					)
				),
				log: v.array(LogSchema)
			})
		),
		v.minLength(1, 'the file holds no sessions')
	)
});
