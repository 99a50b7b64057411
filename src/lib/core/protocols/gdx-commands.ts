/**
 * Vernier Go Direct Respiration Belt (GDX-RB) commands (app → belt): ids, the shared packet
 * framing (length byte and checksum), the command builder, the rolling-counter writer, and the
 * command parser the simulated belt uses.
 * Primary sources: Vernier's own Go Direct libraries, github.com/VernierST/godirect-js
 * (src/Device.js, src/constants.js, src/WebBluetoothDeviceAdapter.js; BSD-3-Clause) and
 * github.com/VernierST/godirect-py (godirect/device.py, godirect/device_ble.py).
 */
import { bytesOf, hexByte } from './bytes';
import { fail, ok, type Decoded } from './result';

export const GDX_SERVICE = 'd91714ef-28b9-4f91-ba16-f0d9a604f112';
/** Written by the app (split into writes of at most 20 bytes). */
export const GDX_COMMAND = 'f4bf14a6-c7d5-4b6d-8aa8-df1a7c83adcb';
/** Notified by the belt. */
export const GDX_RESPONSE = 'b41e6675-a329-40e0-aa01-44d2f444babe';
/** Advertised names are this prefix, a space and the serial number. */
export const GDX_RB_NAME_PREFIX = 'GDX-RB';

export const GdxCommandId = {
	GET_STATUS: 0x10,
	START_MEASUREMENTS: 0x18,
	STOP_MEASUREMENTS: 0x19,
	INIT: 0x1a,
	SET_MEASUREMENT_PERIOD: 0x1b,
	GET_SENSOR_INFO: 0x50,
	GET_SENSOR_IDS: 0x51,
	DISCONNECT: 0x54,
	GET_DEVICE_INFO: 0x55,
	GET_DEFAULT_SENSORS_MASK: 0x56
} as const;

const COMMAND_NAMES = new Map<number, string>(Object.entries(GdxCommandId).map(([k, v]) => [v, k]));

export function gdxCommandName(id: number): string {
	return COMMAND_NAMES.get(id) ?? `UNKNOWN_0x${id.toString(16).toUpperCase().padStart(2, '0')}`;
}

const COMMAND_HEADER = 0x58;
/** The fixed INIT body of the official libraries. */
const INIT_BODY = [
	0xa5, 0x4a, 0x06, 0x49, 0x07, 0x48, 0x08, 0x47, 0x09, 0x46, 0x0a, 0x45, 0x0b, 0x44, 0x0c, 0x43, 0x0d, 0x42,
	0x0e, 0x41
];

/** Sum of every byte except the checksum (byte 3), modulo 256. */
export function gdxChecksum(packet: Uint8Array): number {
	let sum = 0;
	for (let i = 0; i < packet.length; i++) if (i !== 3) sum += packet[i];
	return sum & 0xff;
}

// ---------------------------------------------------------------- commands (app → belt)

/** `[58][length][counter][checksum][id][body…]` with the checksum filled in. */
export function buildGdxCommand(commandId: number, body: ArrayLike<number>, counter: number): Uint8Array {
	const length = 5 + body.length;
	if (length > 0xff) throw new RangeError(`command of ${length} bytes is longer than 255`);
	const out = new Uint8Array(length);
	out[0] = COMMAND_HEADER;
	out[1] = length;
	out[2] = counter & 0xff;
	out[4] = commandId;
	out.set(Array.from(body), 5);
	out[3] = gdxChecksum(out);
	return out;
}

/** Bit n set for each sensor number n (0-31). */
export function gdxSensorMask(sensors: readonly number[]): number {
	let mask = 0;
	for (const s of sensors) {
		if (!Number.isInteger(s) || s < 0 || s > 31)
			throw new RangeError(`sensor number ${s} out of range 0..31`);
		mask |= 1 << s;
	}
	return mask >>> 0;
}

export function gdxSensorsFromMask(mask: number): number[] {
	const sensors: number[] = [];
	for (let s = 0; s < 32; s++) if ((mask >>> s) & 1) sensors.push(s);
	return sensors;
}

/** A command ready to write, with the (id, counter) pair its reply will carry. */
export interface GdxOutgoing {
	bytes: Uint8Array;
	commandId: number;
	counter: number;
}

/**
 * Builds commands with the rolling counter the belt expects: it starts at 0xFF, is decremented
 * before each command (so INIT carries 0xFE) and wraps from 0x00 to 0xFF. INIT resets it.
 */
export class GdxCommandWriter {
	private counter = 0xff;

	private next(commandId: number, body: ArrayLike<number> = []): GdxOutgoing {
		this.counter = (this.counter - 1) & 0xff;
		return { bytes: buildGdxCommand(commandId, body, this.counter), commandId, counter: this.counter };
	}

	init(): GdxOutgoing {
		this.counter = 0xff;
		return this.next(GdxCommandId.INIT, INIT_BODY);
	}
	getStatus(): GdxOutgoing {
		return this.next(GdxCommandId.GET_STATUS);
	}
	getDeviceInfo(): GdxOutgoing {
		return this.next(GdxCommandId.GET_DEVICE_INFO);
	}
	getSensorIds(): GdxOutgoing {
		return this.next(GdxCommandId.GET_SENSOR_IDS);
	}
	getDefaultSensorsMask(): GdxOutgoing {
		return this.next(GdxCommandId.GET_DEFAULT_SENSORS_MASK);
	}
	getSensorInfo(sensor: number): GdxOutgoing {
		if (!Number.isInteger(sensor) || sensor < 0 || sensor > 0xff)
			throw new RangeError(`sensor ${sensor} out of range`);
		return this.next(GdxCommandId.GET_SENSOR_INFO, [sensor]);
	}
	/** Period in microseconds (official libraries never go below 10 000 µs). */
	setMeasurementPeriod(periodUs: number): GdxOutgoing {
		if (!Number.isInteger(periodUs) || periodUs <= 0 || periodUs > 0xffffffff)
			throw new RangeError(`period ${periodUs} µs out of range`);
		return this.next(GdxCommandId.SET_MEASUREMENT_PERIOD, [0xff, 0x00, ...u32(periodUs), 0, 0, 0, 0]);
	}
	/** Start the sensors in `mask` (see gdxSensorMask); the belt's force is sensor 1, rate sensor 2. */
	start(mask: number): GdxOutgoing {
		return this.next(GdxCommandId.START_MEASUREMENTS, [
			0xff,
			0x01,
			...u32(mask >>> 0),
			0,
			0,
			0,
			0,
			0,
			0,
			0,
			0
		]);
	}
	stop(): GdxOutgoing {
		return this.next(GdxCommandId.STOP_MEASUREMENTS, [0xff, 0x00, 0xff, 0xff, 0xff, 0xff]);
	}
	disconnect(): GdxOutgoing {
		return this.next(GdxCommandId.DISCONNECT);
	}
}

function u32(v: number): number[] {
	return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export interface GdxCommandPacket {
	length: number;
	rollingCounter: number;
	checksum: number;
	checksumValid: boolean;
	commandId: number;
	command: string;
	body: Uint8Array;
}

export interface GdxDecodeOptions {
	/** Reject packets whose checksum is wrong (default true). */
	verifyChecksum?: boolean;
}

/** Parse a command write; the simulated belt uses this to answer the app. */
export function decodeGdxCommand(view: DataView, opts: GdxDecodeOptions = {}): Decoded<GdxCommandPacket> {
	const len = view.byteLength;
	if (len < 5) return fail(`Go Direct command too short: ${len} bytes, need at least 5`);
	const bytes = bytesOf(view);
	if (bytes[0] !== COMMAND_HEADER)
		return fail(`Go Direct command must start with 0x58, got 0x${hexByte(bytes[0])}`);
	const framing = checkGdxFraming(bytes, opts);
	if (!framing.ok) return framing;
	return ok({
		length: bytes[1],
		rollingCounter: bytes[2],
		checksum: bytes[3],
		checksumValid: framing.value,
		commandId: bytes[4],
		command: gdxCommandName(bytes[4]),
		body: bytes.slice(5)
	});
}

/**
 * Framing shared by commands and belt packets: the length byte must match; the checksum must match
 * unless the caller opts out. Returns checksumValid.
 */
export function checkGdxFraming(bytes: Uint8Array, opts: GdxDecodeOptions): Decoded<boolean> {
	if (bytes[1] !== bytes.length)
		return fail(`Go Direct packet length byte says ${bytes[1]} but ${bytes.length} bytes are present`);
	const sum = gdxChecksum(bytes);
	const valid = sum === bytes[3];
	if (!valid && opts.verifyChecksum !== false) {
		return fail(
			`Go Direct checksum mismatch: packet says 0x${hexByte(bytes[3])}, bytes sum to 0x${hexByte(sum)}`
		);
	}
	return ok(valid);
}
