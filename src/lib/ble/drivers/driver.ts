import type { SampleChunk } from '$lib/core/types';
import type { GattLink } from '../link';

/** What a device shows besides its sample stream. */
export interface Readings {
	heartRate: number | null;
	battery: number | null;
	/** Body sensor location, e.g. "chest". */
	location: string | null;
}

export interface StreamNotice {
	/** One calm sentence in the person's words. */
	message: string;
	/** Starting the device again may help (it refused or stopped a measurement). */
	canRetry: boolean;
	/** The device's own reason, for logs only. */
	detail?: string;
}

export interface DriverContext {
	link: GattLink;
	/** Session clock, seconds. */
	now(): number;
	emit(chunk: SampleChunk): void;
	readings(patch: Partial<Readings>): void;
	/** A packet (or reply) that did not decode: skipped and counted, never fatal. */
	skipPacket(reason: string): void;
	/**
	 * A stream problem the person should know about (the device refused to start a measurement,
	 * stopped one, or lacks it). Shown calmly on the device's card; `canRetry` offers "Try again".
	 */
	notice(notice: StreamNotice): void;
}

/** Turns one kind of wearable into sample chunks. */
export interface Driver {
	/** Called after every (re)connection: check services, subscribe, start the streams. */
	start(ctx: DriverContext): Promise<void>;
	/** Called before a deliberate disconnect: stop the streams on the device. */
	stop(ctx: DriverContext): Promise<void>;
}
