/**
 * The guided stretch programme as a pure state machine over a wall clock (epoch ms): for each
 * exercise, holds alternate with rests for its repetitions; between exercises the person gets
 * ready in their own time. Every transition is computed from stored times, so the state can be
 * saved at any moment and picked up after a reload.
 */

export interface ProgrammeItem {
	exercise: string;
	holdSeconds: number;
	restSeconds: number;
	reps: number;
}

export type Phase = 'ready' | 'hold' | 'rest' | 'done';

/** A finished hold or rest, as the programme led it. */
export interface Step {
	item: number;
	rep: number;
	phase: 'hold' | 'rest';
	/** Epoch ms. */
	start: number;
	end: number;
	/** The person moved on before the time was up. */
	skipped: boolean;
}

export interface ProgrammeState {
	items: ProgrammeItem[];
	item: number;
	/** Repetition within the item, from 0. */
	rep: number;
	phase: Phase;
	/** When the current hold or rest began. */
	phaseStart: number;
	/** Paused since (epoch ms), or null while running. */
	pausedAt: number | null;
	/** Time spent paused within the current phase, ms (not counted towards it). */
	pausedMs: number;
	/** Last time the page was known to be alive and showing the programme. */
	lastSeen: number;
	steps: Step[];
}

/** A reload within this time continues the running phase; a longer absence pauses it. */
export const AWAY_PAUSE_MS = 15_000;

export function createProgramme(items: ProgrammeItem[], now: number): ProgrammeState {
	if (items.length === 0) throw new Error('A programme needs at least one exercise.');
	return {
		items,
		item: 0,
		rep: 0,
		phase: 'ready',
		phaseStart: now,
		pausedAt: null,
		pausedMs: 0,
		lastSeen: now,
		steps: []
	};
}

/** Length of the current hold or rest, ms (0 when ready or done). */
export function phaseTargetMs(s: ProgrammeState): number {
	const it = s.items[s.item];
	if (s.phase === 'hold') return it.holdSeconds * 1000;
	if (s.phase === 'rest') return it.restSeconds * 1000;
	return 0;
}

/** Time spent in the current phase, pauses excluded. */
export function phaseElapsedMs(s: ProgrammeState, now: number): number {
	if (s.phase === 'ready' || s.phase === 'done') return 0;
	const until = s.pausedAt ?? now;
	return Math.max(0, until - s.phaseStart - s.pausedMs);
}

export function phaseRemainingMs(s: ProgrammeState, now: number): number {
	return Math.max(0, phaseTargetMs(s) - phaseElapsedMs(s, now));
}

/** Ready → the first hold of the current exercise. */
export function begin(s: ProgrammeState, now: number): ProgrammeState {
	if (s.phase !== 'ready') return s;
	return { ...s, phase: 'hold', phaseStart: now, pausedAt: null, pausedMs: 0, lastSeen: now };
}

/** Close the current phase at `end` and open the next one at the same moment. */
function advance(s: ProgrammeState, end: number, skipped: boolean): ProgrammeState {
	if (s.phase !== 'hold' && s.phase !== 'rest') return s;
	const steps = [...s.steps, { item: s.item, rep: s.rep, phase: s.phase, start: s.phaseStart, end, skipped }];
	const base = { ...s, steps, phaseStart: end, pausedAt: null, pausedMs: 0 };
	if (s.phase === 'hold') return { ...base, phase: 'rest' };
	if (s.rep + 1 < s.items[s.item].reps) return { ...base, phase: 'hold', rep: s.rep + 1 };
	if (s.item + 1 < s.items.length) return { ...base, phase: 'ready', item: s.item + 1, rep: 0 };
	return { ...base, phase: 'done' };
}

/**
 * Bring the state up to `now`: every phase whose time is up ends exactly when it was due and the
 * next begins then (so a late tick never stretches a rest).
 */
export function tick(s: ProgrammeState, now: number): ProgrammeState {
	let state = s;
	while ((state.phase === 'hold' || state.phase === 'rest') && state.pausedAt === null) {
		const due = state.phaseStart + state.pausedMs + phaseTargetMs(state);
		if (now < due) break;
		state = advance(state, due, false);
	}
	return state.lastSeen === now ? state : { ...state, lastSeen: now };
}

/** Move on now: a hold ends early into its rest, a rest into the next hold. */
export function skip(s: ProgrammeState, now: number): ProgrammeState {
	const state = tick(s, now);
	if (state.phase !== 'hold' && state.phase !== 'rest') return state;
	// While paused the phase stopped at the pause.
	return advance(state, state.pausedAt ?? now, true);
}

export function pause(s: ProgrammeState, now: number): ProgrammeState {
	const state = tick(s, now);
	if (state.pausedAt !== null || (state.phase !== 'hold' && state.phase !== 'rest')) return state;
	return { ...state, pausedAt: now };
}

export function resume(s: ProgrammeState, now: number): ProgrammeState {
	if (s.pausedAt === null) return s;
	return { ...s, pausedMs: s.pausedMs + Math.max(0, now - s.pausedAt), pausedAt: null, lastSeen: now };
}

/**
 * A saved state picked up after a reload: a quick reload carries on; after a longer absence (the
 * tab was closed, the phone slept) the programme waits, paused at the last moment it was seen,
 * rather than having run through holds nobody did.
 */
export function restore(s: ProgrammeState, now: number): ProgrammeState {
	if (s.pausedAt !== null || (s.phase !== 'hold' && s.phase !== 'rest')) return s;
	if (now - s.lastSeen <= AWAY_PAUSE_MS) return tick(s, now);
	return { ...tick(s, s.lastSeen), pausedAt: s.lastSeen };
}

/** Holds done so far and in all, for "Hold 2 of 3". */
export function progress(s: ProgrammeState): { rep: number; reps: number; item: number; items: number } {
	return { rep: s.rep + 1, reps: s.items[s.item].reps, item: s.item + 1, items: s.items.length };
}
