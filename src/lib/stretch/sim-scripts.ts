/**
 * Simulated chest straps for the stretch programme (`/stretch?sim=…`): a person who bends and
 * rolls on a script from the moment the strap connects, breathing 5-1-4 with the mistakes a
 * stretch brings out.
 */
import type { SimScript } from '$lib/ble/simulated';

const FIVE_ONE_FOUR = { inhale: 5, hold: 1, exhale: 4, pause: 0 };

export const STRETCH_SIM_SCRIPTS: Record<string, SimScript> = {
	/**
	 * For 25 s holds and 10 s rests: still for 20 s, then a good hold with the breath held in it,
	 * a rest, a 3 s hold (too short), a rest, and a hold that goes straight into a deeper one (the
	 * rest skipped).
	 */
	mistakes: {
		pattern: FIVE_ONE_FOUR,
		mistakes: [{ breath: 2, hold: 20 }],
		posture: [
			{ angleDeg: 0, seconds: 20 },
			{ angleDeg: 35, seconds: 22 },
			{ angleDeg: 0, seconds: 8 },
			{ angleDeg: 35, seconds: 3 },
			{ angleDeg: 0, seconds: 20 },
			{ angleDeg: 30, seconds: 10 },
			{ angleDeg: 60, seconds: 14 },
			{ angleDeg: 0, seconds: 60 }
		]
	},
	/** Lying twists done well: rolls of 30° for 30 s with 30 s rests. */
	twists: {
		pattern: FIVE_ONE_FOUR,
		posture: [
			{ angleDeg: 0, seconds: 20 },
			...Array.from({ length: 3 }, () => [
				{ angleDeg: 30, azimuthDeg: 90, seconds: 28, rampSeconds: 3 },
				{ angleDeg: 0, seconds: 27, rampSeconds: 3 }
			]).flat()
		]
	}
};

/** The script for `?sim=`: a stretch script by name, else the well-done twists. */
export function stretchSimScript(name: string | null): SimScript {
	return (name && STRETCH_SIM_SCRIPTS[name]) || STRETCH_SIM_SCRIPTS.twists;
}
