/**
 * What the live chart draws, kept to the last `windowS` seconds: the breathing signal (NaN points
 * are gaps), the pacer's target trace, heart rate, the pacer's phases to shade, and spans with no
 * signal. Plain data, no chart.js (the session fills it before chart.js has loaded); the chart
 * draws these arrays as they are.
 */
import type { PacerPhase } from '$lib/core/session/format';

export interface Point {
	x: number;
	y: number;
}

export interface Span {
	start: number;
	end: number;
	phase: PacerPhase | 'gap';
}

/** Keep a little more than the window, so the left edge never runs out while scrolling. */
const SLACK_S = 5;
/** A heart-rate line is broken when beats stop for this long. */
const HR_GAP_S = 4;

export class LiveChartData {
	readonly signal: Point[] = [];
	readonly target: Point[] = [];
	readonly heartRate: Point[] = [];
	readonly phases: Span[] = [];
	readonly gaps: Span[] = [];
	/**
	 * Bumped when what each layer of the chart draws changes: the breathing line (`signal`), the
	 * guide with the phases and gaps shaded (`guide`), heart rate (`heart`). The chart redraws only
	 * the layers that moved.
	 */
	readonly versions = { signal: 0, guide: 0, heart: 0 };

	constructor(readonly windowS = 60) {}

	/**
	 * More of the breathing signal. `turned`: which way is "in" was decided the other way round, so
	 * the line drawn so far is turned over first (the new points continue it, with no step).
	 */
	addSignal(t: readonly number[], v: readonly number[], turned = false): void {
		if (turned && this.signal.length) {
			for (const p of this.signal) p.y = -p.y;
			this.versions.signal++;
		}
		if (!t.length) return;
		for (let i = 0; i < t.length; i++) this.signal.push({ x: t[i], y: v[i] });
		this.versions.signal++;
	}

	/** The pacer began a step: its target shape (in rises 0→1, out falls 1→0) and its shading. */
	addCue(t: number, phase: PacerPhase, seconds: number): void {
		const up = phase === 'inhale' || phase === 'stretch-hold';
		const top = up || phase === 'hold';
		const from = phase === 'inhale' ? 0 : phase === 'exhale' ? 1 : top ? 1 : 0;
		const to = top ? 1 : 0;
		this.target.push({ x: t, y: from }, { x: t + seconds, y: to });
		this.phases.push({ start: t, end: t + seconds, phase });
		this.versions.guide++;
	}

	addBeat(t: number, bpm: number): void {
		const last = this.heartRate.at(-1);
		if (last && t - last.x > HR_GAP_S) this.heartRate.push({ x: (last.x + t) / 2, y: NaN });
		this.heartRate.push({ x: t, y: bpm });
		this.versions.heart++;
	}

	/** No signal from `start` to `end` (end may grow while the gap lasts). */
	markGap(start: number, end: number): void {
		const open = this.gaps.at(-1);
		if (open && start <= open.end + 0.5) open.end = Math.max(open.end, end);
		else {
			this.gaps.push({ start, end, phase: 'gap' });
			// The signal line breaks here even if no sample arrives inside the gap.
			this.signal.push({ x: start, y: NaN });
			this.versions.signal++;
		}
		this.versions.guide++;
	}

	/** Drop what has scrolled out of view. */
	prune(now: number): void {
		const from = now - this.windowS - SLACK_S;
		dropBefore(this.signal, from, (p) => p.x);
		dropBefore(this.target, from, (p) => p.x);
		dropBefore(this.heartRate, from, (p) => p.x);
		dropBefore(this.phases, from, (s) => s.end);
		dropBefore(this.gaps, from, (s) => s.end);
	}
}

function dropBefore<T>(list: T[], from: number, at: (item: T) => number): void {
	let k = 0;
	while (k < list.length && at(list[k]) < from) k++;
	if (k) list.splice(0, k);
}
