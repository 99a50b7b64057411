/**
 * The sentences the wearable cards show, in the person's words. Plain functions, so the wording is
 * tested without a browser and components stay thin.
 */

/** A length of time, rounded honestly: 0.4 s stays 0.4 s, never "1 s". */
export function durationText(seconds: number): string {
	const s = Math.max(0, seconds);
	if (s < 10) return `${s.toFixed(1)} s`;
	if (s < 90) return `${Math.round(s)} s`;
	if (s < 90 * 60) return `${Math.round(s / 60)} min`;
	return `${Math.round(s / 3600)} h`;
}

const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** The time of day of an epoch-ms instant, in the person's locale: "14:05" or "2:05 PM". */
export const timeOfDay = (ms: number): string => clockTime.format(ms);

/** How long ago something was seen: "just now", "12 s ago", "3 min ago". */
export function agoText(seconds: number): string {
	const s = Math.max(0, seconds);
	if (s < 2) return 'just now';
	if (s < 90) return `${Math.floor(s)} s ago`;
	if (s < 90 * 60) return `${Math.floor(s / 60)} min ago`;
	return `${Math.floor(s / 3600)} h ago`;
}

export type GapCause =
	/** The link dropped and came back: the wearable was out of reach. */
	| 'away'
	/** The link stayed up but nothing arrived: the wearable paused sending (or packets were lost). */
	| 'paused';

/**
 * What happened in a gap, and that nothing was invented for it. For the phone, "away" means the
 * page was hidden or the screen locked (motion events stop then).
 */
export function gapText(cause: GapCause, seconds: number, noun: string, phone = false): string {
	const d = durationText(seconds);
	if (phone)
		return cause === 'away'
			? `Tidal was in the background or the screen was off for ${d}; the phone cannot measure then. That part is missing; nothing was filled in.`
			: `No motion readings came in for ${d}. That part is missing; nothing was filled in.`;
	return cause === 'away'
		? `The ${noun} was out of reach for ${d}. That part is missing; nothing was filled in.`
		: `Nothing came in for ${d}, though the ${noun} stayed connected. That part is missing; nothing was filled in.`;
}

export function skippedText(n: number): string {
	return `${n} damaged ${n === 1 ? 'packet' : 'packets'} skipped — the rest is fine`;
}
