/**
 * The simulated wearable's phone mode: a phone on a breathing chest (core/simulate/phone.ts)
 * delivering rounded motion readings at about 60 Hz with jitter and the odd bump, through the same
 * `PhoneWearable` and adapter as the real phone. Script drop-outs and disconnections both stop the
 * readings for their span, as a locked screen would.
 */
import { PhoneMotionSim } from '$lib/core/simulate/phone';
import { patternBreaths } from '$lib/core/simulate/breathing';
import { seededRandom } from '$lib/core/simulate/random';
import type { MotionReading } from '$lib/core/protocols/motion';
import type { MotionPermission, MotionSource } from './phone';
import { DEFAULT_SIM_SCRIPT, type SimScript } from './simulated';

/** A bump, on average, this often (s): the person shifts on the floor now and then. */
const BUMP_EVERY_S = 45;

export class SimulatedMotionSource implements MotionSource {
	private readonly sim: PhoneMotionSim;
	private readonly startedAt: number;
	private timer: ReturnType<typeof setInterval> | null = null;
	private pending: MotionReading;

	/** `now`: session clock, seconds; readings are placed on it from the moment this is made. */
	constructor(
		private readonly script: SimScript = DEFAULT_SIM_SCRIPT,
		private readonly now: () => number
	) {
		const random = seededRandom((script.seed ?? 7) + 1);
		const bumps: number[] = [];
		for (let t = 20 + random() * BUMP_EVERY_S; t < 3600; t += BUMP_EVERY_S * (0.5 + random())) bumps.push(t);
		const p = script.pattern ?? DEFAULT_SIM_SCRIPT.pattern!;
		const breaths = patternBreaths(p, 400);
		for (const m of script.mistakes ?? []) if (breaths[m.breath]) Object.assign(breaths[m.breath], m);
		this.sim = new PhoneMotionSim({ breaths, bumps, seed: script.seed ?? 7 });
		this.startedAt = now();
		this.pending = this.sim.next();
	}

	async requestPermission(): Promise<MotionPermission> {
		return 'granted';
	}

	listen(onReading: (r: MotionReading) => void): () => void {
		this.timer ??= setInterval(() => {
			const elapsed = this.now() - this.startedAt;
			// Readings never run ahead of the clock; those older than a moment (the tab slept) are
			// skipped, as a phone's events stop while its page is hidden.
			while (this.pending.t <= elapsed) {
				const r = this.pending;
				this.pending = this.sim.next();
				if (elapsed - r.t > 1 || this.silent(r.t)) continue;
				onReading({ ...r, t: r.t + this.startedAt });
			}
		}, 50);
		return () => this.dispose();
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	private silent(t: number): boolean {
		return (this.script.events ?? []).some((e) => t >= e.at && t < e.at + e.seconds);
	}
}
