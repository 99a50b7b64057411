/**
 * The end-of-session summary in the session format, from the engine's events as they come
 * (constant memory per sample). The figures are the ones every view shares (engine/figures.ts);
 * the live adherence figure reads from here too.
 */
import type { BreathIssue } from '../types';
import type { SessionSummary } from './format';
import { ISSUE_WORDS } from '../engine/analysis';
import { FigureCollector } from '../engine/figures';

export class SummaryBuilder extends FigureCollector {
	result(durationSeconds: number, gapSeconds: number): SessionSummary {
		const f = this.figures();
		const summary: SessionSummary = {
			durationSeconds,
			breaths: f.breaths,
			okBreaths: f.okBreaths,
			adherence: f.adherence,
			issues: f.issues,
			commonestIssue: f.commonestIssue,
			breathsPerMin: f.ratePerMin,
			heartRate: f.heartRate,
			rmssd: f.rmssd,
			gapSeconds
		};
		if (f.holds) {
			summary.holds = f.holds;
			summary.okHolds = f.okHolds;
		}
		return summary;
	}
}

/** The issue in plain words, for the end screen and the review. */
export function issueWords(issue: BreathIssue): string {
	return ISSUE_WORDS[issue];
}
