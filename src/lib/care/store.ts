/**
 * The care plan's own small record in localStorage: the last red-flag check, when the spasm
 * started and the running timers. Synchronous and tiny, so a timer is saved the moment it starts.
 * Stored text is validated on the way in; damaged or foreign data reads as "nothing stored",
 * never as a crash, and the person is told (`damaged`).
 */
import * as v from 'valibot';
import type { SafetyCheck } from './red-flags';
import type { CareTimer } from './timers';

export const CARE_KEY = 'tidal.care.v1';

const TimerSchema = v.object({
	id: v.string(),
	label: v.string(),
	startedAt: v.pipe(v.number(), v.finite()),
	durationMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
	announced: v.boolean()
});

const CareSchema = v.object({
	check: v.nullable(
		v.object({
			at: v.pipe(v.number(), v.finite()),
			outcome: v.picklist(['see-doctor', 'self-care']),
			flags: v.array(v.string())
		})
	),
	spasmStartedAt: v.nullable(v.pipe(v.number(), v.finite())),
	timers: v.array(TimerSchema)
});

export interface CareRecord {
	check: SafetyCheck | null;
	spasmStartedAt: number | null;
	timers: CareTimer[];
}

export const EMPTY_CARE: CareRecord = { check: null, spasmStartedAt: null, timers: [] };

export function browserStorage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage switched off (private mode, policy)
	}
}

export function loadCare(storage: Storage | null): { record: CareRecord; damaged: boolean } {
	const text = storage?.getItem(CARE_KEY) ?? null;
	if (text === null) return { record: { ...EMPTY_CARE }, damaged: false };
	try {
		const parsed = v.safeParse(CareSchema, JSON.parse(text));
		if (parsed.success) return { record: parsed.output, damaged: false };
	} catch {
		// not JSON: fall through
	}
	return { record: { ...EMPTY_CARE }, damaged: true };
}

/** Saved, or false when storage is off or full (the screen then says timers will not survive a reload). */
export function saveCare(storage: Storage | null, record: CareRecord): boolean {
	if (!storage) return false;
	try {
		storage.setItem(CARE_KEY, JSON.stringify(record));
		return true;
	} catch {
		return false;
	}
}
