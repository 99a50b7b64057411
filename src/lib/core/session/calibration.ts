/**
 * Calibration from the first breaths, led by the pacer ("breathe in… breathe out"): because Tidal
 * said when to breathe in, the signal's own movement during those cues tells which way it goes on
 * an inhale (polarity), where it rests (neutral) and how far a natural breath moves it (depth).
 * Used to draw the signal the right way up against the target. Pure.
 */
import type { PacerPhase } from './format';

export interface CalibrationResult {
	/** +1: the signal rises on an inhale; -1: it falls; null: it could not tell (no signal). */
	polarity: 1 | -1 | null;
	/** Resting level (where natural breaths out end), in the signal's unit. */
	neutral: number | null;
	/** Median top-to-bottom of the calibration breaths, in the signal's unit. */
	depth: number | null;
	/** Inhale/exhale cues that agreed with the polarity, of those with signal. */
	agreeing: number;
	voting: number;
}

export class Calibration {
	private t: number[] = [];
	private v: number[] = [];
	private cues: { t: number; phase: PacerPhase; seconds: number }[] = [];

	addPoints(t: readonly number[], v: readonly number[]): void {
		for (let i = 0; i < t.length; i++) {
			if (Number.isFinite(v[i])) {
				this.t.push(t[i]);
				this.v.push(v[i]);
			}
		}
	}

	addCue(t: number, phase: PacerPhase, seconds: number): void {
		this.cues.push({ t, phase, seconds });
	}

	result(): CalibrationResult {
		const votes: number[] = [];
		/** The level at the end of each breath out: where the signal rests. */
		const rests: number[] = [];
		for (const cue of this.cues) {
			if (cue.phase !== 'inhale' && cue.phase !== 'exhale') continue;
			// Compare the step's last second to its first half-second: people start late, not early.
			const start = this.mean(cue.t, cue.t + 0.5);
			const end = this.mean(cue.t + cue.seconds - 1, cue.t + cue.seconds + 0.3);
			if (start === null || end === null) continue;
			const rise = end - start;
			votes.push(cue.phase === 'inhale' ? rise : -rise);
			if (cue.phase === 'exhale') rests.push(end);
		}
		const total = votes.reduce((s, x) => s + x, 0);
		const polarity = votes.length === 0 || total === 0 ? null : total > 0 ? 1 : -1;
		const agreeing = polarity === null ? 0 : votes.filter((x) => Math.sign(x) === polarity).length;
		const depths = votes.map((x) => Math.abs(x));
		const neutral = polarity === null ? null : median(rests);
		return {
			polarity,
			neutral,
			depth: depths.length ? median(depths) : null,
			agreeing,
			voting: votes.length
		};
	}

	private mean(from: number, to: number): number | null {
		let s = 0;
		let n = 0;
		for (let i = 0; i < this.t.length; i++) {
			if (this.t[i] >= from && this.t[i] < to) {
				s += this.v[i];
				n++;
			}
		}
		return n ? s / n : null;
	}
}

function median(xs: number[]): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
