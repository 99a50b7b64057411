/**
 * Posture → stretch holds and the rests between them, from the gravity direction the chest
 * accelerometer sees. Fed by `ChestMotion` at its internal rate with the 0.1 Hz gravity unit
 * vector ĝ and whether the wearer is still; emits `stretch-*` events.
 *
 * - neutral ĝ₀: captured once the wearer has been still for a moment after the start (or a gap),
 *   then slowly re-learnt while still and near it, so a slow drift of the resting posture (or
 *   of the strap) does not build up into a false bend.
 * - hold: the angle from ĝ₀ above HOLD_ENTER_DEG for CONFIRM_SECONDS; it ends when the angle is
 *   back under HOLD_EXIT_DEG for CONFIRM_SECONDS, which opens a rest.
 * - split: a second bend without going back to neutral (ĝ leaves the hold's own posture by
 *   SPLIT_DEG and settles there) closes the hold and opens the next one; the skipped rest is
 *   reported with zero-ish length so the review can flag it.
 * Event times are moved back by the gravity low-pass delay, so they mark when the body moved.
 */
import type { EngineEvent, StretchIssue } from '../types';

/** What the motion side knows about the wearer at this sample. */
export interface MotionState {
	/** No motion flagged (motion quality is not 'motion'). */
	still: boolean;
	/** Past the settling time after the start or a gap, so ĝ is trustworthy. */
	settled: boolean;
	/** Time the current still period began (block time). */
	stillSince: number;
}

const HOLD_ENTER_DEG = 15;
const HOLD_EXIT_DEG = 10;
const CONFIRM_SECONDS = 2;
const SPLIT_DEG = 12;
const HOLD_REF_TAU_SECONDS = 5;
const NEUTRAL_STILL_SECONDS = 2;
const RELEARN_DEG = 8;
const RELEARN_STILL_SECONDS = 10;
const RELEARN_TAU_SECONDS = 30;
/** A hold or rest shorter than this fraction of its target is flagged. */
const SHORT_FRACTION = 0.75;

const DEG = Math.PI / 180;
const COS_ENTER = Math.cos(HOLD_ENTER_DEG * DEG);
const COS_EXIT = Math.cos(HOLD_EXIT_DEG * DEG);
const COS_SPLIT = Math.cos(SPLIT_DEG * DEG);
const COS_RELEARN = Math.cos(RELEARN_DEG * DEG);

export class StretchTracker {
	private gravityDelay = 0;
	private calmSeconds = 0;
	private kHoldRef = 0;
	private kRelearn = 0;
	/** Time events are emitted at (`at`): the latest input time when the sample was fed. */
	private at = 0;

	private hasNeutral = false;
	private n0X = 0;
	private n0Y = 0;
	private n0Z = 1;
	private inHold = false;
	private holdStart = 0;
	private holdMinCos = 1;
	private holdIssues: StretchIssue[] = [];
	private holdRefX = 0;
	private holdRefY = 0;
	private holdRefZ = 1;
	private enterCand = -1;
	private exitCand = -1;
	private splitCand = -1;
	private restOpen = false;
	private restStart = 0;

	constructor(
		private readonly emit: (e: EngineEvent) => void,
		private readonly targets: { holdSeconds: number; restSeconds: number }
	) {}

	/**
	 * Sample rate of `sample()` calls, the delay of the gravity low-pass (event times are moved back
	 * by it) and how long the motion side waits in calm before it calls the wearer still again.
	 */
	configure(rate: number, gravityDelay: number, calmSeconds: number): void {
		const dt = 1 / rate;
		this.gravityDelay = gravityDelay;
		this.calmSeconds = calmSeconds;
		this.kHoldRef = 1 - Math.exp(-dt / HOLD_REF_TAU_SECONDS);
		this.kRelearn = 1 - Math.exp(-dt / RELEARN_TAU_SECONDS);
	}

	/** The gravity estimate restarts (start, gap, re-tune): pending enter/exit/split decisions are void. */
	restart(): void {
		this.enterCand = this.exitCand = this.splitCand = -1;
	}

	/** No data from `start` to `end`: an open hold ends at `start`, an open rest is dropped, ĝ₀ is re-captured. */
	gap(start: number, end: number): void {
		if (this.inHold) this.closeHold(start, end);
		this.restOpen = false;
		this.hasNeutral = false;
	}

	/** End of the session at time `at`: an open hold is closed and reported; an open rest is not. */
	finish(at: number): void {
		if (this.inHold) this.closeHold(at, at);
		this.restOpen = false;
	}

	/** Breathing trouble seen during an open hold (ignored when no hold is open). */
	noteBreathDuringHold(kind: 'breath-held' | 'fast-breathing'): void {
		if (this.inHold && !this.holdIssues.includes(kind)) this.holdIssues.push(kind);
	}

	sample(t: number, at: number, ux: number, uy: number, uz: number, motion: MotionState): void {
		this.at = at;
		const tc = t - this.gravityDelay;
		const { still, settled, stillSince } = motion;
		if (!this.hasNeutral) {
			if (still && settled && t - stillSince >= NEUTRAL_STILL_SECONDS) {
				this.n0X = ux;
				this.n0Y = uy;
				this.n0Z = uz;
				this.hasNeutral = true;
			}
			return;
		}
		const cosA = ux * this.n0X + uy * this.n0Y + uz * this.n0Z;
		if (!this.inHold) {
			if (cosA < COS_ENTER) {
				if (this.enterCand < 0) this.enterCand = tc;
				if (tc - this.enterCand >= CONFIRM_SECONDS) this.openHold(this.enterCand, ux, uy, uz);
			} else {
				this.enterCand = -1;
				if (still && cosA > COS_RELEARN && t - stillSince >= RELEARN_STILL_SECONDS) {
					const k = this.kRelearn;
					const x = this.n0X + k * (ux - this.n0X);
					const y = this.n0Y + k * (uy - this.n0Y);
					const z = this.n0Z + k * (uz - this.n0Z);
					const n = Math.sqrt(x * x + y * y + z * z);
					this.n0X = x / n;
					this.n0Y = y / n;
					this.n0Z = z / n;
				}
			}
			return;
		}
		if (cosA < this.holdMinCos) this.holdMinCos = cosA;
		// Leaving the hold: below the exit angle for CONFIRM_SECONDS.
		if (cosA > COS_EXIT) {
			if (this.exitCand < 0) this.exitCand = tc;
			if (tc - this.exitCand >= CONFIRM_SECONDS) {
				const end = this.exitCand;
				this.closeHold(end, this.at);
				this.restOpen = true;
				this.restStart = end;
				this.emit({ type: 'stretch-rest-start', t: end, at: this.at });
			}
			return;
		}
		this.exitCand = -1;
		// A second bend without returning to neutral: the posture leaves the hold's own posture.
		const cosH = ux * this.holdRefX + uy * this.holdRefY + uz * this.holdRefZ;
		if (cosH < COS_SPLIT) {
			if (this.splitCand < 0) this.splitCand = tc;
			if (still && t - stillSince >= CONFIRM_SECONDS && cosA < COS_ENTER) {
				// Settled in a new bent posture: close the first hold, report the (skipped) rest.
				const end = this.splitCand;
				const next = Math.max(end, stillSince - this.calmSeconds - this.gravityDelay);
				this.closeHold(end, this.at);
				this.emit({ type: 'stretch-rest-start', t: end, at: this.at });
				this.restOpen = true;
				this.restStart = end;
				this.openHold(next, ux, uy, uz);
			}
		} else {
			this.splitCand = -1;
			if (still) {
				const k = this.kHoldRef;
				const x = this.holdRefX + k * (ux - this.holdRefX);
				const y = this.holdRefY + k * (uy - this.holdRefY);
				const z = this.holdRefZ + k * (uz - this.holdRefZ);
				const n = Math.sqrt(x * x + y * y + z * z);
				this.holdRefX = x / n;
				this.holdRefY = y / n;
				this.holdRefZ = z / n;
			}
		}
	}

	private openHold(start: number, ux: number, uy: number, uz: number): void {
		if (this.restOpen) {
			const dur = start - this.restStart;
			this.emit({
				type: 'stretch-rest',
				rest: { start: this.restStart, end: start, ok: dur >= SHORT_FRACTION * this.targets.restSeconds },
				at: this.at
			});
			this.restOpen = false;
		}
		this.inHold = true;
		this.holdStart = start;
		this.holdMinCos = ux * this.n0X + uy * this.n0Y + uz * this.n0Z;
		this.holdIssues = [];
		this.holdRefX = ux;
		this.holdRefY = uy;
		this.holdRefZ = uz;
		this.enterCand = this.exitCand = this.splitCand = -1;
		this.emit({ type: 'stretch-hold-start', t: start, at: this.at });
	}

	private closeHold(end: number, at: number): void {
		this.inHold = false;
		const issues = this.holdIssues;
		if (end - this.holdStart < SHORT_FRACTION * this.targets.holdSeconds) issues.unshift('hold-too-short');
		const angle = Math.acos(Math.max(-1, Math.min(1, this.holdMinCos))) / DEG;
		this.emit({
			type: 'stretch-hold',
			hold: { start: this.holdStart, end, ok: issues.length === 0, issues, angle },
			at
		});
		this.holdIssues = [];
		this.enterCand = this.exitCand = this.splitCand = -1;
	}
}
