/**
 * Polar Measurement Data (PMD) service of the Polar H10: feature map, control-point commands and
 * replies, settings lists, and ECG / ACC data frames with per-sample timestamps.
 * Layouts and sources: shared/docs/protocols.md section 2.
 */
import { bytesOf, getInt24, viewOf } from './bytes';
import { fail, ok, type Decoded } from './result';

export const PMD_SERVICE = 'fb005c80-02e7-f387-1cad-8acd2d8df0c8';
/** Read (feature map), write (commands), indicate (replies and notices). */
export const PMD_CONTROL_POINT = 'fb005c81-02e7-f387-1cad-8acd2d8df0c8';
/** Notify: data frames. */
export const PMD_DATA = 'fb005c82-02e7-f387-1cad-8acd2d8df0c8';

/** Measurement type ids (PolarSDK PmdMeasurementType). */
export const PmdMeasurement = {
	ECG: 0,
	PPG: 1,
	ACC: 2,
	PPI: 3,
	GYRO: 5,
	MAGNETOMETER: 6,
	SKIN_TEMPERATURE: 7,
	SDK_MODE: 9,
	LOCATION: 10,
	PRESSURE: 11,
	TEMPERATURE: 12,
	OFFLINE_RECORDING: 13,
	OFFLINE_HR: 14
} as const;

const MEASUREMENT_NAMES = new Map<number, string>(Object.entries(PmdMeasurement).map(([k, v]) => [v, k]));

/** 'ECG', 'ACC', 'SDK_MODE', … or 'TYPE_<n>' for ids Polar has not named. */
export function pmdMeasurementName(type: number): string {
	return MEASUREMENT_NAMES.get(type) ?? `TYPE_${type}`;
}

// ---------------------------------------------------------------- feature map

export interface PmdFeatures {
	supportedMeasurementTypes: number[];
	supportedMeasurements: string[];
}

/** The control-point read: 0x0F then a bitmap, bit n = measurement type n. */
export function decodePmdFeatures(view: DataView): Decoded<PmdFeatures> {
	if (view.byteLength < 2)
		return fail(`PMD feature map too short: ${view.byteLength} bytes, need at least 2`);
	const code = view.getUint8(0);
	if (code !== 0x0f) return fail(`PMD feature map must start with 0x0F, got 0x${hex2(code)}`);
	const types: number[] = [];
	for (let i = 1; i < view.byteLength; i++) {
		const b = view.getUint8(i);
		for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) types.push((i - 1) * 8 + bit);
	}
	return ok({ supportedMeasurementTypes: types, supportedMeasurements: types.map(pmdMeasurementName) });
}

/** Feature-map read value for a simulated sensor; 17 bytes like the H10's. */
export function encodePmdFeatures(types: readonly number[]): Uint8Array {
	const out = new Uint8Array(17);
	out[0] = 0x0f;
	for (const t of types) {
		if (!Number.isInteger(t) || t < 0 || t >= 128) throw new RangeError(`measurement type ${t} out of range`);
		out[1 + (t >> 3)] |= 1 << (t & 7);
	}
	return out;
}

// ---------------------------------------------------------------- settings lists

/**
 * A settings list: each present setting with its values. In a get-settings reply these are the
 * offered choices; in a start command each has exactly one value.
 */
export interface PmdSettings {
	sampleRateHz?: number[];
	resolutionBits?: number[];
	/** Full scale; G for ACC. */
	range?: number[];
	/** Full scale in milli-units. */
	rangeMilliUnit?: number[];
	channels?: number[];
	/** Only in replies: multiply compressed sample values by this (float32). */
	scalingFactor?: number[];
	security?: Uint8Array[];
}

type SettingKey = keyof PmdSettings;
/** Setting types 0-6 in order, with the byte width of one value (PolarSDK PmdSetting). */
const SETTING_KEYS: readonly SettingKey[] = [
	'sampleRateHz',
	'resolutionBits',
	'range',
	'rangeMilliUnit',
	'channels',
	'scalingFactor',
	'security'
];
const SETTING_WIDTHS = [2, 2, 2, 4, 1, 4, 16];

/**
 * `[type u8][count u8][count values]…`. An unknown type ends parsing with an error: its value
 * width is unknown, so nothing after it can be located.
 */
export function decodePmdSettings(view: DataView): Decoded<PmdSettings> {
	const settings: PmdSettings = {};
	const len = view.byteLength;
	let offset = 0;
	while (offset < len) {
		const type = view.getUint8(offset);
		if (type >= SETTING_KEYS.length) {
			return fail(
				`unknown PMD setting type ${type} at byte ${offset}: its width is unknown, so the rest cannot be read`
			);
		}
		const key = SETTING_KEYS[type];
		if (offset + 2 > len) return fail(`PMD setting ${key} at byte ${offset} has no value count`);
		const count = view.getUint8(offset + 1);
		const width = SETTING_WIDTHS[type];
		offset += 2;
		if (offset + count * width > len) {
			return fail(
				`PMD setting ${key} announces ${count} values of ${width} bytes but only ${len - offset} bytes remain`
			);
		}
		for (let i = 0; i < count; i++, offset += width) {
			if (key === 'security') {
				(settings.security ??= []).push(bytesOf(view).slice(offset, offset + width));
				continue;
			}
			let v: number;
			if (key === 'scalingFactor') v = view.getFloat32(offset, true);
			else if (width === 4) v = view.getUint32(offset, true);
			else if (width === 2) v = view.getUint16(offset, true);
			else v = view.getUint8(offset);
			(settings[key] ??= []).push(v);
		}
	}
	return ok(settings);
}

/** Settings list bytes, settings in type order. Throws RangeError on values that do not fit. */
export function encodePmdSettings(settings: PmdSettings): Uint8Array {
	const parts: number[] = [];
	SETTING_KEYS.forEach((key, type) => {
		const values = settings[key];
		if (values === undefined) return;
		if (values.length > 255) throw new RangeError(`too many values for ${key}`);
		const width = SETTING_WIDTHS[type];
		parts.push(type, values.length);
		for (const v of values) {
			const cell = new DataView(new ArrayBuffer(width));
			if (v instanceof Uint8Array) {
				if (v.length !== width) throw new RangeError(`${key} value must be ${width} bytes`);
				new Uint8Array(cell.buffer).set(v);
			} else if (key === 'scalingFactor') {
				cell.setFloat32(0, v, true);
			} else {
				const max = 2 ** (8 * width) - 1;
				if (!Number.isInteger(v) || v < 0 || v > max)
					throw new RangeError(`${key} ${v} is not an integer in 0..${max}`);
				if (width === 4) cell.setUint32(0, v, true);
				else if (width === 2) cell.setUint16(0, v, true);
				else cell.setUint8(0, v);
			}
			for (let i = 0; i < width; i++) parts.push(cell.getUint8(i));
		}
	});
	return Uint8Array.from(parts);
}

// ---------------------------------------------------------------- commands (app → sensor)

const OP_NAMES = [
	'unknown',
	'get-settings',
	'start',
	'stop',
	'get-sdk-mode-settings',
	'get-measurement-status',
	'get-sdk-mode-status',
	'get-offline-trigger-status',
	'set-offline-trigger-mode',
	'set-offline-trigger-settings'
];

/** 'get-settings', 'start', 'stop', … for control-point op codes; 'unknown' otherwise. */
export function pmdOpName(op: number): string {
	return OP_NAMES[op] ?? 'unknown';
}

/** Settings for a start command: one value each. */
export interface PmdStartSettings {
	sampleRateHz?: number;
	resolutionBits?: number;
	range?: number;
	rangeMilliUnit?: number;
	channels?: number;
}

/** Bit 7 of the type byte selects an offline recording; live streams leave it clear. */
function typeByte(type: number, offline: boolean): number {
	if (!Number.isInteger(type) || type < 0 || type > 0x7f)
		throw new RangeError(`measurement type ${type} out of range`);
	return type | (offline ? 0x80 : 0);
}

export function buildPmdGetSettings(type: number, offline = false): Uint8Array {
	return Uint8Array.of(0x01, typeByte(type, offline));
}

/** e.g. ECG: buildPmdStart(0, { sampleRateHz: 130, resolutionBits: 14 }). */
export function buildPmdStart(type: number, settings: PmdStartSettings, offline = false): Uint8Array {
	const list: PmdSettings = {};
	for (const key of ['sampleRateHz', 'resolutionBits', 'range', 'rangeMilliUnit', 'channels'] as const) {
		const v = settings[key];
		if (v !== undefined) list[key] = [v];
	}
	const body = encodePmdSettings(list);
	const out = new Uint8Array(2 + body.length);
	out[0] = 0x02;
	out[1] = typeByte(type, offline);
	out.set(body, 2);
	return out;
}

/** Always send this when done: an H10 left streaming stays powered until its battery is flat. */
export function buildPmdStop(type: number, offline = false): Uint8Array {
	return Uint8Array.of(0x03, typeByte(type, offline));
}

export function buildPmdGetSdkModeSettings(type: number): Uint8Array {
	return Uint8Array.of(0x04, typeByte(type, false));
}

export function buildPmdGetSdkModeStatus(): Uint8Array {
	return Uint8Array.of(0x06);
}

export interface PmdCommand {
	opCode: number;
	op: string;
	/** null for op codes that carry no type (05, 06, and those not understood). */
	measurementType: number | null;
	measurement: string | null;
	offlineRecording: boolean;
	/** Start commands only. */
	settings?: PmdStartSettings;
	/** Bytes after the op code and type that were not interpreted. */
	rest: Uint8Array;
}

/** Parse a control-point write; the simulated sensor uses this to answer the app. */
export function decodePmdCommand(view: DataView): Decoded<PmdCommand> {
	if (view.byteLength === 0) return fail('empty PMD command');
	const opCode = view.getUint8(0);
	const op = pmdOpName(opCode);
	const bytes = bytesOf(view);
	// Ops 1-4 address one measurement type; the others carry none (or a layout not handled here).
	if (opCode < 1 || opCode > 4) {
		return ok({
			opCode,
			op,
			measurementType: null,
			measurement: null,
			offlineRecording: false,
			rest: bytes.slice(1)
		});
	}
	if (view.byteLength < 2) return fail(`PMD ${op} command has no measurement type byte`);
	const tb = view.getUint8(1);
	const measurementType = tb & 0x7f;
	const command: PmdCommand = {
		opCode,
		op,
		measurementType,
		measurement: pmdMeasurementName(measurementType),
		offlineRecording: (tb & 0x80) !== 0,
		rest: new Uint8Array(0)
	};
	if (opCode !== 2) {
		command.rest = bytes.slice(2);
		return ok(command);
	}
	const parsed = decodePmdSettings(viewOf(bytes, 2));
	if (!parsed.ok) return fail(`PMD start command: ${parsed.error}`);
	const settings: PmdStartSettings = {};
	for (const key of ['sampleRateHz', 'resolutionBits', 'range', 'rangeMilliUnit', 'channels'] as const) {
		const values = parsed.value[key];
		if (values === undefined) continue;
		if (values.length !== 1)
			return fail(`PMD start command: ${key} must have exactly one value, got ${values.length}`);
		settings[key] = values[0];
	}
	command.settings = settings;
	return ok(command);
}

// ---------------------------------------------------------------- replies (sensor → app)

const STATUS_NAMES = [
	'success',
	'invalid op code',
	'invalid measurement type',
	'not supported',
	'invalid length',
	'invalid parameter',
	'already in that state',
	'invalid resolution',
	'invalid sample rate',
	'invalid range',
	'invalid MTU',
	'invalid number of channels',
	'invalid state',
	'device in charger',
	'disk full'
];

export function pmdStatusName(status: number): string {
	return STATUS_NAMES[status] ?? `unknown status ${status}`;
}

/** `[F0][op][type][status][more][parameters…]`, the answer to a command. */
export interface PmdResponse {
	kind: 'response';
	opCode: number;
	op: string;
	measurementType: number;
	status: number;
	statusName: string;
	/** Another indication will continue `parameters` (see mergePmdContinuation). */
	more: boolean;
	parameters: Uint8Array;
}

/** Unprompted indication `01 <types…>`: the sensor stopped these streams itself. */
export interface PmdStoppedNotice {
	kind: 'stopped';
	measurementTypes: number[];
}

export type PmdControlPointMessage = PmdResponse | PmdStoppedNotice;

export function decodePmdControlPoint(view: DataView): Decoded<PmdControlPointMessage> {
	const len = view.byteLength;
	if (len === 0) return fail('empty PMD control-point indication');
	const code = view.getUint8(0);
	if (code === 0x01) {
		const types: number[] = [];
		for (let i = 1; i < len; i++) types.push(view.getUint8(i) & 0x7f);
		return ok({ kind: 'stopped', measurementTypes: types });
	}
	if (code !== 0xf0) return fail(`unknown PMD control-point indication starting 0x${hex2(code)}`);
	if (len < 4) return fail(`PMD reply too short: ${len} bytes, need at least 4`);
	const opCode = view.getUint8(1);
	const status = view.getUint8(3);
	// Error replies are 4 bytes: no `more`, no parameters. Anything after them is ignored, as
	// the Polar SDK does. A success reply may also stop after the status (some stop replies).
	const success = status === 0;
	const more = success && len > 4 && view.getUint8(4) !== 0;
	const parameters = success && len > 5 ? bytesOf(view).slice(5) : new Uint8Array(0);
	return ok({
		kind: 'response',
		opCode,
		op: pmdOpName(opCode),
		measurementType: view.getUint8(2) & 0x7f,
		status,
		statusName: pmdStatusName(status),
		more,
		parameters
	});
}

/** Join a reply that announced `more` with the next indication, whose bytes from 5 continue it. */
export function mergePmdContinuation(first: PmdResponse, next: DataView): Decoded<PmdResponse> {
	const decoded = decodePmdControlPoint(next);
	if (!decoded.ok) return decoded;
	const n = decoded.value;
	if (n.kind !== 'response') return fail('expected a continuation reply, got a stop notice');
	if (n.opCode !== first.opCode || n.measurementType !== first.measurementType) {
		return fail(
			`continuation is for op ${n.opCode} type ${n.measurementType}, not op ${first.opCode} type ${first.measurementType}`
		);
	}
	if (n.status !== 0) return fail(`continuation reply has status ${n.status} (${n.statusName})`);
	const parameters = new Uint8Array(first.parameters.length + n.parameters.length);
	parameters.set(first.parameters);
	parameters.set(n.parameters, first.parameters.length);
	return ok({ ...first, more: n.more, parameters });
}

/** Settings offered in a successful get-settings reply (after merging continuations). */
export function pmdReplySettings(reply: PmdResponse): Decoded<PmdSettings> {
	if (reply.status !== 0) return fail(`reply has status ${reply.status} (${reply.statusName})`);
	return decodePmdSettings(viewOf(reply.parameters));
}

/**
 * Scaling factor for compressed frames, from a successful start reply. The H10 ends its start
 * replies with one byte that is not a settings list (00 for ECG, 01 for ACC): factor 1.0.
 */
export function pmdStartScalingFactor(reply: PmdResponse): Decoded<number> {
	if (reply.status !== 0) return fail(`start failed: status ${reply.status} (${reply.statusName})`);
	if (reply.parameters.length <= 1) return ok(1);
	const settings = decodePmdSettings(viewOf(reply.parameters));
	if (!settings.ok) return fail(`start reply: ${settings.error}`);
	return ok(settings.value.scalingFactor?.[0] ?? 1);
}

export interface PmdResponseInput {
	opCode: number;
	measurementType: number;
	status: number;
	more?: boolean;
	parameters?: Uint8Array;
}

/** A control-point reply as a sensor indicates it; errors are 4 bytes, like the H10's. */
export function encodePmdResponse(r: PmdResponseInput): Uint8Array {
	for (const v of [r.opCode, r.measurementType, r.status]) {
		if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`reply byte ${v} out of range`);
	}
	if (r.status !== 0) return Uint8Array.of(0xf0, r.opCode, r.measurementType, r.status);
	const params = r.parameters ?? new Uint8Array(0);
	const out = new Uint8Array(5 + params.length);
	out.set([0xf0, r.opCode, r.measurementType, 0, r.more ? 1 : 0]);
	out.set(params, 5);
	return out;
}

/** The unprompted "measurement stopped" indication. */
export function encodePmdStoppedNotice(types: readonly number[]): Uint8Array {
	return Uint8Array.from([0x01, ...types.map((t) => typeByte(t, false))]);
}

// ---------------------------------------------------------------- data frames

/** Decoder state a frame needs that is not inside its bytes. */
export interface PmdFrameContext {
	/** The rate chosen at start; sets the sample spacing of a stream's first frame. */
	sampleRateHz: number;
	/** Header timestamp of the previous frame of this stream; null/undefined/0n for the first. */
	previousTimestampNs?: bigint | null;
	/** Scaling factor from the start reply (pmdStartScalingFactor); default 1. */
	factor?: number;
}

interface PmdFrameCommon {
	measurementType: number;
	measurement: string;
	/** Bits 0-6 of the frame-type byte. */
	frameType: number;
	/** Bit 7 of the frame-type byte: delta-compressed. */
	compressed: boolean;
	/** Nanoseconds since 2000-01-01T00:00:00Z of the last sample. */
	timestampNs: bigint;
	sampleCount: number;
	/** Per-sample times on the same scale; the last equals timestampNs. */
	sampleTimestampsNs: BigInt64Array;
}

export interface PmdEcgFrame extends PmdFrameCommon {
	kind: 'ecg';
	/**
	 * Microvolts. Frame type 0 (H10) is signed 24-bit; types 1 and 2 are the Polar SDK's
	 * unsigned 14- and 18-bit readings; type 3 is channel 0.
	 */
	microVolts: Float64Array;
	/** Type 3 only: channel 1. */
	secondChannel: Float64Array | null;
	/**
	 * Types 1-3: the raw status byte per sample. Type 1: bit 0 oversampling, bits 1-2 skin
	 * contact, bits 3-4 contact impedance; type 2: bits 2-4 ECG tag, bits 5-7 pace tag (the
	 * value's top 2 bits sit in bits 0-1); type 3: the status byte.
	 */
	status: Uint8Array | null;
}

export interface PmdAccFrame extends PmdFrameCommon {
	kind: 'acc';
	/** Milli-G, sensor axes. */
	x: Float64Array;
	y: Float64Array;
	z: Float64Array;
}

export type PmdDataFrame = PmdEcgFrame | PmdAccFrame;

const HEADER = 10;
/** Frames dated 2^63 ns (year 2292) or later are corrupt; it keeps times in a BigInt64Array. */
const MAX_TIMESTAMP = 1n << 63n;

export function decodePmdDataFrame(view: DataView, ctx: PmdFrameContext): Decoded<PmdDataFrame> {
	const len = view.byteLength;
	if (len < HEADER)
		return fail(`PMD data frame too short: ${len} bytes, need at least ${HEADER} for the header`);
	const measurementType = view.getUint8(0) & 0x3f;
	const timestampNs = view.getBigUint64(1, true);
	const ftByte = view.getUint8(9);
	const frameType = ftByte & 0x7f;
	const compressed = (ftByte & 0x80) !== 0;
	if (timestampNs >= MAX_TIMESTAMP) return fail(`PMD frame timestamp ${timestampNs} ns is implausibly large`);
	const prev = ctx.previousTimestampNs ?? 0n;
	if (prev !== 0n && timestampNs <= prev) {
		return fail(`PMD frame timestamp ${timestampNs} ns is not later than the previous frame's ${prev} ns`);
	}
	const payload = bytesOf(view).subarray(HEADER);
	const common = {
		measurementType,
		measurement: pmdMeasurementName(measurementType),
		frameType,
		compressed,
		timestampNs
	};
	const kindName = `${compressed ? 'compressed ' : ''}frame type ${frameType}`;

	if (measurementType === PmdMeasurement.ECG) {
		if (compressed) return fail(`ECG ${kindName} is not supported`);
		const ecg = decodeEcgPayload(payload, frameType);
		if (!ecg.ok) return ecg;
		const times = pmdSampleTimestamps(timestampNs, prev, ecg.value.microVolts.length, ctx.sampleRateHz);
		if (!times.ok) return times;
		return ok({
			kind: 'ecg',
			...common,
			sampleCount: ecg.value.microVolts.length,
			sampleTimestampsNs: times.value,
			...ecg.value
		});
	}
	if (measurementType === PmdMeasurement.ACC) {
		const acc = compressed
			? decodeCompressedAcc(payload, frameType, ctx.factor ?? 1)
			: decodeRawAcc(payload, frameType);
		if (!acc.ok) return acc;
		const [x, y, z] = acc.value;
		const times = pmdSampleTimestamps(timestampNs, prev, x.length, ctx.sampleRateHz);
		if (!times.ok) return times;
		return ok({ kind: 'acc', ...common, sampleCount: x.length, sampleTimestampsNs: times.value, x, y, z });
	}
	return fail(`PMD measurement type ${measurementType} (${common.measurement}) is not supported`);
}

/**
 * Per-sample times: evenly spaced, the last at the header timestamp. Spacing is 1e9/rate for a
 * stream's first frame, else (timestamp - previous) / n. The offsets from the header time are
 * computed exactly as fractions and rounded to the nearest ns, halves up (toward the earlier
 * instant); float64 on the full ~6e17 values would be off by up to ~100 ns.
 */
export function pmdSampleTimestamps(
	timestampNs: bigint,
	previousTimestampNs: bigint | null | undefined,
	n: number,
	sampleRateHz: number
): Decoded<BigInt64Array> {
	if (!Number.isInteger(n) || n <= 0) return fail('PMD frame has no samples');
	const prev = previousTimestampNs ?? 0n;
	// Frame timestamps are unsigned; a negative "previous" is a caller bug that would otherwise
	// push sample times outside the signed 64-bit range of the output.
	if (prev < 0n) return fail(`previous timestamp ${prev} ns is negative`);
	let num: bigint;
	let den: bigint;
	if (prev === 0n) {
		if (!Number.isInteger(sampleRateHz) || sampleRateHz <= 0 || sampleRateHz > 1e9) {
			return fail(`sample rate ${sampleRateHz} Hz is not a usable whole number of Hz`);
		}
		num = 1_000_000_000n;
		den = BigInt(sampleRateHz);
	} else {
		if (timestampNs <= prev)
			return fail(`timestamp ${timestampNs} ns is not later than the previous ${prev} ns`);
		num = timestampNs - prev;
		den = BigInt(n);
	}
	// offset(k) = round(k * num / den), halves up = floor((2·k·num + den) / (2·den)).
	const out = new BigInt64Array(n);
	const twoDen = 2n * den;
	for (let i = 0; i < n; i++) {
		const k = BigInt(n - 1 - i);
		out[i] = timestampNs - (2n * k * num + den) / twoDen;
	}
	return ok(out);
}

type EcgPayload = Pick<PmdEcgFrame, 'microVolts' | 'secondChannel' | 'status'>;

function decodeEcgPayload(p: Uint8Array, frameType: number): Decoded<EcgPayload> {
	if (frameType > 3) return fail(`ECG frame type ${frameType} is not supported`);
	const size = frameType === 3 ? 7 : 3;
	if (p.length % size !== 0) {
		return fail(
			`ECG frame type ${frameType}: ${p.length} payload bytes is not a whole number of ${size}-byte samples`
		);
	}
	const n = p.length / size;
	const v = viewOf(p);
	const microVolts = new Float64Array(n);
	const status = frameType === 0 ? null : new Uint8Array(n);
	const secondChannel = frameType === 3 ? new Float64Array(n) : null;
	for (let i = 0, o = 0; i < n; i++, o += size) {
		if (frameType === 0) {
			microVolts[i] = getInt24(v, o);
		} else if (frameType === 1) {
			microVolts[i] = p[o] | ((p[o + 1] & 0x3f) << 8);
			status![i] = p[o + 2];
		} else if (frameType === 2) {
			microVolts[i] = p[o] | (p[o + 1] << 8) | ((p[o + 2] & 0x03) << 16);
			status![i] = p[o + 2];
		} else {
			microVolts[i] = getInt24(v, o);
			secondChannel![i] = getInt24(v, o + 3);
			status![i] = p[o + 6];
		}
	}
	return ok({ microVolts, secondChannel, status });
}

type Axes = [Float64Array, Float64Array, Float64Array];

/** Uncompressed ACC frame types 0/1/2: signed 8/16/24-bit x, y, z in milli-G. */
function decodeRawAcc(p: Uint8Array, frameType: number): Decoded<Axes> {
	if (frameType > 2) return fail(`ACC frame type ${frameType} is not supported`);
	const width = frameType + 1;
	const size = 3 * width;
	if (p.length % size !== 0) {
		return fail(
			`ACC frame type ${frameType}: ${p.length} payload bytes is not a whole number of ${size}-byte samples`
		);
	}
	const n = p.length / size;
	const v = viewOf(p);
	const axes: Axes = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
	for (let i = 0, o = 0; i < n; i++) {
		for (let c = 0; c < 3; c++, o += width) {
			axes[c][i] = width === 1 ? v.getInt8(o) : width === 2 ? v.getInt16(o, true) : getInt24(v, o);
		}
	}
	return ok(axes);
}

/**
 * Delta-compressed ACC (0x80, 0x81, 0x82). Scaling follows the Polar SDK: type 0 holds G, so
 * mG = trunc(v × factor × 1000); type 1 holds mG, multiplied by the factor only when it is not 1.
 * Type 2 (24-bit reference) is not in the Polar SDK; it is treated like type 1.
 */
function decodeCompressedAcc(p: Uint8Array, frameType: number, factor: number): Decoded<Axes> {
	if (frameType > 2) return fail(`compressed ACC frame type ${frameType} is not supported`);
	if (!Number.isFinite(factor)) return fail(`ACC scaling factor ${factor} is not a finite number`);
	const resolution = frameType === 2 ? 24 : 16;
	const decoded = decodeDeltaFrame(p, 3, resolution);
	if (!decoded.ok) return decoded;
	const axes = decoded.value as Axes;
	const scale = frameType === 0 ? factor * 1000 : factor;
	if (scale !== 1) {
		for (const a of axes) for (let i = 0; i < a.length; i++) a[i] = Math.trunc(a[i] * scale);
	}
	return ok(axes);
}

const POW2 = Array.from({ length: 33 }, (_, i) => 2 ** i);
const MAX_DELTA_BITS = 32;

/**
 * Reference sample (one value per channel, ceil(resolution/8) bytes, sign-extended), then
 * blocks `[width u8][count u8][packed deltas]` to the end. Deltas are packed least-significant
 * bit first, channels interleaved, each sign-extended from `width` bits and added to the running
 * value of its channel. Returns one array per channel, reference sample first.
 */
export function decodeDeltaFrame(
	p: Uint8Array,
	channels: number,
	resolution: number
): Decoded<Float64Array[]> {
	const refBytes = Math.ceil(resolution / 8);
	const refLen = channels * refBytes;
	if (p.length < refLen)
		return fail(`delta frame too short for its reference sample: ${p.length} bytes, need ${refLen}`);
	// First pass: check the block layout and count the samples, so the output is allocated once.
	let n = 1;
	for (let o = refLen; o < p.length;) {
		if (o + 2 > p.length) return fail(`delta block header at byte ${o} is cut off`);
		const width = p[o];
		const count = p[o + 1];
		if (width > MAX_DELTA_BITS)
			return fail(`delta width ${width} bits at byte ${o} is more than ${MAX_DELTA_BITS}`);
		const bytes = Math.ceil((width * channels * count) / 8);
		if (o + 2 + bytes > p.length) {
			return fail(`delta block at byte ${o} needs ${bytes} bytes of deltas, only ${p.length - o - 2} remain`);
		}
		n += count;
		o += 2 + bytes;
	}
	const out = Array.from({ length: channels }, () => new Float64Array(n));
	const last = new Float64Array(channels);
	for (let c = 0; c < channels; c++) {
		let u = 0;
		for (let b = 0; b < refBytes; b++) u += p[c * refBytes + b] * POW2[8 * b];
		if (u >= POW2[resolution - 1]) u -= POW2[resolution];
		last[c] = u;
		out[c][0] = u;
	}
	let s = 1;
	for (let o = refLen; o < p.length;) {
		const width = p[o];
		const count = p[o + 1];
		let bit = (o + 2) * 8;
		for (let i = 0; i < count; i++, s++) {
			for (let c = 0; c < channels; c++) {
				let d = 0;
				for (let b = 0; b < width; b++, bit++) if ((p[bit >> 3] >> (bit & 7)) & 1) d += POW2[b];
				if (width > 0 && d >= POW2[width - 1]) d -= POW2[width];
				last[c] += d;
				out[c][s] = last[c];
			}
		}
		o += 2 + Math.ceil((width * channels * count) / 8);
	}
	return ok(out);
}

/** H10-style ECG frame (type 0, frame type 0, signed 24-bit µV) for the simulated sensor. */
export function encodePmdEcgFrame(frame: { timestampNs: bigint; microVolts: ArrayLike<number> }): Uint8Array {
	const n = frame.microVolts.length;
	const out = new Uint8Array(HEADER + 3 * n);
	const v = writeHeader(out, PmdMeasurement.ECG, frame.timestampNs, 0);
	for (let i = 0; i < n; i++) {
		const uv = frame.microVolts[i];
		if (!Number.isInteger(uv) || uv < -0x800000 || uv > 0x7fffff)
			throw new RangeError(`ECG value ${uv} does not fit 24 bits`);
		const o = HEADER + 3 * i;
		v.setUint8(o, uv & 0xff);
		v.setUint8(o + 1, (uv >> 8) & 0xff);
		v.setUint8(o + 2, (uv >> 16) & 0xff);
	}
	return out;
}

/** H10-style ACC frame (type 2, frame type 1, int16 mG per axis) for the simulated sensor. */
export function encodePmdAccFrame(frame: {
	timestampNs: bigint;
	x: ArrayLike<number>;
	y: ArrayLike<number>;
	z: ArrayLike<number>;
}): Uint8Array {
	const n = frame.x.length;
	if (frame.y.length !== n || frame.z.length !== n) throw new RangeError('ACC axes differ in length');
	const out = new Uint8Array(HEADER + 6 * n);
	const v = writeHeader(out, PmdMeasurement.ACC, frame.timestampNs, 1);
	const axes = [frame.x, frame.y, frame.z];
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < 3; c++) {
			const mg = axes[c][i];
			if (!Number.isInteger(mg) || mg < -0x8000 || mg > 0x7fff)
				throw new RangeError(`ACC value ${mg} does not fit 16 bits`);
			v.setInt16(HEADER + 6 * i + 2 * c, mg, true);
		}
	}
	return out;
}

function writeHeader(out: Uint8Array, type: number, timestampNs: bigint, frameType: number): DataView {
	if (timestampNs < 0n || timestampNs >= MAX_TIMESTAMP)
		throw new RangeError(`timestamp ${timestampNs} out of range`);
	const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
	v.setUint8(0, type);
	v.setBigUint64(1, timestampNs, true);
	v.setUint8(9, frameType);
	return v;
}

function hex2(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}
