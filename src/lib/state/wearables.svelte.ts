/**
 * The app's wearables: pairing, the live view of each device, and everything they have sent.
 * One session clock for all devices. A rune class, shared by every page (module singleton), so
 * moving between pages does not drop a connection.
 */
import { GAP_SECONDS } from '$lib/core/engine/belt';
import type { SampleChunk, Source } from '$lib/core/types';
import {
	bluetoothSupported,
	canReconnectWithoutChooser,
	chooseWearable,
	findPermittedDevice
} from '$lib/ble/bluetooth';
import { explainBluetoothError, friendlyError, type FriendlyError } from '$lib/ble/errors';
import type { WearableKind } from '$lib/ble/kinds';
import type { GattLink } from '$lib/ble/link';
import {
	forgetWearable,
	rememberedWearables,
	rememberWearable,
	type RememberedWearable
} from '$lib/ble/remembered';
import { DEFAULT_SIM_SCRIPT, SimulatedLink, type SimScript } from '$lib/ble/simulated';
import { SessionClock } from '$lib/ble/timing';
import { Wearable, type StreamNotice, type WearableStatus } from '$lib/ble/wearable';
import { TraceBuffer } from './trace';
import { agoText, gapText, skippedText, type GapCause } from './wording';

export interface Gap {
	source: Source;
	start: number;
	end: number;
	/** Out of reach (the link dropped in between) or a pause with the link up. */
	cause: GapCause;
}

/** A heart rate older than this (s) is shown as a last reading, not as the current one. */
const HEART_RATE_FRESH_S = 3;

/** Which signal a device's live trace shows. */
function traceSource(kind: WearableKind): Source {
	return kind === 'gdx-belt' ? 'resp' : kind === 'polar-h10' ? 'acc' : 'rr';
}

export class DeviceState {
	name = $state('');
	status = $state<WearableStatus>('connecting');
	heartRate = $state<number | null>(null);
	battery = $state<number | null>(null);
	location = $state<string | null>(null);
	/** Damaged packets skipped so far; counted so the person and the physio can see it. */
	skippedPackets = $state(0);
	notice = $state<string | null>(null);
	streamNotice = $state<StreamNotice | null>(null);
	/** Session time of the newest heart-rate reading. */
	heartRateAt = $state<number | null>(null);
	/** Samples received so far, all sources. */
	samples = $state(0);
	gaps = $state<Gap[]>([]);
	/** Bumped whenever the trace changes (the trace arrays themselves are not reactive). */
	traceVersion = $state(0);
	readonly trace = new TraceBuffer(20);
	readonly traceSource: Source;
	/** Everything received, in arrival order; nothing is ever dropped. */
	readonly chunks: SampleChunk[] = [];
	/** Time of the newest sample per source (plain object: not reactive on purpose). */
	private readonly lastT: Partial<Record<Source, number>> = {};
	/** Connections made when that newest sample came: more now means the device was away. */
	private readonly connectsAt: Partial<Record<Source, number>> = {};

	constructor(
		readonly wearable: Wearable,
		readonly simulated: boolean
	) {
		this.name = wearable.name;
		this.traceSource = traceSource(wearable.kind);
		this.sync();
	}

	get id(): string {
		return this.wearable.id;
	}
	get kind(): WearableKind {
		return this.wearable.kind;
	}
	get lastGap(): Gap | null {
		return this.gaps.length ? this.gaps[this.gaps.length - 1] : null;
	}
	/** "strap" or "belt", as the person calls it. */
	get noun(): string {
		return this.kind === 'gdx-belt' ? 'belt' : 'strap';
	}

	/** What happened in the newest gap, in words. */
	get gapLine(): string | null {
		const g = this.lastGap;
		return g ? gapText(g.cause, g.end - g.start, this.noun) : null;
	}

	get skippedLine(): string {
		return skippedText(this.skippedPackets);
	}

	/**
	 * The heart rate to show at session time `now`: the current one while it is fresh; otherwise
	 * the last one, clearly labelled with its age (never greyed out, never passed off as current).
	 */
	heartRateView(now: number): { value: string; lastSeen: string | null } {
		if (this.heartRate === null) return { value: '–', lastSeen: null };
		const age = this.heartRateAt === null ? Infinity : now - this.heartRateAt;
		const fresh = this.status === 'streaming' && age < HEART_RATE_FRESH_S;
		return {
			value: String(this.heartRate),
			lastSeen: fresh ? null : Number.isFinite(age) ? `Last seen ${agoText(age)}` : 'Last seen earlier'
		};
	}

	sync(): void {
		const w = this.wearable;
		this.status = w.status;
		this.notice = w.notice;
		this.streamNotice = w.streamNotice;
		this.heartRate = w.readings.heartRate;
		this.heartRateAt = w.heartRateAt;
		this.battery = w.readings.battery;
		this.location = w.readings.location;
		this.skippedPackets = w.skippedPackets;
	}

	add(chunk: SampleChunk): void {
		if (chunk.n === 0) return;
		this.chunks.push(chunk);
		this.samples += chunk.n;
		// A jump in sample times, by the engine's own gap rule, means data is missing: note it (it is
		// never filled in), and whether the device was away (it reconnected since) or just paused.
		const last = this.lastT[chunk.kind];
		const connects = this.wearable.connects;
		if (last !== undefined) {
			const expected = chunk.kind === 'rr' ? chunk.rrMs[0] / 1000 : 0;
			if (chunk.t[0] - last - expected > GAP_SECONDS) {
				const cause = connects > (this.connectsAt[chunk.kind] ?? connects) ? 'away' : 'paused';
				this.gaps.push({ source: chunk.kind, start: last, end: chunk.t[0], cause });
			}
		}
		this.lastT[chunk.kind] = chunk.t[chunk.n - 1];
		this.connectsAt[chunk.kind] = connects;
		if (chunk.kind !== this.traceSource) return;
		if (chunk.kind === 'rr') this.trace.push(chunk.t, chunk.rrMs, chunk.n);
		else if (chunk.kind === 'acc') {
			// Average blocks of ~0.1 s: a calm line, not sensor noise.
			const { t, v, n } = blockMeans(chunk.t, chunk.x, chunk.n, 5);
			this.trace.push(t, v, n);
		} else this.trace.push(chunk.t, chunk.value, chunk.n);
		this.traceVersion++;
	}
}

function blockMeans(
	t: Float64Array,
	v: Float64Array,
	n: number,
	size: number
): { t: number[]; v: number[]; n: number } {
	const ot: number[] = [];
	const ov: number[] = [];
	for (let i = 0; i < n; i += size) {
		const m = Math.min(size, n - i);
		let st = 0;
		let sv = 0;
		for (let k = 0; k < m; k++) {
			st += t[i + k];
			sv += v[i + k];
		}
		ot.push(st / m);
		ov.push(sv / m);
	}
	return { t: ot, v: ov, n: ot.length };
}

export type PairTarget = WearableKind | 'simulated';

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

	/** Open the chooser for one kind and connect (call from a tap). */
	async pair(kind: WearableKind): Promise<void> {
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

	/** A pretend wearable: first a Polar H10, then a breathing belt, then plain straps. */
	async addSimulated(script: SimScript = DEFAULT_SIM_SCRIPT): Promise<void> {
		const sims = this.devices.filter((d) => d.simulated && d.status !== 'stopped').length;
		const kind: WearableKind = sims === 0 ? 'polar-h10' : sims === 1 ? 'gdx-belt' : 'hr-strap';
		const name =
			kind === 'gdx-belt'
				? 'Simulated belt'
				: kind === 'polar-h10'
					? 'Simulated H10'
					: `Simulated strap ${sims - 1}`;
		await this.run('simulated', async () => {
			const link = new SimulatedLink(kind, name, script);
			await this.connect(link, kind, true);
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
			if (d.wearable.link instanceof SimulatedLink) d.wearable.link.dispose();
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

	/** Connect and show a card; null if the person forgot the device while it was connecting. */
	private async connect(link: GattLink, kind: WearableKind, simulated: boolean): Promise<DeviceState | null> {
		let device: DeviceState | null = null;
		const wearable = new Wearable(
			link,
			kind,
			{
				chunk: (chunk) => {
					if (!device) return;
					device.add(chunk);
					for (const fn of this.chunkListeners) fn(chunk, device);
				},
				// Damaged packets are counted on the card, not logged one by one.
				change: () => device?.sync()
			},
			{ now: () => this.clock.now() }
		);
		device = new DeviceState(wearable, simulated);
		// Replace an old card for the same device rather than showing it twice (and make sure its
		// connection manager is not still trying in the background).
		for (const old of this.devices.filter((d) => d.id === link.id)) void old.wearable.stop();
		this.devices = [...this.devices.filter((d) => d.id !== link.id), device];
		try {
			await wearable.start();
		} catch (e) {
			// Forgotten while still connecting: that was the person's choice, not a problem.
			if (!this.devices.includes(device)) return null;
			this.devices = this.devices.filter((d) => d !== device);
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
