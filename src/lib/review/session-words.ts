/** How a stored session is named in lists and dialogs: when, what, how long. */
import type { SessionRecord } from '$lib/core/session/format';

// One formatter for every row: making one per call costs more than the rest of a row.
const dateTime = new Intl.DateTimeFormat(undefined, {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit'
});

/** The day and time a session started (or anything else happened), in the person's locale. */
export const sessionWhen = (ms: number): string => dateTime.format(ms);

/** Seconds the session lasted: its summary's, else from its end, else what was recorded. */
export function sessionSeconds(s: SessionRecord): number {
	return s.summary?.durationSeconds ?? (s.endedAt !== null ? (s.endedAt - s.startedAt) / 1000 : s.lastT);
}

/** "Breathing · 5-1-4" or "Stretch · hamstring · hold 30 s". */
export function sessionWhat(s: SessionRecord): string {
	if (s.kind !== 'stretch') return `Breathing · ${s.settings.pattern.name}`;
	const programme = s.settings.programme;
	return `Stretch${programme?.exercise ? ` · ${programme.exercise}` : ''} · hold ${programme?.holdSeconds ?? '?'} s`;
}
