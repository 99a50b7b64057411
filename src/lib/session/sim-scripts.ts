/**
 * Simulated-wearable scripts for `/session?sim=…`: every script `/pair?sim=…` accepts, plus
 * sessions with mistakes made after calibration (the simulated person starts breathing when the
 * wearable connects; calibration takes the first 27 s of a session).
 */
import { parseSimScript, type SimScript } from '$lib/ble/simulated';

const FIVE_ONE_FOUR = { inhale: 5, hold: 1, exhale: 4, pause: 0 };

export const SESSION_SIM_SCRIPTS: Record<string, SimScript> = {
	/** Pauses after breathing out (breaths 5–7), then short breaths in (10–12). */
	mistakes: {
		pattern: FIVE_ONE_FOUR,
		mistakes: [
			{ breath: 5, pause: 3 },
			{ breath: 6, pause: 3 },
			{ breath: 7, pause: 3 },
			{ breath: 10, inhale: 2.5 },
			{ breath: 11, inhale: 2.5 },
			{ breath: 12, inhale: 2.5 }
		]
	}
};

export function sessionSimScript(text: string | null): SimScript {
	return (text && SESSION_SIM_SCRIPTS[text]) || parseSimScript(text);
}
