import type { Breath, BreathIssue, EngineEvent, Source, StretchHold, StretchRest } from '../types';
import { FigureCollector } from './figures';

/** The analyzer's result: the shape `npm run analyze -- FILE --json` prints, times in seconds. */
export interface AnalysisResult {
	pattern: string;
	source: Source;
	/** False when only heart beats were available: rate is known, phases are not. */
	phaseCapable: boolean;
	breaths: Breath[];
	apneas: { start: number; end: number }[];
	gaps: { start: number; end: number }[];
	summary: {
		breaths: number;
		/** Breaths per minute: median breath cycle, else from heart-rate variation (figures.ts). */
		ratePerMin: number | null;
		/** Fraction of breaths that met the pattern, 0–1 (null without phases). */
		adherence: number | null;
		/** Mean over the clean beats of the whole recording. */
		heartRate: number | null;
		rmssd: number | null;
	};
	stretch: {
		holds: { start: number; end: number; ok: boolean; issues: string[] }[];
		rests: { start: number; end: number; ok: boolean }[];
	};
}

/** Collects engine events into an AnalysisResult; used by the CLI and by session review. */
export class AnalysisCollector {
	private readonly breaths: Breath[] = [];
	private readonly apneas: { start: number; end: number }[] = [];
	private readonly gaps: { start: number; end: number }[] = [];
	private readonly holds: StretchHold[] = [];
	private readonly rests: StretchRest[] = [];

	/** `figures` defines the summary's numbers once for the CLI, the live session and the review. */
	constructor(
		private readonly patternId: string,
		private readonly source: Source,
		readonly figures: FigureCollector = new FigureCollector()
	) {}

	handle = (e: EngineEvent): void => {
		this.figures.add(e);
		switch (e.type) {
			case 'breath':
				this.breaths.push(e.breath);
				break;
			case 'apnea-end':
				this.apneas.push({ start: e.start, end: e.end });
				break;
			case 'gap':
				// Two channels of one device may report the same gap; keep it once.
				if (!this.gaps.some((g) => g.start <= e.end && e.start <= g.end)) {
					this.gaps.push({ start: e.start, end: e.end });
				}
				break;
			case 'stretch-hold':
				this.holds.push(e.hold);
				break;
			case 'stretch-rest':
				this.rests.push(e.rest);
				break;
		}
	};

	result(): AnalysisResult {
		const phaseCapable = this.source === 'resp' || this.source === 'acc';
		const breaths = this.breaths;
		const f = this.figures.figures();
		return {
			pattern: this.patternId,
			source: this.source,
			phaseCapable,
			breaths,
			apneas: this.apneas,
			gaps: [...this.gaps].sort((a, b) => a.start - b.start),
			summary: {
				breaths: breaths.length,
				ratePerMin: f.ratePerMin,
				adherence: phaseCapable ? f.adherence : null,
				heartRate: f.heartRate,
				rmssd: f.rmssd
			},
			stretch: {
				holds: this.holds.map(({ start, end, ok, issues }) => ({ start, end, ok, issues })),
				rests: this.rests.map(({ start, end, ok }) => ({ start, end, ok }))
			}
		};
	}
}

/** The commonest issue among the breaths, in plain words, for the human summary. */
export function commonestIssue(
	breaths: Breath[]
): { code: BreathIssue; count: number; words: string } | null {
	const counts = new Map<BreathIssue, number>();
	for (const b of breaths) for (const i of b.issues) counts.set(i, (counts.get(i) ?? 0) + 1);
	let best: BreathIssue | null = null;
	for (const [code, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = code;
	return best ? { code: best, count: counts.get(best) ?? 0, words: ISSUE_WORDS[best] } : null;
}

export const ISSUE_WORDS: Record<BreathIssue, string> = {
	'inhale-short': 'breathing in too quickly',
	'inhale-long': 'breathing in for too long',
	'hold-short': 'not pausing at the top of the breath',
	'hold-long': 'holding the breath too long at the top',
	'exhale-short': 'breathing out too quickly',
	'exhale-long': 'breathing out for too long',
	'pause-short': 'not pausing after breathing out',
	'pause-after-exhale': 'pausing after breathing out',
	shallow: 'shallow breaths'
};
