/**
 * Pacer timing. Where the pacer is is always computed from the time since it started, never by
 * adding up ticks, so late or irregular ticks (a busy phone, a background tab) cannot make it
 * drift: after ten minutes a cue is due exactly when the plan says. Pure: the caller passes the
 * time (seconds on the session clock).
 */
import type { PacerPhase } from '../session/format';
import { cycleSeconds, type PacerPlan } from './plan';

export interface PacerPosition {
	part: 'calibration' | 'guided';
	phase: PacerPhase;
	/** Segment index, cycle within it and step within the cycle. */
	segment: number;
	cycle: number;
	step: number;
	/** Session time the current step began and ends. */
	start: number;
	end: number;
	seconds: number;
	/** 0 at the step's start, 1 at its end. */
	progress: number;
	/** Whole seconds left, for a countdown ("3, 2, 1"). */
	countdown: number;
}

/** A step the pacer began: send it to the engine, play its sound, write it to the log. */
export interface PacerCue {
	t: number;
	phase: PacerPhase;
	seconds: number;
	part: 'calibration' | 'guided';
}

export class PacerTimer {
	private readonly cycleLengths: number[];
	private nextCueT: number;

	constructor(
		readonly plan: PacerPlan,
		/** Session time of the first step. */
		readonly startT: number
	) {
		this.cycleLengths = plan.segments.map((s) => cycleSeconds(s.steps));
		this.nextCueT = startT;
	}

	/** Where the plan is at `t`, or null once it is over. */
	at(t: number): PacerPosition | null {
		let base = this.startT;
		for (let si = 0; si < this.plan.segments.length; si++) {
			const seg = this.plan.segments[si];
			const len = this.cycleLengths[si];
			const segEnd = seg.cycles === null ? Infinity : base + seg.cycles * len;
			if (t < segEnd || seg.cycles === null) {
				const since = Math.max(0, t - base);
				const cycle = Math.floor(since / len);
				const cycleStart = base + cycle * len;
				let stepStart = cycleStart;
				for (let k = 0; k < seg.steps.length; k++) {
					const s = seg.steps[k];
					const stepEnd = stepStart + s.seconds;
					if (t < stepEnd || k === seg.steps.length - 1) {
						const left = Math.max(0, stepEnd - t);
						return {
							part: seg.part,
							phase: s.phase,
							segment: si,
							cycle,
							step: k,
							start: stepStart,
							end: stepEnd,
							seconds: s.seconds,
							progress: Math.min(1, Math.max(0, (t - stepStart) / s.seconds)),
							countdown: Math.max(1, Math.ceil(left - 1e-9))
						};
					}
					stepStart = stepEnd;
				}
			}
			base = segEnd;
		}
		return null;
	}

	/** When the plan ends (session time), or null for an open-ended one. */
	get endT(): number | null {
		let total = this.startT;
		for (let i = 0; i < this.plan.segments.length; i++) {
			const c = this.plan.segments[i].cycles;
			if (c === null) return null;
			total += c * this.cycleLengths[i];
		}
		return total;
	}

	/**
	 * The cues due up to `t` that were not reported yet, each with its planned time (not the time
	 * of the tick that noticed it). A tick that comes late reports every step it missed.
	 */
	cuesUntil(t: number): PacerCue[] {
		const out: PacerCue[] = [];
		while (this.nextCueT <= t) {
			// A hair past the boundary, so rounding cannot land back in the step just reported.
			const pos = this.at(this.nextCueT + 1e-6);
			if (!pos || (this.endT !== null && pos.start >= this.endT - 1e-6)) {
				this.nextCueT = Infinity;
				break;
			}
			out.push({ t: pos.start, phase: pos.phase, seconds: pos.seconds, part: pos.part });
			this.nextCueT = pos.end;
		}
		return out;
	}

	/** Session time of the next cue not yet reported (Infinity when the plan is over). */
	get nextCue(): number {
		return this.nextCueT;
	}
}
