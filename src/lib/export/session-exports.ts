/**
 * The files one session exports to, by name: JSON (the session format), a CSV per channel, the
 * breaths and holds CSVs, and R-R text for Kubios. Pure: the review page and the tests list the
 * same files.
 */
import type { FullSession } from '../core/session/format';
import { writeSessionFile } from '../core/session/session-file';
import type { ReviewModel } from '../review/review-model';
import { breathsCsv, channelCsv, CHANNELS, holdsCsv, kubiosRrText, type Channel } from './csv-writers';

const CHANNEL_WORDS: Record<Channel, string> = {
	resp: 'Breathing belt',
	acc: 'Chest accelerometer',
	rr: 'Heart beats (R-R)',
	ecg: 'ECG'
};

export interface ExportFile {
	name: string;
	label: string;
	type: string;
	text: () => string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "tidal-2026-11-30-0815-breathing": local date and time of the start, and the kind. */
export function exportBase(startedAt: number, kind: string): string {
	const d = new Date(startedAt);
	return `tidal-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}-${kind}`;
}

/** The belt's unit by the wearable that sent it (force belts measure newtons). */
function respUnit(full: FullSession): string | undefined {
	const belt = full.session.wearables.find((w) => w.sources.includes('resp'));
	return belt?.kind === 'gdx-belt' ? 'N (belt force)' : undefined;
}

export function sessionExports(full: FullSession, model: ReviewModel): ExportFile[] {
	const base = exportBase(full.session.startedAt, full.session.kind);
	const ctx = { startedAt: full.session.startedAt, respUnit: respUnit(full) };
	const files: ExportFile[] = [
		{
			name: `${base}.json`,
			label: 'Whole session (JSON, for Tidal and re-analysis)',
			type: 'application/json',
			text: () => writeSessionFile([full])
		}
	];
	for (const channel of CHANNELS) {
		if (!model.recording[channel]) continue;
		files.push({
			name: `${base}-${channel}.csv`,
			label: `${CHANNEL_WORDS[channel]} samples (CSV)`,
			type: 'text/csv',
			text: () => channelCsv(model.recording, channel, ctx)?.text ?? ''
		});
	}
	files.push({
		name: `${base}-breaths.csv`,
		label: 'Breaths (CSV)',
		type: 'text/csv',
		text: () => breathsCsv(model.analysis.breaths, { ...ctx, pattern: model.pattern.id })
	});
	if (model.analysis.stretch.holds.length || full.session.kind === 'stretch') {
		files.push({
			name: `${base}-holds.csv`,
			label: 'Holds and rests (CSV)',
			type: 'text/csv',
			text: () =>
				holdsCsv(model.analysis.stretch, {
					...ctx,
					holdSeconds: model.holdSeconds,
					restSeconds: model.restSeconds
				})
		});
	}
	if (model.recording.rr?.t.length) {
		files.push({
			name: `${base}-rr-kubios.txt`,
			label: 'R-R intervals for Kubios HRV (text)',
			type: 'text/plain',
			text: () => kubiosRrText(model.recording)
		});
	}
	return files;
}
