/**
 * Coaching: one calm line at a time, chosen from the engine's breath issues and held for a few
 * breaths so it does not flicker. A breath whose signal was poor is never coached on: the line
 * says the signal is poor instead. Pure: events in, the current line out.
 */
import type { Breath, BreathIssue, Source } from '../types';

export type CoachCode = BreathIssue | 'apnea' | 'poor-signal' | 'steady' | 'settling';

export interface CoachLine {
	code: CoachCode;
	text: string;
}

export const COACH_TEXT: Record<CoachCode, string> = {
	'inhale-short': 'Breathe in a little longer',
	'inhale-long': 'Breathe in a little quicker',
	'hold-short': 'Let the breath rest a moment at the top',
	'hold-long': 'Let the breath go a little sooner',
	'exhale-short': 'Breathe out more slowly',
	'exhale-long': 'Start the next breath a little sooner',
	'pause-after-exhale': 'Don’t pause after breathing out',
	'pause-short': 'Rest a moment after breathing out',
	shallow: 'Slower, deeper breaths',
	apnea: 'You held your breath — breathe gently',
	'poor-signal': 'The signal is poor just now — check the wearable sits snugly',
	steady: 'Good — keep following the guide',
	settling: 'Follow the guide; feedback starts after a few breaths'
};

/** Which issue to talk about when a breath has several: the ones that matter most for a spasm first. */
const PRIORITY: readonly BreathIssue[] = [
	'pause-after-exhale',
	'shallow',
	'inhale-short',
	'exhale-short',
	'hold-short',
	'hold-long',
	'inhale-long',
	'exhale-long',
	'pause-short'
];

/**
 * The slips that make a spasm worse (a pause after breathing out, shallow breathing): said at
 * once over a line about a lesser one, as a breath hold is, not after it has been held.
 */
const URGENT: readonly BreathIssue[] = ['pause-after-exhale', 'shallow'];

export interface CoachOptions {
	/** An issue line stays at least this many breaths (unless a breath hold or poor signal comes). */
	holdBreaths: number;
	/** Breaths remembered. */
	window: number;
}

const DEFAULTS: CoachOptions = { holdBreaths: 3, window: 3 };

export class Coach {
	private line: CoachLine = { code: 'settling', text: COACH_TEXT.settling };
	private recent: (BreathIssue | 'ok')[] = [];
	private sinceChange = 0;
	/** Spans [start, end] on the breathing signal that were poor (gaps, motion, settling). */
	private poor: [number, number][] = [];
	private poorSince: number | null = null;
	private readonly options: CoachOptions;

	constructor(
		/** The source breaths come from ('resp' belt or 'acc' chest). */
		private readonly source: Source | null = null,
		options: Partial<CoachOptions> = {}
	) {
		this.options = { ...DEFAULTS, ...options };
	}

	get current(): CoachLine {
		return this.line;
	}

	/** The signal went poor (reason other than ok) or good again at `t`. */
	quality(source: Source, ok: boolean, t: number): void {
		if (this.source && source !== this.source) return;
		if (!ok && this.poorSince === null) this.poorSince = t;
		if (ok && this.poorSince !== null) {
			this.addPoor(this.poorSince, t);
			this.poorSince = null;
		}
	}

	gap(source: Source, start: number, end: number): void {
		if (this.source && source !== this.source) return;
		this.addPoor(start, end);
	}

	/** A breath hold began: said at once, whatever is showing. */
	apnea(): CoachLine {
		return this.set('apnea');
	}

	/**
	 * A finished breath: maybe a new line. An issue shows at once over praise or a passing notice,
	 * and an urgent one over a lesser issue; an issue line, once shown, stays at least
	 * `holdBreaths` breaths, and gives way to praise only after two good breaths in a row. Returns
	 * the line to show.
	 */
	breath(b: Breath): CoachLine {
		const end = b.exhaleEnd + b.pause;
		if (this.wasPoor(b.inhaleStart, end)) return this.set('poor-signal');
		const issue: BreathIssue | 'ok' = b.ok
			? 'ok'
			: (PRIORITY.find((i) => b.issues.includes(i)) ?? b.issues[0] ?? 'ok');
		const previous = this.recent.at(-1);
		this.recent = [...this.recent, issue].slice(-this.options.window);
		this.sinceChange++;
		if (!isIssue(this.line.code)) return this.set(issue === 'ok' ? 'steady' : issue);
		if (issue !== 'ok' && URGENT.includes(issue) && !URGENT.includes(this.line.code)) return this.set(issue);
		if (this.sinceChange < this.options.holdBreaths) return this.line;
		if (issue !== 'ok') return this.set(issue);
		return previous === 'ok' ? this.set('steady') : this.line;
	}

	private set(code: CoachCode): CoachLine {
		if (code !== this.line.code) {
			this.line = { code, text: COACH_TEXT[code] };
			this.sinceChange = 0;
		}
		return this.line;
	}

	private addPoor(start: number, end: number): void {
		this.poor.push([start, end]);
		if (this.poor.length > 20) this.poor.shift();
	}

	private wasPoor(start: number, end: number): boolean {
		if (this.poorSince !== null && this.poorSince < end) return true;
		return this.poor.some(([a, b]) => a < end && b > start);
	}
}

function isIssue(code: CoachCode): code is BreathIssue {
	return (PRIORITY as readonly string[]).includes(code);
}
