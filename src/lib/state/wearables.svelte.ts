/**
 * The app's wearables: pairing, the live view of each device, and everything they have sent.
 * One session clock for all devices. A rune class, shared by every page (module singleton), so
 * moving between pages does not drop a connection.
 */
import type { SampleChunk } from '$lib/core/types';
import {
	bluetoothSupported,
	canReconnectWithoutChooser,
	chooseWearable,
	findPermittedDevice
} from '$lib/ble/bluetooth';
import { explainBluetoothError, friendlyError, type FriendlyError } from '$lib/ble/errors';
import { KINDS, type BluetoothKind, type WearableKind } from '$lib/ble/kinds';
import type { GattLink } from '$lib/ble/link';
import { PhoneWearable } from '$lib/ble/phone';
import { browserMotionSource, browserPage } from '$lib/ble/phone-browser';
import { SimulatedMotionSource } from '$lib/ble/simulated-phone';
import {
	forgetWearable,
	rememberedWearables,
	rememberWearable,
	type RememberedWearable
} from '$lib/ble/remembered';
import { DEFAULT_SIM_SCRIPT, type SimScript } from '$lib/ble/simulated';
import { simulatedLink, type SimulatedWearableLink } from '$lib/ble/simulated-remote';
import { SessionClock } from '$lib/ble/timing';
import { Wearable, type WearableHandle, type WearableListener } from '$lib/ble/wearable';
import { DeviceState } from './wearables-device.svelte';

export { DeviceState, type Gap } from './wearables-device.svelte';

/**
 * The H10's chest accelerometer runs at its highest rate, 200 Hz: the engine averages it down to
 * 20–40 Hz, so more samples per step leave less sensor noise on the small tilt of a gentle breath.
 */
export const H10_ACC_RATE_HZ = 200;

export type PairTarget = WearableKind | 'simulated' | 'simulated-phone';

export class WearablesState {
	readonly supported = bluetoothSupported();
	devices = $state<DeviceState[]>([]);
	error = $state<FriendlyError | null>(null);
	/**
	 * What is connecting right now: the button whose action runs (chooser open, connecting), or
	 * 'auto' while remembered wearables reconnect on opening the page. One at a time, so a tap
	 * can never connect a device that is already being connected.
	 */
	pending = $state<PairTarget | 'auto' | null>(null);
	remembered = $state<RememberedWearable[]>([]);
	readonly clock = new SessionClock();
	private chunkListeners: ((chunk: SampleChunk, device: DeviceState) => void)[] = [];
	private readonly simulatedLinks: SimulatedWearableLink[] = [];

	constructor() {
		this.remembered = rememberedWearables();
	}

	/**
	 * For the engine: every chunk from every device, on the one session clock. Nothing calls it
	 * yet; it is the hook the engine session subscribes to next, so it stays.
	 */
	onChunk(fn: (chunk: SampleChunk, device: DeviceState) => void): () => void {
		this.chunkListeners = [...this.chunkListeners, fn];
		return () => {
			this.chunkListeners = this.chunkListeners.filter((f) => f !== fn);
		};
	}

	/** Session time for the live view: 4 Hz while something streams, 1 Hz for "last seen", else still. */
	get tickMs(): number | null {
		if (this.devices.some((d) => d.status === 'streaming')) return 250;
		if (this.devices.some((d) => d.heartRate !== null)) return 1000;
		return null;
	}

	/** Remembered devices that are not connected right now. */
	get notConnected(): RememberedWearable[] {
		return this.remembered.filter((r) => !this.devices.some((d) => d.id === r.id));
	}

	/** The phone on the chest is measuring (or starting to). */
	get phoneInUse(): boolean {
		return this.devices.some((d) => d.kind === 'phone' && d.status !== 'stopped');
	}

	/** Open the chooser for one kind and connect (call from a tap). */
	async pair(kind: BluetoothKind): Promise<void> {
		if (!this.supported) {
			this.error = friendlyError('unsupported');
			return;
		}
		await this.run(kind, async () => {
			const link = await chooseWearable(kind);
			if (this.devices.some((d) => d.id === link.id && d.status !== 'stopped')) return;
			if (await this.connect(link, kind, false)) this.remember({ id: link.id, name: link.name, kind });
		});
	}

	/** Reconnect a remembered device: without the chooser where the browser allows it. */
	async reconnectRemembered(r: RememberedWearable): Promise<void> {
		await this.run(r.kind, async () => {
			const link = (await findPermittedDevice(r.id)) ?? (await chooseWearable(r.kind));
			if (this.devices.some((d) => d.id === link.id && d.status !== 'stopped')) return;
			if (await this.connect(link, r.kind, false))
				this.remember({ id: link.id, name: link.name, kind: r.kind });
		});
	}

	/**
	 * On opening the page: reconnect remembered wearables the browser still permits, without the
	 * chooser (only where getDevices() exists). Quiet: a device that is not around is just left
	 * in "Your wearables" with its Connect button.
	 */
	async autoReconnect(): Promise<void> {
		if (!canReconnectWithoutChooser() || this.pending) return;
		this.pending = 'auto';
		try {
			for (const r of this.notConnected) {
				const link = await findPermittedDevice(r.id);
				if (!link) continue;
				try {
					await this.connect(link, r.kind, false);
				} catch (e) {
					console.info(`[tidal] ${r.name} not reachable yet:`, e instanceof Error ? e.message : e);
				}
			}
		} finally {
			this.pending = null;
		}
	}

	/**
	 * This phone, lying on the chest (call from a tap: iOS asks for motion access only then). One
	 * phone at a time: it is the device the page runs on.
	 */
	async usePhone(): Promise<void> {
		if (this.phoneInUse) return;
		await this.run('phone', async () => {
			await this.attach(
				(listener) =>
					new PhoneWearable(
						'this-phone',
						KINDS.phone.label,
						browserMotionSource((ms) => this.clock.at(ms)),
						browserPage,
						listener,
						{ now: () => this.clock.now() }
					),
				false
			);
		});
	}

	/** A pretend wearable: first a Polar H10, then a breathing belt, then plain straps. */
	async addSimulated(script: SimScript = DEFAULT_SIM_SCRIPT): Promise<void> {
		const sims = this.devices.filter(
			(d) => d.simulated && d.kind !== 'phone' && d.status !== 'stopped'
		).length;
		const kind: BluetoothKind = sims === 0 ? 'polar-h10' : sims === 1 ? 'gdx-belt' : 'hr-strap';
		const name = KINDS[kind].simulatedName(Math.max(0, sims - 2));
		await this.run('simulated', async () => {
			const link = simulatedLink(kind, name, script);
			this.simulatedLinks.push(link);
			await this.connect(link, kind, true);
		});
	}

	/** Simulated wearables breathe with a guide that starts now (see SimulatedLink.followGuide). */
	simulatedFollowGuide(lead: Parameters<SimulatedWearableLink['followGuide']>[0]): void {
		for (const link of this.simulatedLinks) link.followGuide(lead);
	}

	/** The simulated wearable's phone mode: a phone on a breathing chest, no sensor needed. */
	async addSimulatedPhone(script: SimScript = DEFAULT_SIM_SCRIPT): Promise<void> {
		const n = this.devices.filter((d) => d.simulated && d.kind === 'phone').length;
		await this.run('simulated-phone', async () => {
			await this.attach(
				(listener) =>
					new PhoneWearable(
						`simulated-phone-${n + 1}`,
						KINDS.phone.simulatedName(n),
						new SimulatedMotionSource(script, () => this.clock.now()),
						browserPage,
						listener,
						{ now: () => this.clock.now() }
					),
				true
			);
		});
	}

	/** Stop and remove a device, and forget it for next time. */
	async forget(id: string): Promise<void> {
		const d = this.devices.find((x) => x.id === id);
		this.devices = this.devices.filter((x) => x.id !== id);
		forgetWearable(id);
		this.remembered = rememberedWearables();
		if (d) {
			await d.wearable.stop();
			d.wearable.dispose();
		}
	}

	retry(id: string): void {
		this.devices.find((x) => x.id === id)?.wearable.retry();
	}

	/** "Try again" after a device refused or stopped a measurement. */
	restartStreams(id: string): void {
		void this.devices.find((x) => x.id === id)?.wearable.restartStreams();
	}

	dismissError(): void {
		this.error = null;
	}

	/** Leaving the page: stop device streams (an H10 left streaming drains its battery). */
	async stopAll(): Promise<void> {
		await Promise.all(this.devices.map((d) => d.wearable.stop()));
	}

	/** Remember for next time; best-effort (full or disabled storage must not undo a connection). */
	private remember(r: RememberedWearable): void {
		rememberWearable(r);
		this.remembered = rememberedWearables();
	}

	private async run(target: PairTarget, action: () => Promise<void>): Promise<void> {
		if (this.pending) return;
		this.pending = target;
		this.error = null;
		try {
			await action();
		} catch (e) {
			const err = explainBluetoothError(e);
			console.info('[tidal] pairing failed:', err.detail ?? err.code);
			this.error = err;
		} finally {
			this.pending = null;
		}
	}

	/** Connect a Bluetooth wearable and show its card. */
	private connect(link: GattLink, kind: BluetoothKind, simulated: boolean): Promise<DeviceState | null> {
		return this.attach(
			(listener) =>
				new Wearable(link, kind, listener, {
					now: () => this.clock.now(),
					polar: { accRateHz: H10_ACC_RATE_HZ }
				}),
			simulated
		);
	}

	/**
	 * Start any wearable and show its card; null if the person forgot it while it was starting.
	 * Every chunk goes to the card and to the chunk listeners, on the one session clock.
	 */
	private async attach<W extends WearableHandle>(
		make: (listener: WearableListener<W>) => W,
		simulated: boolean
	): Promise<DeviceState | null> {
		let device: DeviceState | null = null;
		const wearable = make({
			chunk: (chunk) => {
				if (!device) return;
				device.add(chunk);
				for (const fn of this.chunkListeners) fn(chunk, device);
			},
			// Damaged packets are counted on the card, not logged one by one.
			change: () => device?.sync()
		});
		device = new DeviceState(wearable, simulated);
		// Replace an old card for the same device rather than showing it twice (and make sure its
		// connection manager is not still trying in the background).
		for (const old of this.devices.filter((d) => d.id === wearable.id)) void old.wearable.stop();
		this.devices = [...this.devices.filter((d) => d.id !== wearable.id), device];
		try {
			await wearable.start();
		} catch (e) {
			// Forgotten while still connecting: that was the person's choice, not a problem.
			if (!this.devices.includes(device)) return null;
			this.devices = this.devices.filter((d) => d !== device);
			wearable.dispose();
			throw e;
		}
		device.sync();
		return device;
	}
}

let shared: WearablesState | null = null;

/** The app-wide wearables state (created on first use, in the browser). */
export function wearables(): WearablesState {
	shared ??= new WearablesState();
	return shared;
}
