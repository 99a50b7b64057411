/**
 * The running pacer for a page: where the plan is now (for the shape, the words and the
 * countdown), the cues it gives as each step starts, and a throttled screen-reader line. It wakes
 * only at step boundaries and once a second for the countdown; the shape moves by a CSS
 * transition, so no script runs per frame. Shared by breathing sessions and stretch programmes.
 */
import { Announcer } from '$lib/core/pacer/announce';
import { PacerTimer, type PacerCue, type PacerPosition } from '$lib/core/pacer/pacer';
import type { PacerPlan } from '$lib/core/pacer/plan';
import { phaseWords } from '$lib/core/pacer/words';

export class PacerState {
	position = $state<PacerPosition | null>(null);
	/** For an aria-live region: changes only when a step should be announced. */
	announcement = $state('');
	running = $state(false);
	private timer: PacerTimer | null = null;
	private handle: ReturnType<typeof setTimeout> | null = null;
	private announcer = new Announcer();

	constructor(
		/** Session time, seconds. */
		private readonly clock: () => number,
		private readonly onCue: (cue: PacerCue) => void,
		/** The plan ran to its end. */
		private readonly onEnd: () => void = () => {}
	) {}

	get endT(): number | null {
		return this.timer?.endT ?? null;
	}

	start(plan: PacerPlan, startT = this.clock()): void {
		this.stop();
		this.timer = new PacerTimer(plan, startT);
		this.announcer = new Announcer();
		this.running = true;
		this.tick();
	}

	stop(): void {
		if (this.handle !== null) clearTimeout(this.handle);
		this.handle = null;
		this.running = false;
	}

	private tick(): void {
		const timer = this.timer;
		if (!timer || !this.running) return;
		const now = this.clock();
		const cues = timer.cuesUntil(now);
		for (const cue of cues) this.onCue(cue);
		const last = cues.at(-1);
		if (last) {
			const said = this.announcer.next(last.t, last.seconds, phaseWords(last.phase));
			if (said) this.announcement = said;
		}
		this.position = timer.at(now);
		if (!this.position) {
			this.running = false;
			this.onEnd();
			return;
		}
		// Wake at the next whole second of the countdown or the next step, whichever is first.
		const left = this.position.end - now;
		const toSecond = left - Math.floor(left - 1e-6);
		const wait = Math.min(toSecond, timer.nextCue - now);
		this.handle = setTimeout(() => this.tick(), Math.max(20, wait * 1000 + 5));
	}
}
