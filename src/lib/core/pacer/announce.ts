/**
 * Screen-reader announcements of the pacer's steps, without flooding: a step is announced only
 * when it lasts long enough to be heard out, and never sooner than `minGapS` after the previous
 * announcement. The countdown itself is never announced (it is on screen, and in the sound cues).
 */
export class Announcer {
	private lastAt = -Infinity;

	constructor(
		private readonly minGapS = 2.5,
		private readonly minStepS = 1.5
	) {}

	/** The words to announce for a step starting at `t`, or null to stay quiet. */
	next(t: number, stepSeconds: number, words: string): string | null {
		if (stepSeconds < this.minStepS || t - this.lastAt < this.minGapS) return null;
		this.lastAt = t;
		return words;
	}
}
