/**
 * The simulated wearable: a pretend strap, Polar H10 or breathing belt that sends the same BYTES a
 * real one would (built with the protocol encoders) through a GattLink, so the app's drivers,
 * decoders and chunk path run unchanged. It follows a breathing script (5-1-4 by default) that can
 * contain mistakes, drop-outs (packets lost, link kept) and disconnections (link lost for a while).
 */
import {
	BATTERY_LEVEL,
	BATTERY_SERVICE,
	BODY_SENSOR_LOCATION,
	encodeHeartRateMeasurement,
	HEART_RATE_MEASUREMENT,
	HEART_RATE_SERVICE,
	rrMsToRaw
} from '$lib/core/protocols/heart-rate';
import { PMD_CONTROL_POINT, PMD_DATA, PMD_SERVICE } from '$lib/core/protocols/pmd';
import { GDX_COMMAND, GDX_RESPONSE, GDX_SERVICE } from '$lib/core/protocols/gdx';
import { viewOf } from '$lib/core/protocols/bytes';
import { breathingWaveform, type ScriptedBreath } from '$lib/core/simulate/breathing';
import { simulateBeats } from '$lib/core/simulate/beats';
import { EcgSynth } from '$lib/core/simulate/ecg';
import { GdxDevice } from '$lib/core/simulate/gdx-device';
import { PmdDevice, type PmdSignals } from '$lib/core/simulate/pmd-device';
import { seededRandom, gaussian } from '$lib/core/simulate/random';
import { bendAndRollAt, strapChestAcc, type PostureStep } from '$lib/core/simulate/chest';
import type { BluetoothKind } from './kinds';
import type { GattLink, ValueListener } from './link';

export interface SimEvent {
	/** Seconds after the simulated device was switched on. */
	at: number;
	/** 'dropout': packets are lost but the link stays; 'disconnect': the link drops and
	 * connections are refused until `seconds` have passed. */
	kind: 'dropout' | 'disconnect';
	seconds: number;
}

export interface SimScript {
	/** Target breath, seconds per phase (default 5-1-4, no pause). */
	pattern?: { inhale: number; hold: number; exhale: number; pause: number };
	/** Breaths that differ from the pattern, by index (0 = first breath). */
	mistakes?: {
		breath: number;
		inhale?: number;
		hold?: number;
		exhale?: number;
		pause?: number;
		depth?: number;
	}[];
	events?: SimEvent[];
	/** Mean heart rate, bpm (default 66). */
	heartRate?: number;
	/** Battery percent (default 82). */
	battery?: number;
	seed?: number;
	/** Chest posture over time (bends and rolls, for stretch holds), from device time 0. */
	posture?: PostureStep[];
}

export const DEFAULT_SIM_SCRIPT: SimScript = { pattern: { inhale: 5, hold: 1, exhale: 4, pause: 0 } };

/** Named scripts: a calm session, and one with the troubles real sessions have. */
export const SIM_SCRIPTS: Record<string, SimScript> = {
	calm: DEFAULT_SIM_SCRIPT,
	bumpy: {
		pattern: { inhale: 5, hold: 1, exhale: 4, pause: 0 },
		mistakes: [
			{ breath: 2, hold: 4 },
			{ breath: 4, exhale: 2 },
			{ breath: 6, depth: 0.4 }
		],
		events: [
			{ at: 35, kind: 'dropout', seconds: 3 },
			{ at: 60, kind: 'disconnect', seconds: 6 }
		]
	}
};

/**
 * A script from a URL parameter: a name from SIM_SCRIPTS, or events written
 * `disconnect@20+5,dropout@40+3` (kind@start+seconds) on top of the default 5-1-4 breathing.
 * In a query string `+` arrives as a space; both are accepted.
 */
export function parseSimScript(text: string | null | undefined): SimScript {
	if (!text) return DEFAULT_SIM_SCRIPT;
	const named = SIM_SCRIPTS[text];
	if (named) return named;
	const events: SimEvent[] = [];
	for (const part of text.split(',')) {
		const m = /^(disconnect|dropout)@(\d+(?:\.\d+)?)[+\s](\d+(?:\.\d+)?)$/.exec(part.trim());
		if (m) events.push({ kind: m[1] as SimEvent['kind'], at: Number(m[2]), seconds: Number(m[3]) });
	}
	return { ...DEFAULT_SIM_SCRIPT, events };
}

const SERVICES: Record<BluetoothKind, string[]> = {
	'hr-strap': [HEART_RATE_SERVICE, BATTERY_SERVICE],
	'polar-h10': [HEART_RATE_SERVICE, BATTERY_SERVICE, PMD_SERVICE],
	'gdx-belt': [GDX_SERVICE]
};

const BREATHS = 400;

/** A simulated device wakes ten times a second and sends what is due (in its own worker, in the app). */
const TICK_MS = 100;

export class SimulatedLink implements GattLink {
	readonly id: string;
	private isConnected = false;
	private readonly listeners = new Set<() => void>();
	private subs = new Map<string, ValueListener>();
	private readonly started: number;
	private timer: ReturnType<typeof setInterval> | null = null;
	private awayUntil = -1;
	private firedEvents = new Set<SimEvent>();
	private volume: (t: number) => number;
	private readonly beatT: Float64Array;
	private readonly beatRr: Float64Array;
	private readonly random: () => number;
	/** The device side of the protocols: command bytes in, reply and data bytes out. */
	private readonly pmd = new PmdDevice();
	private readonly gdx: GdxDevice;
	private readonly signals: PmdSignals;
	// Heart-rate notifications (device time, seconds).
	private hrNext = 0;
	private beatIndex = 0;

	constructor(
		readonly kind: BluetoothKind,
		readonly name: string,
		private readonly script: SimScript = DEFAULT_SIM_SCRIPT,
		private readonly clock: () => number = () => performance.now() / 1000
	) {
		this.id = `simulated-${kind}-${Math.round(Math.random() * 1e9)}`;
		this.started = clock();
		this.random = seededRandom(script.seed ?? 7);
		const p = script.pattern ?? DEFAULT_SIM_SCRIPT.pattern!;
		const wave = breathingWaveform(scriptedBreaths(script), 1);
		this.volume = wave.volume;
		const cycle = p.inhale + p.hold + p.exhale + p.pause;
		const beats = simulateBeats([{ seconds: wave.end + 10, breathsPerMin: 60 / cycle }], {
			heartRate: script.heartRate ?? 66,
			seed: script.seed ?? 7,
			noiseMs: 6
		});
		this.beatT = beats.t;
		this.beatRr = beats.rrMs;
		this.gdx = new GdxDevice({ battery: script.battery });
		const ecg = new EcgSynth(this.beatT, { noiseUv: 15, seed: script.seed ?? 7 });
		this.signals = {
			acc: (t) => {
				const { bend, roll } = bendAndRollAt(this.script.posture, t);
				return strapChestAcc(this.volume(t), bend, roll, this.random);
			},
			ecg: (t) => ecg.at(t)
		};
	}

	get connected(): boolean {
		return this.isConnected;
	}

	/**
	 * The simulated person starts following a guide that begins now: first the guide's natural
	 * calibration breaths (`lead`), then the script's breaths, mistakes included. A real person
	 * breathes with the pacer; without this the simulated one would breathe in its own phase.
	 */
	followGuide(lead: readonly Omit<ScriptedBreath, 'depth'>[]): void {
		const breaths = [...lead.map((b) => ({ ...b, depth: 1 })), ...scriptedBreaths(this.script)];
		this.volume = breathingWaveform(breaths, this.deviceTime()).volume;
	}

	/** Seconds since the simulated device was switched on. */
	deviceTime(): number {
		return this.clock() - this.started;
	}

	async connect(): Promise<void> {
		await sleep(120);
		if (this.deviceTime() < this.awayUntil) {
			throw new DOMException('Connection Error: Connection attempt failed.', 'NetworkError');
		}
		this.isConnected = true;
		this.timer ??= setInterval(() => this.tick(), TICK_MS);
	}

	disconnect(): void {
		if (!this.isConnected) return;
		this.drop();
	}

	/** Drop the link now, as if the wearable went out of range for `seconds`. */
	goAway(seconds: number): void {
		this.awayUntil = this.deviceTime() + seconds;
		if (this.isConnected) this.drop();
	}

	async hasService(service: string): Promise<boolean> {
		this.ensureConnected();
		return SERVICES[this.kind].includes(service);
	}

	async read(service: string, characteristic: string): Promise<DataView> {
		this.ensureConnected();
		this.ensureService(service);
		if (characteristic === BATTERY_LEVEL) return viewOf(Uint8Array.of(this.script.battery ?? 82));
		if (characteristic === BODY_SENSOR_LOCATION) return viewOf(Uint8Array.of(1));
		if (characteristic === PMD_CONTROL_POINT) return viewOf(this.pmd.features());
		throw new DOMException(
			`No Characteristics matching UUID ${characteristic} found in Service.`,
			'NotFoundError'
		);
	}

	async write(service: string, characteristic: string, bytes: Uint8Array): Promise<void> {
		this.ensureConnected();
		this.ensureService(service);
		const copy = new Uint8Array(bytes);
		// Answered a moment later, as an indication or notification, like a real sensor.
		setTimeout(() => {
			if (!this.isConnected) return;
			const t = this.deviceTime();
			if (characteristic === PMD_CONTROL_POINT) {
				const reply = this.pmd.command(copy, t);
				if (reply) this.notify(PMD_CONTROL_POINT, reply);
			} else if (characteristic === GDX_COMMAND) {
				for (const reply of this.gdx.write(copy, t)) this.notify(GDX_RESPONSE, reply);
			}
		}, 5);
	}

	async subscribe(service: string, characteristic: string, listener: ValueListener): Promise<void> {
		this.ensureConnected();
		this.ensureService(service);
		this.subs.set(characteristic, listener);
		if (characteristic === HEART_RATE_MEASUREMENT) {
			const t = this.deviceTime();
			this.hrNext = t + 1;
			this.beatIndex = this.firstBeatAfter(t);
		}
	}

	onDisconnected(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Stop the simulation's timer (the device is switched off). */
	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		if (this.isConnected) this.drop();
	}

	// ------------------------------------------------------------------ internals

	private drop(): void {
		this.isConnected = false;
		this.subs.clear();
		this.pmd.disconnected();
		this.gdx.disconnected();
		for (const l of [...this.listeners]) l();
	}

	private ensureConnected(): void {
		if (!this.isConnected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
	}

	private ensureService(service: string): void {
		if (!SERVICES[this.kind].includes(service)) {
			throw new DOMException(`No Services matching UUID ${service} found in Device.`, 'NotFoundError');
		}
	}

	private notify(characteristic: string, bytes: Uint8Array): void {
		const l = this.subs.get(characteristic);
		if (l) l(viewOf(bytes));
	}

	private firstBeatAfter(t: number): number {
		let i = 0;
		while (i < this.beatT.length && this.beatT[i] <= t) i++;
		return i;
	}

	private inDropout(t: number): boolean {
		return (this.script.events ?? []).some((e) => e.kind === 'dropout' && t >= e.at && t < e.at + e.seconds);
	}

	private tick(): void {
		const t = this.deviceTime();
		for (const e of this.script.events ?? []) {
			if (e.kind === 'disconnect' && t >= e.at && !this.firedEvents.has(e)) {
				this.firedEvents.add(e);
				this.goAway(e.seconds);
			}
		}
		if (!this.isConnected) return;
		const lost = this.inDropout(t);
		if (this.subs.has(HEART_RATE_MEASUREMENT) && t >= this.hrNext) {
			this.hrNext += 1;
			const rr: number[] = [];
			while (this.beatIndex < this.beatT.length && this.beatT[this.beatIndex] <= t)
				rr.push(this.beatRr[this.beatIndex++]);
			if (!lost && rr.length > 0) {
				const bpm = Math.round(60000 / rr[rr.length - 1]);
				this.notify(
					HEART_RATE_MEASUREMENT,
					encodeHeartRateMeasurement({ heartRateBpm: bpm, rrRaw: rr.map(rrMsToRaw) })
				);
			}
		}
		for (const frame of this.pmd.frames(t, this.signals)) if (!lost) this.notify(PMD_DATA, frame);
		for (const packet of this.gdx.measurements(t, (s) => this.force(s))) {
			if (lost) continue;
			// Now and then split over two notifications, as the real belt sometimes does.
			if (this.random() < 0.2) {
				this.notify(GDX_RESPONSE, packet.slice(0, 10));
				this.notify(GDX_RESPONSE, packet.slice(10));
			} else this.notify(GDX_RESPONSE, packet);
		}
	}

	private force(t: number): number {
		return 3 + 1.6 * this.volume(t) + 0.02 * gaussian(this.random);
	}
}

function scriptedBreaths(script: SimScript): ScriptedBreath[] {
	const p = script.pattern ?? DEFAULT_SIM_SCRIPT.pattern!;
	const breaths: ScriptedBreath[] = Array.from({ length: BREATHS }, () => ({ ...p, depth: 1 }));
	for (const m of script.mistakes ?? []) if (breaths[m.breath]) Object.assign(breaths[m.breath], m);
	return breaths;
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
