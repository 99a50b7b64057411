/**
 * The history page's state: the session headers from the store, the filters (kind, date range),
 * deleting with an undo, exporting the sessions shown and importing a file. Headers and the stored sparklines only: samples
 * are read when a session is opened or exported.
 */
import { parsePattern } from '$lib/core/engine/pattern';
import type { FullSession, SessionKind, SessionRecord } from '$lib/core/session/format';
import { writeSessionFile } from '$lib/core/session/session-file';
import { sessionsCsv } from '$lib/export/csv-writers';
import { downloadParts, downloadText } from '$lib/export/download';
import { rangeZip } from '$lib/export/range-export';
import { sessionSparkline, type Sparkline } from '$lib/storage/sparkline';
import { importFile, type ImportOutcome } from './import-file';
import { sessionStore } from './store';

export type KindFilter = 'all' | SessionKind;

/** How long a deleted session can be brought back. */
export const UNDO_SECONDS = 8;

/** Epoch ms of local midnight starting a YYYY-MM-DD day. */
function localMidnight(day: string): number {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d).getTime();
}

export class HistoryState {
	sessions = $state.raw<SessionRecord[]>([]);
	/** Breathing-rate sparklines by session id. */
	sparklines = $state.raw<Record<string, Sparkline>>({});
	loaded = $state(false);
	problem = $state('');
	kind = $state<KindFilter>('all');
	/** YYYY-MM-DD, inclusive, local days; '' for open-ended. */
	from = $state('');
	to = $state('');
	deleted = $state.raw<FullSession | null>(null);
	importing = $state(false);
	importOutcome = $state.raw<ImportOutcome | null>(null);
	/** How a ZIP export is going ('' when none is, or it is done); ends with "…" while writing. */
	exportStatus = $state('');
	private undoTimer: ReturnType<typeof setTimeout> | null = null;

	shown = $derived(this.sessions.filter((s) => this.matches(s)));

	private matches(s: SessionRecord): boolean {
		if (this.kind !== 'all' && s.kind !== this.kind) return false;
		if (this.from && s.startedAt < localMidnight(this.from)) return false;
		if (this.to && s.startedAt >= localMidnight(this.to) + 86_400_000) return false;
		return true;
	}

	async load(): Promise<void> {
		try {
			performance.mark('tidal-history-start');
			const store = await sessionStore();
			const [sessions, stored] = await Promise.all([store.list(), store.sparklines()]);
			performance.measure('tidal-history-read', 'tidal-history-start');
			const sparklines = Object.fromEntries(stored);
			// A session that never finished has no stored sparkline: made from its log (they are few).
			for (const s of sessions)
				if (s.status !== 'finished') sparklines[s.id] = sessionSparkline(s, await store.log(s.id));
			this.sessions = sessions;
			this.sparklines = sparklines;
			this.problem = '';
		} catch (e) {
			this.problem = `Your sessions could not be read from this device's storage (${e instanceof Error ? e.message : String(e)}).`;
		}
		this.loaded = true;
	}

	/** Deletes at once and keeps the whole session in memory for UNDO_SECONDS. */
	async remove(id: string): Promise<void> {
		const store = await sessionStore();
		const full = await store.load(id);
		if (!full) return;
		await store.delete(id);
		this.finishUndo();
		this.deleted = full;
		this.sessions = this.sessions.filter((s) => s.id !== id);
		this.undoTimer = setTimeout(() => this.finishUndo(), UNDO_SECONDS * 1000);
	}

	async undo(): Promise<void> {
		const full = this.deleted;
		if (!full) return;
		this.finishUndo();
		const store = await sessionStore();
		await store.put(full);
		await this.load();
	}

	private finishUndo(): void {
		if (this.undoTimer) clearTimeout(this.undoTimer);
		this.undoTimer = null;
		this.deleted = null;
	}

	/** Imports a file; a CSV recording is analysed with `csvPattern` (a preset or "5-1-4"). */
	async importFrom(file: File, csvPattern = '5-1-4'): Promise<void> {
		const pattern = parsePattern(csvPattern);
		if ('error' in pattern) {
			this.importOutcome = {
				ok: false,
				error: `The pattern to analyse a recording with: ${pattern.error}`,
				file: file.name
			};
			return;
		}
		this.importing = true;
		try {
			this.importOutcome = await importFile(file, await sessionStore(), pattern);
			if (this.importOutcome.ok) await this.load();
		} finally {
			this.importing = false;
		}
	}

	/** The shown sessions in full, oldest first (for a date-range export). */
	private async loadShown(): Promise<FullSession[]> {
		const store = await sessionStore();
		const out: FullSession[] = [];
		for (const s of [...this.shown].reverse()) {
			const full = await store.load(s.id);
			if (full) out.push(full);
		}
		return out;
	}

	/** Saves the sessions shown: every file of each (ZIP), the sessions (JSON) or the summary table (CSV). */
	async exportShown(kind: 'json' | 'csv' | 'zip'): Promise<void> {
		const range = `${this.from || 'start'}-to-${this.to || 'now'}`;
		if (kind === 'csv') {
			downloadText(`tidal-sessions-${range}.csv`, sessionsCsv([...this.shown].reverse()), 'text/csv');
			return;
		}
		this.exportStatus = 'Reading the sessions…';
		try {
			const all = await this.loadShown();
			if (kind === 'json') {
				downloadText(`tidal-sessions-${range}.json`, writeSessionFile(all), 'application/json');
			} else {
				const parts = await rangeZip(all, {
					onFile: (_path, i) => (this.exportStatus = `Writing session ${i + 1} of ${all.length}…`)
				});
				downloadParts(`tidal-sessions-${range}.zip`, parts as BlobPart[], 'application/zip');
			}
			this.exportStatus = '';
		} catch (e) {
			this.exportStatus = `The files could not be written (${e instanceof Error ? e.message : String(e)}).`;
		}
	}
}
