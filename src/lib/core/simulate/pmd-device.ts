/**
 * The sensor's side of Polar's PMD service (a Polar H10), as pure functions of bytes: command bytes
 * in, reply bytes out, and the data frames due by a given device time. The simulated wearable and
 * the browser tests' emulated H10 both answer with it, so the app's driver meets one sensor.
 */
import {
	decodePmdCommand,
	encodePmdAccFrame,
	encodePmdEcgFrame,
	encodePmdFeatures,
	encodePmdResponse,
	PmdMeasurement,
	PmdOp,
	PmdStatus,
	type PmdCommand
} from '../protocols/pmd';
import { viewOf } from '../protocols/bytes';

/** Polar timestamps count ns from 2000-01-01; the simulated clock starts in 2026. */
const POLAR_EPOCH_OFFSET_NS = 820_454_400_000_000_000n;
/** Samples per frame, as an H10 sends them with a 232-byte MTU. */
export const ACC_PER_FRAME = 36;
export const ECG_PER_FRAME = 73;
export const ECG_RATE_HZ = 130;
/** The accelerometer rates an H10 offers (its settings reply: 25, 50, 100, 200 Hz). */
export const ACC_RATES_HZ = [25, 50, 100, 200];

/** What the sensor measures, at device time t (s). */
export interface PmdSignals {
	/** Chest acceleration, milli-g, sensor axes. */
	acc(t: number): [number, number, number];
	/** ECG, µV. */
	ecg(t: number): number;
}

export interface PmdDeviceOptions {
	/** Measurement types offered (default ECG and ACC, as an H10). */
	types?: number[];
	/** A status to answer a start with instead of success, per measurement type (a refusal). */
	refuseStart?: (type: number) => number | null;
}

export class PmdDevice {
	/** Every command received, decoded, for tests to read. */
	readonly received: PmdCommand[] = [];
	private acc: { rateHz: number; next: number } | null = null;
	private ecg: { next: number } | null = null;
	private readonly types: number[];

	constructor(private readonly options: PmdDeviceOptions = {}) {
		this.types = options.types ?? [PmdMeasurement.ECG, PmdMeasurement.ACC];
	}

	/** The control point's value when read: the feature map. */
	features(): Uint8Array {
		return encodePmdFeatures(this.types);
	}

	/** Streams running now. */
	get running(): number[] {
		return [...(this.ecg ? [PmdMeasurement.ECG] : []), ...(this.acc ? [PmdMeasurement.ACC] : [])];
	}

	/** A control-point write at device time `t`; returns the indication to send back, if any. */
	command(bytes: Uint8Array, t: number): Uint8Array | null {
		const d = decodePmdCommand(viewOf(bytes));
		if (!d.ok || d.value.measurementType === null) return null;
		const c = d.value;
		this.received.push(c);
		const type = c.measurementType!;
		const reply = (status: number, parameters?: Uint8Array) =>
			encodePmdResponse({ opCode: c.opCode, measurementType: type, status, parameters });
		if (!this.types.includes(type)) return reply(PmdStatus.NOT_SUPPORTED);
		if (c.opCode === PmdOp.START) {
			const refused = this.options.refuseStart?.(type) ?? null;
			if (refused !== null) return reply(refused);
			if (type === PmdMeasurement.ACC) {
				// The rate asked for is the rate streamed; one an H10 does not offer is refused.
				const rateHz = c.settings?.sampleRateHz ?? 50;
				if (!ACC_RATES_HZ.includes(rateHz)) return reply(PmdStatus.INVALID_SAMPLE_RATE);
				this.acc = { rateHz, next: t };
			} else if (type === PmdMeasurement.ECG) this.ecg = { next: t };
			else return reply(PmdStatus.NOT_SUPPORTED);
			// An H10 ends its start reply with one byte: 01 for ACC, 00 for ECG.
			return reply(PmdStatus.SUCCESS, Uint8Array.of(type === PmdMeasurement.ACC ? 1 : 0));
		}
		if (c.opCode === PmdOp.STOP) {
			if (type === PmdMeasurement.ACC) this.acc = null;
			if (type === PmdMeasurement.ECG) this.ecg = null;
			return reply(PmdStatus.SUCCESS);
		}
		return reply(PmdStatus.NOT_SUPPORTED);
	}

	/** The link dropped: an H10 stops streaming. */
	disconnected(): void {
		this.acc = null;
		this.ecg = null;
	}

	/** Data frames due by device time `t` (each frame's last sample at or before t). */
	frames(t: number, signals: PmdSignals): Uint8Array[] {
		const out: Uint8Array[] = [];
		while (this.acc && t >= this.acc.next + ACC_PER_FRAME / this.acc.rateHz) {
			const { rateHz } = this.acc;
			const first = this.acc.next;
			this.acc.next += ACC_PER_FRAME / rateHz;
			const x: number[] = [];
			const y: number[] = [];
			const z: number[] = [];
			for (let i = 1; i <= ACC_PER_FRAME; i++) {
				const [ax, ay, az] = signals.acc(first + i / rateHz);
				x.push(Math.round(ax));
				y.push(Math.round(ay));
				z.push(Math.round(az));
			}
			out.push(encodePmdAccFrame({ timestampNs: polarNs(first + ACC_PER_FRAME / rateHz), x, y, z }));
		}
		while (this.ecg && t >= this.ecg.next + ECG_PER_FRAME / ECG_RATE_HZ) {
			const first = this.ecg.next;
			this.ecg.next += ECG_PER_FRAME / ECG_RATE_HZ;
			const uv: number[] = [];
			for (let i = 1; i <= ECG_PER_FRAME; i++) uv.push(Math.round(signals.ecg(first + i / ECG_RATE_HZ)));
			out.push(
				encodePmdEcgFrame({ timestampNs: polarNs(first + ECG_PER_FRAME / ECG_RATE_HZ), microVolts: uv })
			);
		}
		return out;
	}
}

function polarNs(t: number): bigint {
	return POLAR_EPOCH_OFFSET_NS + BigInt(Math.round(t * 1e9));
}
