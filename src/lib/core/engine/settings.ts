/**
 * Engine settings a person or a file can give, checked by one rule for the app (workers/engine-api)
 * and the offline analyzer (scripts/cli-args): a stretch hold or rest is a positive number of
 * seconds, at most ten minutes.
 */
export const MAX_STRETCH_SECONDS = 600;

/** Null when `value` is a valid hold or rest length, else one sentence naming `name`. */
export function stretchSecondsError(
	name: string,
	value: unknown,
	shown: string = String(value)
): string | null {
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		return `${name} needs a positive number of seconds, not "${shown}"`;
	}
	if (value > MAX_STRETCH_SECONDS) {
		return `${name} ${shown} is too large (at most ${MAX_STRETCH_SECONDS} seconds)`;
	}
	return null;
}
