/**
 * "This phone" as a wearable: its own motion sensors, lying flat on the chest or belly. Asks for
 * motion access from the tap (iOS requires it), keeps the screen awake while measuring (motion
 * events stop while the screen is locked or the page hidden) and takes the wake lock again when
 * the page comes back. Readings go through `PhoneMotion` into the same `acc` chunks as a Polar
 * H10's, on the session clock. The browser parts are behind `MotionSource` and `PageLifecycle`,
 * so the simulated phone and the tests drive the very same class.
 */
import type { SampleChunk } from '$lib/core/types';
import { hasAcceleration, type MotionReading } from '$lib/core/protocols/motion';
import type { Readings, StreamNotice } from './drivers/driver';
import { WearableError } from './errors';
import { PhoneMotion, RESTART_AFTER_S, type Placement } from './phone-motion';
import type { WearableHandle, WearableListener, WearableStatus } from './wearable';

export type MotionPermission = 'granted' | 'denied';

/** Where motion readings come from: the browser's `devicemotion`, or the simulated phone. */
export interface MotionSource {
	/** Ask for motion access; call from a tap (iOS shows its prompt only then). */
	requestPermission(): Promise<MotionPermission>;
	/** Deliver readings (times on the session clock) until the returned function is called. */
	listen(onReading: (r: MotionReading) => void): () => void;
	/** Switch off for good (the simulated phone's timers). */
	dispose?(): void;
}

/** The page around the phone: is it visible, and the screen wake lock. */
export interface PageLifecycle {
	visible(): boolean;
	onVisibilityChange(fn: () => void): () => void;
	/** Keep the screen on; resolves to a release function, or null where it is not possible. */
	keepAwake(): Promise<(() => void) | null>;
}

export interface PhoneOptions {
	/** Session clock, seconds. */
	now: () => number;
	/** No usable reading this long after starting (ms) means no motion sensor (default 2500). */
	firstReadingTimeoutMs?: number;
	/** Visible, but no reading for this long (ms): say so (default 1500). */
	stalledAfterMs?: number;
}

const PLACEMENT_WORDS: Record<Exclude<Placement, 'ok'>, string> = {
	tilted:
		'The phone is tilted too far to follow your breathing. Lie back and rest it flat on your chest or belly, screen up.',
	moving: 'The phone is moving. Rest it flat on your chest or belly and keep still for a moment.'
};

/** While readings are missing, listen afresh this often (s). */
const RELISTEN_S = 2;

const STALLED =
	'No motion readings are coming in. Keep Tidal open with the screen on; measuring goes on by itself.';

export class PhoneWearable implements WearableHandle {
	readonly kind = 'phone' as const;
	status: WearableStatus = 'connecting';
	readonly readings: Readings = { heartRate: null, battery: null, location: 'chest' };
	readonly heartRateAt = null;
	readonly skippedPackets = 0;
	notice: string | null = null;
	streamNotice: StreamNotice | null = null;
	/** Starts of the stream: 1 when measuring began, +1 each time it resumed after the page was hidden. */
	connects = 0;
	private readonly adapter: PhoneMotion;
	private unlisten: (() => void) | null = null;
	private unwatchPage: (() => void) | null = null;
	private releaseWakeLock: (() => void) | null = null;
	private watchdog: ReturnType<typeof setInterval> | null = null;
	private lastReadingAt = -Infinity;
	private lastListenAt = -Infinity;
	private lastReadingT = -Infinity;
	/** The page was hidden since the last reading: the pause that follows is "away". */
	private hiddenSinceReading = false;
	private firstReading: (() => void) | null = null;
	private placement: Placement = 'ok';

	constructor(
		readonly id: string,
		readonly name: string,
		private readonly source: MotionSource,
		private readonly page: PageLifecycle,
		private readonly listener: WearableListener<PhoneWearable>,
		private readonly options: PhoneOptions
	) {
		this.adapter = new PhoneMotion((chunk: SampleChunk) => this.listener.chunk(chunk, this));
	}

	/**
	 * Ask for motion access and start measuring. Rejects with a WearableError the page explains:
	 * 'motion-denied', or 'no-motion-sensor' when no usable reading comes (a computer).
	 */
	async start(): Promise<void> {
		this.set('connecting', null);
		let permission: MotionPermission;
		try {
			permission = await this.source.requestPermission();
		} catch (e) {
			// iOS throws NotAllowedError when not called from a tap; either way, no access.
			permission = 'denied';
			console.info('[tidal] motion permission:', e instanceof Error ? e.message : e);
		}
		if (permission === 'denied') {
			this.set('stopped', null);
			throw new WearableError('motion-denied', 'motion access was refused');
		}
		const arrived = new Promise<boolean>((resolve) => {
			this.firstReading = () => resolve(true);
			setTimeout(() => resolve(false), this.options.firstReadingTimeoutMs ?? 2500);
		});
		this.listen();
		const ok = await arrived;
		this.firstReading = null;
		if (!ok) {
			this.quiet();
			this.set('stopped', null);
			throw new WearableError('no-motion-sensor', 'no devicemotion reading with acceleration');
		}
		this.connects = 1;
		this.unwatchPage = this.page.onVisibilityChange(() => this.onVisibility());
		void this.keepAwake();
		this.watchdog = setInterval(() => this.check(), 250);
		this.set('streaming', null);
	}

	/** Listen again after stopping (the person taps "Reconnect"). */
	retry(): void {
		if (this.status !== 'stopped') return;
		void this.start().catch(() => {
			this.set('stopped', 'The motion sensors did not start again. Tap Reconnect to try once more.');
		});
	}

	/** Start the tilt afresh (after the phone was moved to a new place). */
	async restartStreams(): Promise<void> {
		this.adapter.restart();
		this.streamNotice = null;
		this.listener.change(this);
	}

	async stop(): Promise<void> {
		this.quiet();
		this.adapter.flush();
		this.set('stopped', null);
	}

	dispose(): void {
		this.quiet();
		this.source.dispose?.();
	}

	private listen(): void {
		this.unlisten?.();
		this.unlisten = this.source.listen((r) => this.onReading(r));
		this.lastListenAt = this.options.now();
	}

	/** Stop listening and let the screen sleep again. */
	private quiet(): void {
		this.unlisten?.();
		this.unlisten = null;
		this.unwatchPage?.();
		this.unwatchPage = null;
		this.releaseWakeLock?.();
		this.releaseWakeLock = null;
		if (this.watchdog) clearInterval(this.watchdog);
		this.watchdog = null;
	}

	private onReading(r: MotionReading): void {
		if (!hasAcceleration(r)) return;
		this.firstReading?.();
		// Readings after a pause the page was hidden for: the stream started again ("away").
		if (r.t - this.lastReadingT > RESTART_AFTER_S && this.hiddenSinceReading && this.connects > 0)
			this.connects++;
		this.hiddenSinceReading = false;
		this.lastReadingT = r.t;
		this.lastReadingAt = this.options.now();
		this.adapter.push(r);
		if (this.status === 'reconnecting') this.set('streaming', null);
		if (this.adapter.placement !== this.placement) {
			this.placement = this.adapter.placement;
			this.streamNotice =
				this.placement === 'ok' ? null : { message: PLACEMENT_WORDS[this.placement], canRetry: false };
			this.listener.change(this);
		}
	}

	/** Four times a second: send what was gathered, and notice when readings stop. */
	private check(): void {
		this.adapter.flush();
		if (!this.page.visible()) return;
		const now = this.options.now();
		const silent = now - this.lastReadingAt;
		if (this.status === 'streaming' && silent * 1000 > (this.options.stalledAfterMs ?? 1500))
			this.set('reconnecting', STALLED);
		// Listening afresh wakes the browser's sensor connection (Chromium keeps sending empty
		// events after losing its sensor, until a listener is added again).
		if (this.status === 'reconnecting' && now - this.lastListenAt > RELISTEN_S) this.listen();
	}

	private onVisibility(): void {
		if (!this.page.visible()) {
			// Motion events stop now; the wake lock is released by the browser.
			this.hiddenSinceReading = true;
			this.adapter.flush();
			return;
		}
		this.lastReadingAt = this.options.now(); // give the events a moment to come back
		this.listen();
		void this.keepAwake();
	}

	private async keepAwake(): Promise<void> {
		try {
			const release = await this.page.keepAwake();
			if (!this.unlisten)
				release?.(); // stopped meanwhile
			else {
				this.releaseWakeLock?.();
				this.releaseWakeLock = release;
			}
		} catch (e) {
			// Low battery mode and the like: measuring works, the screen may just dim.
			console.info('[tidal] no screen wake lock:', e instanceof Error ? e.message : e);
		}
	}

	private set(status: WearableStatus, notice: string | null): void {
		this.status = status;
		this.notice = notice;
		this.listener.change(this);
	}
}
