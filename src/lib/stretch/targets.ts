/**
 * Each exercise has its own hold and rest targets; the engine judges a short hold or a skipped
 * rest against those of the exercise running. This follows the programme and tells the engine
 * when the exercise, and so the targets, change.
 */
import type { StretchTargets } from '$workers/engine-api';
import type { ProgrammeItem } from './programme';

export function targetsOf(item: ProgrammeItem): StretchTargets {
	return { holdSeconds: item.holdSeconds, restSeconds: item.restSeconds };
}

export class TargetsFollower {
	private last: StretchTargets;

	constructor(
		/** The exercise the programme is on when the engine starts. */
		start: ProgrammeItem,
		private readonly send: (targets: StretchTargets) => void
	) {
		this.last = targetsOf(start);
	}

	/** The targets the engine judges by now (what a fresh engine starts with). */
	get current(): StretchTargets {
		return this.last;
	}

	/** A phase of `item` began: new targets are sent once; the same ones are not sent again. */
	follow(item: ProgrammeItem): void {
		const next = targetsOf(item);
		if (next.holdSeconds === this.last.holdSeconds && next.restSeconds === this.last.restSeconds) return;
		this.last = next;
		this.send(next);
	}
}
