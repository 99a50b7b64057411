/**
 * Care-plan timers as stored data: each knows when it started and how long it runs, so its state
 * at any moment is computed from the clock, never counted in memory. A reload, a closed tab or a
 * sleeping phone loses nothing; the time a timer ends is the time it ends.
 */

export interface CareTimer {
	/** One running timer per id (starting it again restarts it). */
	id: string;
	/** What ends, in the person's words, e.g. "Take the cold pack off". */
	label: string;
	/** Epoch ms. */
	startedAt: number;
	durationMs: number;
	/** The end has been announced (notification or on-screen), so it is not announced twice. */
	announced: boolean;
}

export function endsAt(timer: CareTimer): number {
	return timer.startedAt + timer.durationMs;
}

/** Time left, never negative; a clock set back before the start shows the full duration. */
export function remainingMs(timer: CareTimer, now: number): number {
	return Math.min(timer.durationMs, Math.max(0, endsAt(timer) - now));
}

export function isDue(timer: CareTimer, now: number): boolean {
	return now >= endsAt(timer);
}

export function startTimer(
	timers: readonly CareTimer[],
	timer: { id: string; label: string; durationMs: number },
	now: number
): CareTimer[] {
	return [...timers.filter((t) => t.id !== timer.id), { ...timer, startedAt: now, announced: false }];
}

export function cancelTimer(timers: readonly CareTimer[], id: string): CareTimer[] {
	return timers.filter((t) => t.id !== id);
}

/** Timers that have ended and not been announced yet, earliest first. */
export function dueUnannounced(timers: readonly CareTimer[], now: number): CareTimer[] {
	return timers.filter((t) => !t.announced && isDue(t, now)).sort((a, b) => endsAt(a) - endsAt(b));
}

export function markAnnounced(timers: readonly CareTimer[], ids: readonly string[]): CareTimer[] {
	return timers.map((t) => (ids.includes(t.id) ? { ...t, announced: true } : t));
}

/** When the next unannounced timer ends (to wake up then), or null. */
export function nextEnd(timers: readonly CareTimer[]): number | null {
	let next: number | null = null;
	for (const t of timers) if (!t.announced && (next === null || endsAt(t) < next)) next = endsAt(t);
	return next;
}

/** "19:05" for minutes and seconds left; "1:02:00" past an hour. */
export function clockText(ms: number): string {
	const s = Math.ceil(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "8 minutes 30 seconds" for screen readers. */
export function spokenText(ms: number): string {
	const s = Math.ceil(ms / 1000);
	const m = Math.floor(s / 60);
	const parts: string[] = [];
	if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
	if (s % 60 > 0 || m === 0) parts.push(`${s % 60} second${s % 60 === 1 ? '' : 's'}`);
	return parts.join(' ');
}
