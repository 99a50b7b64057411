/**
 * Vernier Go Direct Respiration Belt (GDX-RB): command packets, reassembly of split
 * notifications, replies and measurement packets. Sources: shared/docs/protocols.md section 3.
 */
import { bytesOf, decodePaddedUtf8, viewOf } from './bytes';
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
const MEASUREMENT_CODE = 0x20;
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
		return fail(`Go Direct command must start with 0x58, got 0x${hex2(bytes[0])}`);
	const framing = checkFraming(bytes, opts);
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

/** Length byte must match; checksum must match unless the caller opts out. Returns checksumValid. */
function checkFraming(bytes: Uint8Array, opts: GdxDecodeOptions): Decoded<boolean> {
	if (bytes[1] !== bytes.length)
		return fail(`Go Direct packet length byte says ${bytes[1]} but ${bytes.length} bytes are present`);
	const sum = gdxChecksum(bytes);
	const valid = sum === bytes[3];
	if (!valid && opts.verifyChecksum !== false) {
		return fail(`Go Direct checksum mismatch: packet says 0x${hex2(bytes[3])}, bytes sum to 0x${hex2(sum)}`);
	}
	return ok(valid);
}

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
	const framing = checkFraming(bytes, opts);
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
	if (measurementTypeName === undefined) return fail(`unknown Go Direct measurement type 0x${hex2(type)}`);
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

// ---------------------------------------------------------------- reply payloads

/** GET_SENSOR_IDS and GET_DEFAULT_SENSORS_MASK: a uint32 mask. */
export function decodeGdxSensorMask(payload: Uint8Array): Decoded<{ sensorMask: number; sensors: number[] }> {
	if (payload.length < 4) return fail(`sensor mask reply has ${payload.length} payload bytes, need 4`);
	const sensorMask = viewOf(payload).getUint32(0, true);
	return ok({ sensorMask, sensors: gdxSensorsFromMask(sensorMask) });
}

export interface GdxStatus {
	mainFirmware: [major: number, minor: number];
	bluetoothFirmware: [major: number, minor: number];
	batteryPercent: number;
	/** 0 idle, 1 charging, 2 complete, 3 error. */
	chargingState: number;
}

export function decodeGdxStatus(payload: Uint8Array): Decoded<GdxStatus> {
	if (payload.length < 12) return fail(`status reply has ${payload.length} payload bytes, need 12`);
	return ok({
		mainFirmware: [payload[2], payload[3]],
		// Offsets 6 and 9 as godirect-js reads them.
		bluetoothFirmware: [payload[6], payload[9]],
		batteryPercent: payload[10],
		chargingState: payload[11]
	});
}

export interface GdxDeviceInfo {
	orderCode: string;
	serialNumber: string;
	deviceName: string;
}

export function decodeGdxDeviceInfo(payload: Uint8Array): Decoded<GdxDeviceInfo> {
	if (payload.length < 64) return fail(`device info reply has ${payload.length} payload bytes, need 64`);
	return ok({
		orderCode: decodePaddedUtf8(payload.subarray(0, 16)),
		serialNumber: decodePaddedUtf8(payload.subarray(16, 32)),
		deviceName: decodePaddedUtf8(payload.subarray(32, 64))
	});
}

export interface GdxSensorInfo {
	sensorNumber: number;
	/** 0 = no such sensor. */
	sensorId: number;
	/** 0 real, 1 int32. */
	valueType: number;
	/** 0 periodic, 1 aperiodic. */
	samplingMode: number;
	description: string;
	unit: string;
	uncertainty: number;
	minValue: number;
	maxValue: number;
	minPeriodUs: number;
	maxPeriodUs: number;
	typicalPeriodUs: number;
	granularityUs: number;
	/** Sensors that cannot run together with this one. */
	mutualExclusionMask: number;
}

export function decodeGdxSensorInfo(payload: Uint8Array): Decoded<GdxSensorInfo> {
	if (payload.length < 148) return fail(`sensor info reply has ${payload.length} payload bytes, need 148`);
	const v = viewOf(payload);
	return ok({
		sensorNumber: payload[0],
		sensorId: v.getUint32(2, true),
		valueType: payload[6],
		samplingMode: payload[7],
		description: decodePaddedUtf8(payload.subarray(8, 68)),
		unit: decodePaddedUtf8(payload.subarray(68, 100)),
		uncertainty: v.getFloat64(100, true),
		minValue: v.getFloat64(108, true),
		maxValue: v.getFloat64(116, true),
		minPeriodUs: v.getUint32(124, true),
		// uint64 on the wire; any real period fits a Number.
		maxPeriodUs: Number(v.getBigUint64(128, true)),
		typicalPeriodUs: v.getUint32(136, true),
		granularityUs: v.getUint32(140, true),
		mutualExclusionMask: v.getUint32(144, true)
	});
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

function hex2(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}
