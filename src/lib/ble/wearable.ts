/**
 * A connected wearable: one GATT link, the driver for its kind, and the reconnection loop.
 * It turns the device into timestamped sample chunks on the session clock and keeps going by
 * itself when the link drops: everything received is kept, the UI hears a calm status, and the
 * span while the device was away is simply absent from the chunks.
 */
import type { SampleChunk } from '$lib/core/types';
import type { Driver, DriverContext, Readings } from './drivers/driver';
import { GdxBeltDriver, type GdxBeltOptions } from './drivers/gdx-belt';
import { HeartRateDriver } from './drivers/heart-rate';
import { PolarH10Driver, type PolarH10Options } from './drivers/polar-h10';
import type { WearableKind } from './kinds';
import type { GattLink } from './link';
import { Reconnector, type ReconnectState } from './reconnect';

export type WearableStatus = 'connecting' | 'streaming' | 'reconnecting' | 'stopped';

export interface WearableListener {
	chunk(chunk: SampleChunk, from: Wearable): void;
	/** Status, readings or notice changed. */
	change(from: Wearable): void;
	warn?(message: string, from: Wearable): void;
}

export interface WearableOptions {
	polar?: PolarH10Options;
	belt?: GdxBeltOptions;
	/** Session clock, seconds. */
	now: () => number;
	/** For tests: reconnection timing. */
	giveUpAfterMs?: number;
}

export function driverFor(kind: WearableKind, options: Pick<WearableOptions, 'polar' | 'belt'> = {}): Driver {
	if (kind === 'polar-h10') return new PolarH10Driver(options.polar);
	if (kind === 'gdx-belt') return new GdxBeltDriver(options.belt);
	return new HeartRateDriver();
}

/** "Strap" or "Belt", for calm status lines. */
export function wearableNoun(kind: WearableKind): string {
	return kind === 'gdx-belt' ? 'Belt' : 'Strap';
}

export class Wearable {
	status: WearableStatus = 'connecting';
	readings: Readings = { heartRate: null, battery: null, location: null };
	/** A calm one-liner for the UI while something is not right, else null. */
	notice: string | null = null;
	reconnect: ReconnectState | null = null;
	/** Connections made (1 after pairing, +1 per reconnect). */
	connects = 0;
	drops = 0;
	/** Packets that could not be decoded and were skipped (nothing else is lost), and the last reason. */
	skippedPackets = 0;
	lastSkipReason: string | null = null;
	private readonly driver: Driver;
	private readonly reconnector: Reconnector;
	private readonly ctx: DriverContext;
	private deliberate = false;

	constructor(
		readonly link: GattLink,
		readonly kind: WearableKind,
		private readonly listener: WearableListener,
		options: WearableOptions,
		driver?: Driver
	) {
		this.driver = driver ?? driverFor(kind, options);
		this.ctx = {
			link,
			now: options.now,
			emit: (chunk) => this.listener.chunk(chunk, this),
			readings: (patch) => {
				this.readings = { ...this.readings, ...patch };
				this.listener.change(this);
			},
			warn: (message) => {
				this.skippedPackets++;
				this.lastSkipReason = message;
				this.listener.warn?.(message, this);
				this.listener.change(this);
			}
		};
		this.reconnector = new Reconnector({
			connect: () => this.connectOnce(),
			onChange: (s) => this.onReconnectState(s),
			giveUpAfterMs: options.giveUpAfterMs
		});
		link.onDisconnected(() => this.onDrop());
	}

	get id(): string {
		return this.link.id;
	}
	get name(): string {
		return this.link.name;
	}

	/** First connection. Rejects with the Bluetooth error if it fails (the caller explains it). */
	async start(): Promise<void> {
		this.deliberate = false;
		this.set('connecting', null);
		try {
			await this.connectOnce();
		} catch (e) {
			this.set('stopped', null);
			throw e;
		}
		this.reconnector.markConnected();
		this.set('streaming', null);
		// The link may have dropped between setup and now; the drop event was ignored meanwhile.
		if (!this.link.connected) this.onDrop();
	}

	/** Try again now (after giving up, or when the person taps "Reconnect"). */
	retry(): void {
		this.deliberate = false;
		this.set('reconnecting', `${wearableNoun(this.kind)} out of reach — reconnecting…`);
		this.reconnector.retryNow();
	}

	/** Stop streams on the device and disconnect on purpose; no reconnection. */
	async stop(): Promise<void> {
		this.deliberate = true;
		this.reconnector.stop();
		if (this.link.connected) {
			try {
				await this.driver.stop(this.ctx);
			} catch {
				// The link may already be gone.
			}
		}
		this.link.disconnect();
		this.set('stopped', null);
	}

	private async connectOnce(): Promise<void> {
		await this.link.connect();
		try {
			await this.driver.start(this.ctx);
		} catch (e) {
			if (this.link.connected) this.link.disconnect();
			throw e;
		}
		if (!this.link.connected)
			throw Object.assign(new Error('The link dropped during setup.'), { name: 'NetworkError' });
		this.connects++;
	}

	private onDrop(): void {
		if (this.deliberate || this.status !== 'streaming') return;
		this.drops++;
		this.set('reconnecting', `${wearableNoun(this.kind)} out of reach — reconnecting…`);
		this.reconnector.linkLost('gattserverdisconnected');
	}

	private onReconnectState(s: ReconnectState): void {
		this.reconnect = s;
		if (this.deliberate) return;
		if (s.phase === 'connected' && this.status === 'reconnecting') {
			this.set('streaming', null);
			// Dropped again right after the reconnect (its event came while still reconnecting).
			if (!this.link.connected) this.onDrop();
		} else if (s.phase === 'given-up') {
			this.set(
				'stopped',
				`Lost touch with the ${wearableNoun(this.kind).toLowerCase()}. Everything so far is kept. Tap Reconnect when it is close.`
			);
		} else this.listener.change(this);
	}

	private set(status: WearableStatus, notice: string | null): void {
		this.status = status;
		this.notice = notice;
		this.listener.change(this);
	}
}
