/**
 * Tidal's care plan for a back spasm, as steps the person can follow, and the one rule that
 * changes over time: cold packs for the first 72 hours after the spasm started, moist heat after.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Cold for the first 48–72 h; Tidal switches at the late end, 72 h. */
export const COLD_PHASE_MS = 72 * HOUR;
export const PACK_MS = 20 * MINUTE;
/** A cold pack every 1–2 hours: the reminder comes after the shortest gap. */
export const PACK_GAP_MS = 1 * HOUR;
export const REST_MS = 20 * MINUTE;
export const WATER_MS = 2 * HOUR;

export type Thermal = 'cold' | 'heat';

/**
 * Cold or heat now. Unknown start: cold (safe in the first days, and the screen asks when the
 * spasm started). A start in the future (a typo) counts as now.
 */
export function thermalPhase(
	spasmStartedAt: number | null,
	now: number
): { phase: Thermal; switchAt: number | null } {
	if (spasmStartedAt === null) return { phase: 'cold', switchAt: null };
	const switchAt = Math.min(spasmStartedAt, now) + COLD_PHASE_MS;
	return { phase: now >= switchAt ? 'heat' : 'cold', switchAt };
}

export interface TimerSpec {
	id: string;
	/** Button text to start it. */
	start: string;
	/** Said when it ends. */
	label: string;
	durationMs: number;
}

export const TIMERS = {
	rest: {
		id: 'rest',
		start: 'Start a 20-minute rest',
		label: 'Rest is over: move gently for a few minutes',
		durationMs: REST_MS
	},
	cold: {
		id: 'pack',
		start: 'Start a cold pack (20 min)',
		label: 'Take the cold pack off now',
		durationMs: PACK_MS
	},
	heat: {
		id: 'pack',
		start: 'Start moist heat (20 min)',
		label: 'Take the heat pack off now',
		durationMs: PACK_MS
	},
	nextPack: {
		id: 'next-pack',
		start: 'Remind me of the next pack in 1 hour',
		label: 'Time for the next pack',
		durationMs: PACK_GAP_MS
	},
	water: {
		id: 'water',
		start: 'Remind me to drink in 2 hours',
		label: 'Time for a glass of water',
		durationMs: WATER_MS
	}
} satisfies Record<string, TimerSpec>;

export function packTimer(phase: Thermal): TimerSpec {
	return phase === 'cold' ? TIMERS.cold : TIMERS.heat;
}
