/**
 * What the pacer leads, as data: segments of steps (a breath phase, a stretch hold or rest, each
 * with its seconds), each segment repeated a number of cycles (or without end). A breathing session
 * is calibration breaths then the pattern; a stretch programme is holds and rests. Pure.
 */
import type { BreathPattern } from '../engine/pattern';
import type { PacerPhase } from '../session/format';

export interface PacerStep {
	phase: PacerPhase;
	seconds: number;
}

export interface PacerSegment {
	part: 'calibration' | 'guided';
	steps: PacerStep[];
	/** Repetitions of the steps, or null: until stopped (only the last segment). */
	cycles: number | null;
}

export interface PacerPlan {
	segments: PacerSegment[];
}

/** The steps of one breath of a pattern: phases of zero length are left out. */
export function patternSteps(p: Pick<BreathPattern, 'inhale' | 'hold' | 'exhale' | 'pause'>): PacerStep[] {
	const steps: PacerStep[] = [
		{ phase: 'inhale', seconds: p.inhale },
		{ phase: 'hold', seconds: p.hold },
		{ phase: 'exhale', seconds: p.exhale },
		{ phase: 'pause', seconds: p.pause }
	];
	return steps.filter((s) => s.seconds > 0);
}

export function cycleSeconds(steps: readonly PacerStep[]): number {
	return steps.reduce((sum, s) => sum + s.seconds, 0);
}

/** Calibration: natural breaths, "breathe in… breathe out", slow enough for anyone. */
export const CALIBRATION_STEPS: readonly PacerStep[] = [
	{ phase: 'inhale', seconds: 4 },
	{ phase: 'exhale', seconds: 5 }
];
export const CALIBRATION_BREATHS = 3;

/**
 * A breathing session: optional calibration, then the pattern for `plannedSeconds` (whole breaths,
 * at least one) or without end.
 */
export function breathingPlan(
	pattern: Pick<BreathPattern, 'inhale' | 'hold' | 'exhale' | 'pause'>,
	plannedSeconds: number | null,
	calibration = true
): PacerPlan {
	const steps = patternSteps(pattern);
	const segments: PacerSegment[] = [];
	if (calibration)
		segments.push({ part: 'calibration', steps: [...CALIBRATION_STEPS], cycles: CALIBRATION_BREATHS });
	const cycles =
		plannedSeconds === null ? null : Math.max(1, Math.round(plannedSeconds / cycleSeconds(steps)));
	segments.push({ part: 'guided', steps, cycles });
	return { segments };
}

/** A stretch programme: hold, rest, repeated (the holds and rests are led like breath phases). */
export function stretchPlan(holdSeconds: number, restSeconds: number, repetitions: number | null): PacerPlan {
	return {
		segments: [
			{
				part: 'guided',
				steps: [
					{ phase: 'stretch-hold', seconds: holdSeconds },
					{ phase: 'stretch-rest', seconds: restSeconds }
				],
				cycles: repetitions
			}
		]
	};
}

/** Total seconds of a plan, or null when it has no end. */
export function planSeconds(plan: PacerPlan): number | null {
	let total = 0;
	for (const s of plan.segments) {
		if (s.cycles === null) return null;
		total += s.cycles * cycleSeconds(s.steps);
	}
	return total;
}
