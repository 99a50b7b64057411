/**
 * Vernier Go Direct Respiration Belt (GDX-RB) packets (belt → app): reassembly of split
 * notifications, the packet decoder (replies and measurements), and the encoders the simulated
 * belt sends. Reply payloads are read by gdx-payloads.ts.
 * Primary sources: Vernier's own Go Direct libraries, github.com/VernierST/godirect-js
 * (src/Device.js, src/constants.js, src/WebBluetoothDeviceAdapter.js; BSD-3-Clause) and
 * github.com/VernierST/godirect-py (godirect/device.py, godirect/device_ble.py).
 */
import { bytesOf, hexByte } from './bytes';
import {
	checkGdxFraming,
	gdxChecksum,
	gdxCommandName,
	gdxSensorMask,
	gdxSensorsFromMask,
	type GdxDecodeOptions
} from './gdx-commands';
import { fail, ok, type Decoded } from './result';

/** Response code of measurement packets; any other code is a command reply. */
const MEASUREMENT_CODE = 0x20;

// ---------------------------------------------------------------- reassembly

/**
 * Joins notifications into whole packets: byte 1 of a packet is its total length, and a long
 * packet arrives over several notifications. Feed every notification of the response
 * characteristic to push(); it returns the packets completed by it (usually zero or one).
 */
export class GdxReassembler {
	/** Bytes received but not yet emitted live in buf[0, len); kept to avoid allocating per push. */
	private buf = new Uint8Array(512);
	private len = 0;

	push(chunk: DataView): Decoded<Uint8Array>[] {
		const incoming = bytesOf(chunk);
		if (this.len + incoming.length > this.buf.length) {
			const bigger = new Uint8Array(2 * (this.len + incoming.length));
			bigger.set(this.buf.subarray(0, this.len));
			this.buf = bigger;
		}
		this.buf.set(incoming, this.len);
		this.len += incoming.length;
		const out: Decoded<Uint8Array>[] = [];
		let start = 0;
		while (this.len - start >= 2) {
			const total = this.buf[start + 1];
			if (total < 4) {
				// No packet is shorter than its 4-byte header; the stream is out of step. Drop what
				// is buffered: the next notification normally starts a fresh packet.
				out.push(
					fail(
						`Go Direct packet claims a length of ${total} bytes; discarding ${this.len - start} buffered bytes`
					)
				);
				start = this.len;
				break;
			}
			if (this.len - start < total) break;
			out.push(ok(this.buf.slice(start, start + total)));
			start += total;
		}
		if (start > 0) {
			this.buf.copyWithin(0, start, this.len);
			this.len -= start;
		}
		return out;
	}

	/** Forget a partial packet (after reconnecting, or when a reply timed out). */
	reset(): void {
		this.len = 0;
	}

	/** Bytes waiting for the rest of their packet. */
	get pendingBytes(): number {
		return this.len;
	}
}

// ---------------------------------------------------------------- packets (belt → app)

interface GdxFraming {
	responseCode: number;
	length: number;
	deviceCounter: number;
	checksum: number;
	checksumValid: boolean;
}

export interface GdxReply extends GdxFraming {
	kind: 'command-reply';
	commandId: number;
	command: string;
	/** The rolling counter of the command answered; match on (commandId, commandCounter). */
	commandCounter: number;
	payload: Uint8Array;
}

export interface GdxMeasurement extends GdxFraming {
	kind: 'measurement';
	measurementType: number;
	measurementTypeName: string;
	sensorMask: number;
	/** Sensor numbers, ascending. */
	sensors: number[];
	sampleCount: number;
	/** One array per entry of `sensors`, `sampleCount` values each, oldest first. NaN is kept: the
	 * rate channel reads NaN until the belt has computed a rate. */
	values: Float64Array[];
}

/** START_TIME, DROPPED and PERIOD packets, which the official libraries ignore too. */
export interface GdxSkipped extends GdxFraming {
	kind: 'skipped';
	measurementType: number;
	measurementTypeName: string;
}

export type GdxPacket = GdxReply | GdxMeasurement | GdxSkipped;

const MEASUREMENT_TYPE_NAMES: Record<number, string> = {
	0x06: 'NORMAL_REAL32',
	0x07: 'WIDE_REAL32',
	0x08: 'SINGLE_CHANNEL_REAL32',
	0x09: 'SINGLE_CHANNEL_INT32',
	0x0a: 'APERIODIC_REAL32',
	0x0b: 'APERIODIC_INT32',
	0x0c: 'START_TIME',
	0x0d: 'DROPPED',
	0x0e: 'PERIOD'
};

/** Decode one whole packet (from GdxReassembler). */
export function decodeGdxPacket(view: DataView, opts: GdxDecodeOptions = {}): Decoded<GdxPacket> {
	const len = view.byteLength;
	if (len < 5) return fail(`Go Direct packet too short: ${len} bytes, need at least 5`);
	const bytes = bytesOf(view);
	const framing = checkGdxFraming(bytes, opts);
	if (!framing.ok) return framing;
	const head: GdxFraming = {
		responseCode: bytes[0],
		length: bytes[1],
		deviceCounter: bytes[2],
		checksum: bytes[3],
		checksumValid: framing.value
	};
	if (bytes[0] !== MEASUREMENT_CODE) {
		if (len < 6) return fail(`Go Direct reply too short: ${len} bytes, need at least 6`);
		return ok({
			kind: 'command-reply',
			...head,
			commandId: bytes[4],
			command: gdxCommandName(bytes[4]),
			commandCounter: bytes[5],
			payload: bytes.slice(6)
		});
	}
	const type = bytes[4];
	const measurementTypeName = MEASUREMENT_TYPE_NAMES[type];
	if (measurementTypeName === undefined) return fail(`unknown Go Direct measurement type 0x${hexByte(type)}`);
	if (type >= 0x0c) return ok({ kind: 'skipped', ...head, measurementType: type, measurementTypeName });

	// Where the mask, count and first value sit depends on the type.
	let sensorMask: number;
	let count: number;
	let start: number;
	if (type === 0x06) {
		if (len < 9) return fail(`${measurementTypeName} packet too short: ${len} bytes, need at least 9`);
		sensorMask = view.getUint16(5, true);
		count = bytes[7];
		start = 9;
	} else if (type === 0x07) {
		if (len < 11) return fail(`${measurementTypeName} packet too short: ${len} bytes, need at least 11`);
		sensorMask = view.getUint32(5, true);
		count = bytes[9];
		start = 11;
	} else {
		if (len < 8) return fail(`${measurementTypeName} packet too short: ${len} bytes, need at least 8`);
		if (bytes[6] > 31)
			return fail(`${measurementTypeName} packet names sensor ${bytes[6]}; sensors are 0..31`);
		sensorMask = (1 << bytes[6]) >>> 0;
		count = bytes[7];
		start = 8;
	}
	const sensors = gdxSensorsFromMask(sensorMask);
	const need = start + 4 * count * sensors.length;
	if (len < need) {
		return fail(
			`${measurementTypeName} packet announces ${count} samples of ${sensors.length} sensors (${need} bytes) but has ${len}`
		);
	}
	const isInt = type === 0x09 || type === 0x0b;
	const values = sensors.map(() => new Float64Array(count));
	// Grouped by sample: for each sample, one value per enabled sensor in ascending order.
	for (let i = 0, o = start; i < count; i++) {
		for (let s = 0; s < sensors.length; s++, o += 4) {
			values[s][i] = isInt ? view.getInt32(o, true) : view.getFloat32(o, true);
		}
	}
	return ok({
		kind: 'measurement',
		...head,
		measurementType: type,
		measurementTypeName,
		sensorMask,
		sensors,
		sampleCount: count,
		values
	});
}

/** Whether a reply answers this command: replies carry the command's id and counter. */
export function gdxReplyMatches(reply: GdxReply, sent: { commandId: number; counter: number }): boolean {
	return reply.commandId === sent.commandId && reply.commandCounter === sent.counter;
}

// ---------------------------------------------------------------- encoders for the simulator

export interface GdxMeasurementInput {
	deviceCounter: number;
	/** Sensor numbers, ascending, 0-31. */
	sensors: readonly number[];
	/** One array per sensor, equal lengths (the sample count). */
	values: readonly ArrayLike<number>[];
}

/**
 * A measurement packet as the belt sends it: NORMAL_REAL32 when every sensor is below 16, else
 * WIDE_REAL32. The packet must fit its 1-byte length: at most 255 bytes.
 */
export function encodeGdxMeasurement(m: GdxMeasurementInput): Uint8Array {
	const { sensors, values } = m;
	if (values.length !== sensors.length) throw new RangeError('one value array per sensor is needed');
	for (let i = 1; i < sensors.length; i++)
		if (sensors[i] <= sensors[i - 1]) throw new RangeError('sensors must ascend');
	const mask = gdxSensorMask(sensors);
	const count = values.length > 0 ? values[0].length : 0;
	if (values.some((v) => v.length !== count)) throw new RangeError('value arrays differ in length');
	const wide = mask > 0xffff;
	const start = wide ? 11 : 9;
	const length = start + 4 * count * sensors.length;
	if (count > 0xff || length > 0xff)
		throw new RangeError(`${count} samples of ${sensors.length} sensors do not fit one packet`);
	const out = new Uint8Array(length);
	const v = new DataView(out.buffer);
	out[0] = MEASUREMENT_CODE;
	out[1] = length;
	out[2] = m.deviceCounter & 0xff;
	out[4] = wide ? 0x07 : 0x06;
	if (wide) {
		v.setUint32(5, mask, true);
		out[9] = count;
	} else {
		v.setUint16(5, mask, true);
		out[7] = count;
	}
	for (let i = 0, o = start; i < count; i++) {
		for (let s = 0; s < sensors.length; s++, o += 4) v.setFloat32(o, values[s][i], true);
	}
	out[3] = gdxChecksum(out);
	return out;
}

export interface GdxReplyInput {
	/** 0x98 is the code seen on a real GET_SENSOR_IDS reply. */
	responseCode?: number;
	deviceCounter: number;
	commandId: number;
	commandCounter: number;
	payload?: ArrayLike<number>;
}

/** A command reply as the belt sends it, for the simulated belt. */
export function encodeGdxReply(r: GdxReplyInput): Uint8Array {
	const payload = r.payload ?? [];
	const length = 6 + payload.length;
	if (length > 0xff) throw new RangeError(`reply of ${length} bytes is longer than 255`);
	const code = r.responseCode ?? 0x98;
	if (code === MEASUREMENT_CODE) throw new RangeError('0x20 is the measurement code, not a reply code');
	const out = new Uint8Array(length);
	out[0] = code;
	out[1] = length;
	out[2] = r.deviceCounter & 0xff;
	out[4] = r.commandId;
	out[5] = r.commandCounter & 0xff;
	out.set(Array.from(payload), 6);
	out[3] = gdxChecksum(out);
	return out;
}
