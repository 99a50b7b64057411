import type { Breath, BreathIssue } from '../types';
import type { BreathPattern } from './pattern';

/**
 * Compares a breath's measured phases with the pattern. `typicalDepth` is the median depth of the
 * person's recent breaths (0 while unknown). Writes `issues` and `ok` in place.
 */
export function evaluateBreath(breath: Breath, pattern: BreathPattern, typicalDepth: number): Breath {
	const issues: BreathIssue[] = [];
	const { range } = pattern;
	if (breath.inhale < range.inhale.min) issues.push('inhale-short');
	else if (breath.inhale > range.inhale.max) issues.push('inhale-long');
	if (breath.hold < range.hold.min) issues.push('hold-short');
	else if (breath.hold > range.hold.max) issues.push('hold-long');
	if (breath.exhale < range.exhale.min) issues.push('exhale-short');
	else if (breath.exhale > range.exhale.max) issues.push('exhale-long');
	// A pattern with a pause after the exhale (box breathing) can miss it; 5-1-4 has none to miss.
	if (range.pause.min > 0 && breath.pause < range.pause.min) issues.push('pause-short');
	else if (breath.pause > range.pause.max) issues.push('pause-after-exhale');
	if (typicalDepth > 0 && breath.depth < pattern.shallowFraction * typicalDepth) issues.push('shallow');
	breath.issues = issues;
	breath.ok = issues.length === 0;
	return breath;
}
