/** The one timeout helper of the device layer (driver commands and reconnection attempts). */

export interface Timers {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
};

/**
 * A promise that rejects with a TimeoutError after `ms` (a GATT reply that never comes must not
 * hang setup). It only stops waiting: whoever started the work must stop it too (see the abort
 * signal a reconnection attempt gets).
 */
export function withTimeout<T>(
	p: Promise<T>,
	ms: number,
	what: string,
	timers: Timers = realTimers
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const h = timers.setTimeout(() => reject(new DOMException(`${what} timed out`, 'TimeoutError')), ms);
		p.then(
			(v) => {
				timers.clearTimeout(h);
				resolve(v);
			},
			(e: unknown) => {
				timers.clearTimeout(h);
				reject(e);
			}
		);
	});
}
