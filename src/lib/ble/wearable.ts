/**
 * A connected wearable: one GATT link, the driver for its kind, and the reconnection loop.
 * It turns the device into timestamped sample chunks on the session clock and keeps going by
 * itself when the link drops: everything received is kept, the UI hears a calm status, and the
 * span while the device was away is simply absent from the chunks.
 */
import type { SampleChunk } from '$lib/core/types';
import type { Driver, DriverContext, Readings, StreamNotice } from './drivers/driver';
import { KINDS, type BluetoothKind, type DriverOptions, type WearableKind } from './kinds';
import { attemptLink, type GattLink } from './link';
import { Reconnector, type ReconnectState } from './reconnect';
import { withTimeout } from './timeout';

export type WearableStatus = 'connecting' | 'streaming' | 'reconnecting' | 'stopped';

/**
 * What the app sees of any wearable, Bluetooth or the phone itself: its status, readings and
 * notices, and the few things the person can ask of it. `Wearable` (below) and `PhoneWearable`
 * (phone.ts) implement it.
 */
export interface WearableHandle {
	readonly id: string;
	readonly name: string;
	readonly kind: WearableKind;
	readonly status: WearableStatus;
	readonly readings: Readings;
	/** Session time (s) of the newest heart-rate reading. */
	readonly heartRateAt: number | null;
	/** A calm one-liner about the connection while it is not right, else null. */
	readonly notice: string | null;
	/** A problem with the measurements (refused, stopped, the phone badly placed), else null. */
	readonly streamNotice: StreamNotice | null;
	/** Times the stream (re)started: more than at the last sample means the device was away. */
	readonly connects: number;
	readonly skippedPackets: number;
	start(): Promise<void>;
	stop(): Promise<void>;
	retry(): void;
	restartStreams(): Promise<void>;
	/** Switch off for good (a simulated device's timers). */
	dispose(): void;
}

export interface WearableListener<W = WearableHandle> {
	chunk(chunk: SampleChunk, from: W): void;
	/** Status, readings, notices or the skipped-packet count changed. */
	change(from: W): void;
}

export interface WearableOptions extends DriverOptions {
	/** Session clock, seconds. */
	now: () => number;
	/** For tests: reconnection timing. */
	giveUpAfterMs?: number;
	/** The first connection (connect plus setup) counts as failed after this long (default 20 s). */
	firstConnectTimeoutMs?: number;
}

export type { StreamNotice };

export function driverFor(kind: BluetoothKind, options: DriverOptions = {}): Driver {
	return KINDS[kind].createDriver(options);
}

/** "Strap", "Belt", "Phone": the kind's noun, capitalised to start a calm status line. */
export function wearableNoun(kind: WearableKind): string {
	const noun = KINDS[kind].noun;
	return noun[0].toUpperCase() + noun.slice(1);
}

export class Wearable implements WearableHandle {
	status: WearableStatus = 'connecting';
	readings: Readings = { heartRate: null, battery: null, location: null };
	/** Session time (s) of the newest heart-rate reading, so a stale one can say how old it is. */
	heartRateAt: number | null = null;
	/** A calm one-liner about the connection while it is not right (out of reach…), else null. */
	notice: string | null = null;
	/** A problem with the device's measurements (refused to start, stopped one), else null. */
	streamNotice: StreamNotice | null = null;
	reconnect: ReconnectState | null = null;
	/** Connections made (1 after pairing, +1 per reconnect). */
	connects = 0;
	drops = 0;
	/** Packets that could not be decoded and were skipped (nothing else is lost), and the last reason. */
	skippedPackets = 0;
	lastSkipReason: string | null = null;
	private readonly driver: Driver;
	private readonly reconnector: Reconnector;
	/** For deliberate stops: the real link, not bound to any one attempt. */
	private readonly ctx: DriverContext;
	private readonly firstConnectTimeoutMs: number;
	private deliberate = false;
	/** Numbers connection attempts: only the newest may tidy up the link after failing. */
	private attemptSeq = 0;
	/** The first connection while it runs, so stop() can abandon it. */
	private firstAttempt: AbortController | null = null;

	constructor(
		readonly link: GattLink,
		readonly kind: BluetoothKind,
		private readonly listener: WearableListener<Wearable>,
		private readonly options: WearableOptions,
		driver?: Driver
	) {
		this.driver = driver ?? driverFor(kind, options);
		this.firstConnectTimeoutMs = options.firstConnectTimeoutMs ?? 20_000;
		this.ctx = this.context(link, null);
		this.reconnector = new Reconnector({
			connect: (signal) => this.connectOnce(signal),
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
		const attempt = new AbortController();
		this.firstAttempt = attempt;
		try {
			await withTimeout(this.connectOnce(attempt.signal), this.firstConnectTimeoutMs, 'connecting');
		} catch (e) {
			attempt.abort();
			this.set('stopped', null);
			throw e;
		} finally {
			this.firstAttempt = null;
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

	/**
	 * Start the device's measurements again (it refused or stopped one). A fresh connection runs
	 * the whole setup again, which is the one way every device restarts cleanly.
	 */
	async restartStreams(): Promise<void> {
		if (this.status !== 'streaming') return this.retry();
		// Not 'streaming' any more, so the drop below is not mistaken for losing the device.
		this.set('reconnecting', `Starting the ${wearableNoun(this.kind).toLowerCase()} again…`);
		this.streamNotice = null;
		try {
			await this.driver.stop(this.ctx);
		} catch {
			// Best effort; the setup below starts everything anew.
		}
		if (this.deliberate) return; // forgotten meanwhile
		this.link.disconnect();
		this.reconnector.linkLost('restarting the measurements');
	}

	/** Switch the link off for good (a simulated device stops its timers; a real one has none). */
	dispose(): void {
		this.link.dispose?.();
	}

	/** Stop streams on the device and disconnect on purpose; no reconnection. */
	async stop(): Promise<void> {
		this.deliberate = true;
		this.reconnector.stop();
		this.firstAttempt?.abort();
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

	/** The driver's view of the device; bound to one attempt when `signal` is given. */
	private context(link: GattLink, signal: AbortSignal | null): DriverContext {
		const live = () => !signal?.aborted;
		return {
			link,
			now: this.options.now,
			emit: (chunk) => {
				if (live()) this.listener.chunk(chunk, this);
			},
			readings: (patch) => {
				if (!live()) return;
				this.readings = { ...this.readings, ...patch };
				if (patch.heartRate !== undefined) this.heartRateAt = this.options.now();
				this.listener.change(this);
			},
			skipPacket: (reason) => {
				if (!live()) return;
				this.skippedPackets++;
				this.lastSkipReason = reason;
				this.listener.change(this);
			},
			notice: (notice) => {
				if (!live()) return;
				this.streamNotice = notice;
				this.listener.change(this);
			}
		};
	}

	/**
	 * One connection and driver setup. If `signal` aborts (timed out, stopped, replaced) the
	 * half-made connection is dropped at once and every later step of this attempt fails, so it
	 * can never subscribe after the next attempt has.
	 */
	private async connectOnce(signal: AbortSignal): Promise<void> {
		const seq = ++this.attemptSeq;
		const link = attemptLink(this.link, signal);
		const tidy = () => {
			// A newer attempt owns the link now; leave it alone. Otherwise close what we opened.
			if (this.link.connected && (seq === this.attemptSeq || this.deliberate)) this.link.disconnect();
		};
		signal.addEventListener('abort', tidy, { once: true });
		try {
			signal.throwIfAborted();
			this.streamNotice = null;
			await link.connect();
			await this.driver.start(this.context(link, signal));
			signal.throwIfAborted();
			if (!this.link.connected) throw new DOMException('The link dropped during setup.', 'NetworkError');
		} catch (e) {
			tidy();
			throw e;
		} finally {
			signal.removeEventListener('abort', tidy);
		}
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
