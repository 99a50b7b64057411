/**
 * Simulated-wearable scripts for `/session?sim=…`: every script `/pair?sim=…` accepts, plus
 * sessions with mistakes. The simulated person breathes with the guide from Start (calibration
 * first, 27 s), so breath numbers count the guided breaths after calibration.
 */
import { parseSimScript, type SimScript } from '$lib/ble/simulated';

const FIVE_ONE_FOUR = { inhale: 5, hold: 1, exhale: 4, pause: 0 };

export const SESSION_SIM_SCRIPTS: Record<string, SimScript> = {
	/** Pauses after breathing out (guided breaths 2–4), then short breaths in (6–8). */
	mistakes: {
		pattern: FIVE_ONE_FOUR,
		mistakes: [
			{ breath: 2, pause: 3 },
			{ breath: 3, pause: 3 },
			{ breath: 4, pause: 3 },
			{ breath: 6, inhale: 2.5 },
			{ breath: 7, inhale: 2.5 },
			{ breath: 8, inhale: 2.5 }
		]
	}
};

export function sessionSimScript(text: string | null): SimScript {
	return (text && SESSION_SIM_SCRIPTS[text]) || parseSimScript(text);
}
