/**
 * CSV exports of one session: one file per recorded channel (samples with units), a breaths file
 * and a holds file. Channel files use the `analyze` command's column names (t, resp, ax/ay/az, rr,
 * ecg) under `#` comment lines that state the units, so each one can be read back by
 * `npm run analyze` and by the app's import. Pure: strings in, strings out.
 */
import { ISSUE_WORDS, type AnalysisResult } from '../core/engine/analysis';
import type { Recording } from '../core/recording/recording';
import type { Breath, BreathIssue } from '../core/types';
import type { SessionRecord } from '../core/session/format';

/** Rounds to at most `decimals` places and drops trailing zeros: 1.250 → "1.25", 3 → "3". */
export function num(v: number, decimals: number): string {
	if (!Number.isFinite(v)) return '';
	const s = v.toFixed(decimals);
	if (s.indexOf('.') < 0) return s === '-0' ? '0' : s;
	let end = s.length;
	while (s.charCodeAt(end - 1) === 48) end--;
	if (s.charCodeAt(end - 1) === 46) end--;
	const out = s.slice(0, end);
	return out === '-0' ? '0' : out;
}

export type Channel = keyof Recording;

export interface ChannelFile {
	channel: Channel;
	/** Suggested file name suffix, e.g. "resp.csv". */
	name: string;
	text: string;
}

export interface CsvContext {
	/** Session start, ms since the epoch (written in the header comment as ISO 8601 UTC). */
	startedAt: number;
	/** Unit of the breathing belt's signal, e.g. "N" for a force belt. */
	respUnit?: string;
}

/** What each column holds, in words and units: the comment lines above the header. */
export const CHANNEL_UNITS: Record<Channel, { columns: string[]; units: string }> = {
	resp: { columns: ['t', 'resp'], units: 't = seconds from session start; resp = breathing belt' },
	acc: {
		columns: ['t', 'ax', 'ay', 'az'],
		units: 't = seconds from session start; ax, ay, az = chest acceleration, milli-g (sensor axes)'
	},
	rr: {
		columns: ['t', 'rr'],
		units: 't = seconds from session start (the beat ending the interval); rr = R-R interval, ms'
	},
	ecg: { columns: ['t', 'ecg'], units: 't = seconds from session start; ecg = ECG, microvolts' }
};

/** Time decimals: enough for 1 ms resolution at any rate a wearable streams (ECG 130 Hz). */
const T_DECIMALS = 6;

function header(channel: Channel, ctx: CsvContext): string {
	let units = CHANNEL_UNITS[channel].units;
	if (channel === 'resp') units += `, ${ctx.respUnit ?? 'device units'}`;
	return (
		`# Tidal session started ${new Date(ctx.startedAt).toISOString()}\n` +
		`# ${units}\n` +
		`${CHANNEL_UNITS[channel].columns.join(',')}\n`
	);
}

/** Builds a file of many rows in blocks: an hour at 200 Hz is 720k rows. */
function rows(n: number, row: (i: number) => string): string {
	const blocks: string[] = [];
	for (let a = 0; a < n; a += 8192) {
		const lines: string[] = [];
		for (let i = a; i < Math.min(n, a + 8192); i++) lines.push(row(i));
		blocks.push(lines.join('\n') + '\n');
	}
	return blocks.join('');
}

/** The CSV of one channel, or null when the recording does not have it. */
export function channelCsv(rec: Recording, channel: Channel, ctx: CsvContext): ChannelFile | null {
	const name = `${channel}.csv`;
	const t6 = (v: number) => num(v, T_DECIMALS);
	switch (channel) {
		case 'resp': {
			if (!rec.resp) return null;
			const { t, value } = rec.resp;
			return {
				channel,
				name,
				text: header(channel, ctx) + rows(t.length, (i) => `${t6(t[i])},${num(value[i], 6)}`)
			};
		}
		case 'acc': {
			if (!rec.acc) return null;
			const { t, x, y, z } = rec.acc;
			return {
				channel,
				name,
				text:
					header(channel, ctx) +
					rows(t.length, (i) => `${t6(t[i])},${num(x[i], 3)},${num(y[i], 3)},${num(z[i], 3)}`)
			};
		}
		case 'rr': {
			if (!rec.rr) return null;
			const { t, rrMs } = rec.rr;
			return {
				channel,
				name,
				text: header(channel, ctx) + rows(t.length, (i) => `${t6(t[i])},${num(rrMs[i], 3)}`)
			};
		}
		case 'ecg': {
			if (!rec.ecg) return null;
			const { t, value } = rec.ecg;
			return {
				channel,
				name,
				text: header(channel, ctx) + rows(t.length, (i) => `${t6(t[i])},${num(value[i], 3)}`)
			};
		}
	}
}

export const CHANNELS: readonly Channel[] = ['resp', 'acc', 'rr', 'ecg'];

/** One CSV per channel present in the recording, in the order resp, acc, rr, ecg. */
export function channelCsvs(rec: Recording, ctx: CsvContext): ChannelFile[] {
	return CHANNELS.flatMap((c) => channelCsv(rec, c, ctx) ?? []);
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
function cell(s: string): string {
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const BREATHS_COLUMNS = [
	'breath',
	'inhale_start_s',
	'inhale_end_s',
	'exhale_start_s',
	'exhale_end_s',
	'inhale_s',
	'hold_s',
	'exhale_s',
	'pause_s',
	'depth',
	'ok',
	'issues',
	'issues_in_words'
] as const;

/** Breath by breath: edges (s from session start), phase durations (s), depth, verdict, issues. */
export function breathsCsv(breaths: readonly Breath[], ctx: CsvContext & { pattern: string }): string {
	const lines = [
		`# Tidal session started ${new Date(ctx.startedAt).toISOString()}; pattern ${ctx.pattern}`,
		'# times in seconds from session start; durations in seconds; depth in the breathing signal unit',
		BREATHS_COLUMNS.join(',')
	];
	breaths.forEach((b, i) => {
		lines.push(
			[
				String(i + 1),
				num(b.inhaleStart, 3),
				num(b.inhaleEnd, 3),
				num(b.exhaleStart, 3),
				num(b.exhaleEnd, 3),
				num(b.inhale, 3),
				num(b.hold, 3),
				num(b.exhale, 3),
				num(b.pause, 3),
				num(b.depth, 4),
				b.ok ? 'yes' : 'no',
				b.issues.join(' '),
				cell(b.issues.map((c: BreathIssue) => ISSUE_WORDS[c] ?? c).join('; '))
			].join(',')
		);
	});
	return lines.join('\n') + '\n';
}

export const HOLDS_COLUMNS = [
	'kind',
	'number',
	'start_s',
	'end_s',
	'duration_s',
	'target_s',
	'ok',
	'issues'
] as const;

/** Stretch holds and rests in time order, with the programme's targets. */
export function holdsCsv(
	stretch: AnalysisResult['stretch'],
	ctx: CsvContext & { holdSeconds: number; restSeconds: number }
): string {
	const rows = [
		...stretch.holds.map((h, i) => ({ kind: 'hold', n: i + 1, ...h })),
		...stretch.rests.map((r, i) => ({ kind: 'rest', n: i + 1, issues: [] as string[], ...r }))
	].sort((a, b) => a.start - b.start);
	const lines = [
		`# Tidal session started ${new Date(ctx.startedAt).toISOString()}; hold ${ctx.holdSeconds} s, rest ${ctx.restSeconds} s`,
		'# times and durations in seconds from session start',
		HOLDS_COLUMNS.join(',')
	];
	for (const r of rows) {
		lines.push(
			[
				r.kind,
				String(r.n),
				num(r.start, 3),
				num(r.end, 3),
				num(r.end - r.start, 3),
				String(r.kind === 'hold' ? ctx.holdSeconds : ctx.restSeconds),
				r.ok ? 'yes' : 'no',
				r.issues.join(' ')
			].join(',')
		);
	}
	return lines.join('\n') + '\n';
}

/**
 * R-R intervals for Kubios HRV: plain text, one interval per line in milliseconds, no header
 * (Kubios reads a single column of RR intervals in s or ms).
 */
export function kubiosRrText(rec: Recording): string {
	if (!rec.rr || rec.rr.rrMs.length === 0) return '';
	const out: string[] = [];
	for (const v of rec.rr.rrMs) out.push(num(v, 3));
	return out.join('\n') + '\n';
}

export const SESSIONS_COLUMNS = [
	'started_utc',
	'kind',
	'pattern',
	'status',
	'duration_s',
	'breaths',
	'adherence_pct',
	'breaths_per_min',
	'heart_rate_bpm',
	'rmssd_ms',
	'pain_before',
	'pain_after',
	'holds',
	'holds_ok',
	'gap_s',
	'commonest_issue',
	'id'
] as const;

/** One row per session (a date range's summary table), in the order given. */
export function sessionsCsv(sessions: readonly SessionRecord[]): string {
	const opt = (v: number | null | undefined, d: number) => (v === null || v === undefined ? '' : num(v, d));
	const lines = [SESSIONS_COLUMNS.join(',')];
	for (const s of sessions) {
		const m = s.summary;
		lines.push(
			[
				new Date(s.startedAt).toISOString(),
				s.kind,
				cell(s.settings.pattern.id),
				s.status,
				opt(m?.durationSeconds ?? s.lastT, 1),
				opt(m?.breaths, 0),
				opt(m?.adherence != null ? m.adherence * 100 : null, 1),
				opt(m?.breathsPerMin, 2),
				opt(m?.heartRate, 1),
				opt(m?.rmssd, 1),
				opt(s.pain.before, 0),
				opt(s.pain.after, 0),
				opt(m?.holds, 0),
				opt(m?.okHolds, 0),
				opt(m?.gapSeconds, 1),
				m?.commonestIssue ?? '',
				cell(s.id)
			].join(',')
		);
	}
	return lines.join('\n') + '\n';
}
