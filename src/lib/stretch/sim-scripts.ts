/**
 * Simulated chest straps for the stretch programme (`/stretch?sim=…`): a person who bends and
 * rolls on a script from the moment the strap connects, breathing 5-1-4 with the mistakes a
 * stretch brings out.
 */
import type { SimScript } from '$lib/ble/simulated';
import { STRETCH_POSTURES } from '$lib/core/simulate/stretch-postures';

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
		posture: STRETCH_POSTURES.mistakes
	},
	/** Lying twists done well: rolls of 30° for 30 s with 30 s rests. */
	twists: {
		pattern: FIVE_ONE_FOUR,
		posture: STRETCH_POSTURES.twists
	}
};

/** The script for `?sim=`: a stretch script by name, else the well-done twists. */
export function stretchSimScript(name: string | null): SimScript {
	return (name && STRETCH_SIM_SCRIPTS[name]) || STRETCH_SIM_SCRIPTS.twists;
}
