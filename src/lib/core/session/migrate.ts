/**
 * Reading a stored or imported session header of any format version: checked against the schema
 * and brought up to the current version, or refused with a message a person can act on.
 */
import * as v from 'valibot';
import { SESSION_FORMAT_VERSION, type SessionRecord } from './format';

const seconds = v.pipe(v.number(), v.finite());
const pain = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)));

const PatternSchema = v.looseObject({
	id: v.string(),
	name: v.string(),
	inhale: seconds,
	hold: seconds,
	exhale: seconds,
	pause: seconds
});

/** The header of format 1. Loose: fields added by later versions pass through untouched. */
export const SessionRecordSchema = v.looseObject({
	format: v.literal(1),
	id: v.pipe(v.string(), v.minLength(1)),
	kind: v.picklist(['breathing', 'stretch']),
	status: v.picklist(['running', 'finished', 'interrupted']),
	startedAt: seconds,
	endedAt: v.nullable(seconds),
	updatedAt: seconds,
	lastT: seconds,
	settings: v.looseObject({
		pattern: PatternSchema,
		plannedSeconds: v.nullable(seconds),
		calibration: v.boolean(),
		cues: v.looseObject({ sound: v.boolean(), volume: seconds, speech: v.boolean(), vibration: v.boolean() })
	}),
	wearables: v.array(
		v.looseObject({
			id: v.string(),
			name: v.string(),
			kind: v.string(),
			simulated: v.boolean(),
			sources: v.array(v.string())
		})
	),
	pain: v.object({ before: pain, after: pain }),
	summary: v.nullable(v.looseObject({ durationSeconds: seconds, breaths: v.number() }))
});

/**
 * Migrations, keyed by the version they upgrade FROM: each returns the record one version newer.
 * There are none yet (format 1 is the first); a later format adds `2: (r) => …` here, never edits
 * what exists.
 */
const MIGRATIONS: Record<number, (record: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrateSessionRecord(raw: unknown): SessionRecord | { error: string } {
	if (typeof raw !== 'object' || raw === null) return { error: 'This is not a Tidal session.' };
	let record = raw as Record<string, unknown>;
	const format = record.format;
	if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
		return { error: 'This is not a Tidal session (it has no format version).' };
	}
	if (format > SESSION_FORMAT_VERSION) {
		return {
			error: `This session was saved by a newer version of Tidal (format ${format}); update Tidal to open it.`
		};
	}
	for (let f = format; f < SESSION_FORMAT_VERSION; f++) {
		const step = MIGRATIONS[f];
		if (!step) return { error: `Tidal cannot read session format ${f} any more.` };
		record = step(record);
	}
	const checked = v.safeParse(SessionRecordSchema, record);
	if (!checked.success) {
		const issue = checked.issues[0];
		const where = issue.path?.map((p) => String(p.key)).join('.') ?? 'the session';
		return { error: `This session is damaged: ${where}: ${issue.message}` };
	}
	return checked.output as unknown as SessionRecord;
}
