/**
 * The stretch programme in progress and the person's chosen targets, in localStorage, written on
 * every change: a reload or a closed tab picks the programme up where it was. Damaged data reads
 * as "nothing saved".
 */
import * as v from 'valibot';
import { EXERCISES } from './exercises';
import type { ProgrammeItem, ProgrammeState } from './programme';

export const STRETCH_KEY = 'tidal.stretch.v1';

const seconds = v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(600));
const ItemSchema = v.object({
	exercise: v.picklist(EXERCISES.map((e) => e.id)),
	holdSeconds: seconds,
	restSeconds: seconds,
	reps: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))
});
const time = v.pipe(v.number(), v.finite());
const StateSchema = v.object({
	items: v.pipe(v.array(ItemSchema), v.minLength(1)),
	item: v.pipe(v.number(), v.integer(), v.minValue(0)),
	rep: v.pipe(v.number(), v.integer(), v.minValue(0)),
	phase: v.picklist(['ready', 'hold', 'rest', 'done']),
	phaseStart: time,
	pausedAt: v.nullable(time),
	pausedMs: time,
	lastSeen: time,
	steps: v.array(
		v.object({
			item: v.number(),
			rep: v.number(),
			phase: v.picklist(['hold', 'rest']),
			start: time,
			end: time,
			skipped: v.boolean()
		})
	)
});
const SavedSchema = v.object({
	/** Targets per exercise, in programme order; an exercise left out is not in the list. */
	plan: v.array(ItemSchema),
	programme: v.nullable(StateSchema),
	/** The recording of the programme in progress (session store id), to append to after a reload. */
	sessionId: v.nullable(v.string())
});

export interface SavedStretch {
	plan: ProgrammeItem[];
	programme: ProgrammeState | null;
	sessionId: string | null;
}

export const DEFAULT_PLAN: ProgrammeItem[] = EXERCISES.map((e) => ({
	exercise: e.id,
	holdSeconds: e.holdSeconds,
	restSeconds: e.restSeconds,
	reps: e.reps
}));

export function loadStretch(storage: Storage | null): SavedStretch {
	const empty = { plan: DEFAULT_PLAN.map((p) => ({ ...p })), programme: null, sessionId: null };
	const text = storage?.getItem(STRETCH_KEY) ?? null;
	if (text === null) return empty;
	try {
		const parsed = v.safeParse(SavedSchema, JSON.parse(text));
		if (parsed.success) {
			const p = parsed.output.programme;
			// A programme pointing past its own items is damaged too.
			if (p && (p.item >= p.items.length || p.rep >= p.items[p.item].reps)) return empty;
			return parsed.output;
		}
	} catch {
		// not JSON
	}
	return empty;
}

export function saveStretch(storage: Storage | null, saved: SavedStretch): boolean {
	if (!storage) return false;
	try {
		storage.setItem(STRETCH_KEY, JSON.stringify(saved));
		return true;
	} catch {
		return false;
	}
}
