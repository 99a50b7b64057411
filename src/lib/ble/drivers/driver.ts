import type { SampleChunk } from '$lib/core/types';
import type { GattLink } from '../link';

/** What a device shows besides its sample stream. */
export interface Readings {
	heartRate: number | null;
	battery: number | null;
	/** Body sensor location, e.g. "chest". */
	location: string | null;
}

export interface DriverContext {
	link: GattLink;
	/** Session clock, seconds. */
	now(): number;
	emit(chunk: SampleChunk): void;
	readings(patch: Partial<Readings>): void;
	/** Something odd arrived (a packet that did not decode); logged, never fatal. */
	warn(message: string): void;
}

/** Turns one kind of wearable into sample chunks. */
export interface Driver {
	/** Called after every (re)connection: check services, subscribe, start the streams. */
	start(ctx: DriverContext): Promise<void>;
	/** Called before a deliberate disconnect: stop the streams on the device. */
	stop(ctx: DriverContext): Promise<void>;
}

/** A promise that rejects after `ms` (a GATT reply that never comes must not hang setup). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const h = setTimeout(
			() => reject(Object.assign(new Error(`${what} timed out`), { name: 'TimeoutError' })),
			ms
		);
		p.then(
			(v) => {
				clearTimeout(h);
				resolve(v);
			},
			(e: unknown) => {
				clearTimeout(h);
				reject(e);
			}
		);
	});
}
