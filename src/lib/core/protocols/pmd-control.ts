/**
 * PMD control point of the Polar H10: service and characteristic ids, measurement type ids, the
 * feature map, commands (app → sensor) and replies (sensor → app).
 * Primary sources: Polar, "Polar Measurement Data Specification" (PDF, 2019 and 2021 editions,
 * published in github.com/polarofficial/polar-ble-sdk under technical_documentation/ until 2023;
 * the 2019 edition holds the worked byte examples), and the Polar BLE SDK source that implements it
 * (polar-ble-sdk, sources/Android/android-communications: BlePMDClient.kt, PmdSetting.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdDataFrame.kt).
 */
import { bytesOf, hexByte, viewOf } from './bytes';
import { decodePmdSettings, encodePmdSettings, type PmdSettings } from './pmd-settings';
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
	if (code !== 0x0f) return fail(`PMD feature map must start with 0x0F, got 0x${hexByte(code)}`);
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

// ---------------------------------------------------------------- commands (app → sensor)

/** Control-point op codes (PMD specification, "PMD control point"; PolarSDK PmdControlPointCommand). */
export const PmdOp = {
	GET_SETTINGS: 1,
	START: 2,
	STOP: 3,
	GET_SDK_MODE_SETTINGS: 4,
	GET_MEASUREMENT_STATUS: 5,
	GET_SDK_MODE_STATUS: 6
} as const;

/** First byte of a control-point indication: a reply to a command, or the sensor's own stop notice. */
export const PmdIndication = { STOPPED: 0x01, RESPONSE: 0xf0 } as const;

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
	return Uint8Array.of(PmdOp.GET_SETTINGS, typeByte(type, offline));
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
	out[0] = PmdOp.START;
	out[1] = typeByte(type, offline);
	out.set(body, 2);
	return out;
}

/** Always send this when done: an H10 left streaming stays powered until its battery is flat. */
export function buildPmdStop(type: number, offline = false): Uint8Array {
	return Uint8Array.of(PmdOp.STOP, typeByte(type, offline));
}

export function buildPmdGetSdkModeSettings(type: number): Uint8Array {
	return Uint8Array.of(PmdOp.GET_SDK_MODE_SETTINGS, typeByte(type, false));
}

export function buildPmdGetSdkModeStatus(): Uint8Array {
	return Uint8Array.of(PmdOp.GET_SDK_MODE_STATUS);
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

/** Reply status codes (PMD specification, "Error codes"; 0–13 in the 2021 edition, 14 in PolarSDK). */
export const PmdStatus = {
	SUCCESS: 0,
	INVALID_OP_CODE: 1,
	INVALID_MEASUREMENT_TYPE: 2,
	NOT_SUPPORTED: 3,
	INVALID_LENGTH: 4,
	INVALID_PARAMETER: 5,
	ALREADY_IN_STATE: 6,
	INVALID_RESOLUTION: 7,
	INVALID_SAMPLE_RATE: 8,
	INVALID_RANGE: 9,
	INVALID_MTU: 10,
	INVALID_NUMBER_OF_CHANNELS: 11,
	INVALID_STATE: 12,
	DEVICE_IN_CHARGER: 13,
	DISK_FULL: 14
} as const;

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
	if (code === PmdIndication.STOPPED) {
		const types: number[] = [];
		for (let i = 1; i < len; i++) types.push(view.getUint8(i) & 0x7f);
		return ok({ kind: 'stopped', measurementTypes: types });
	}
	if (code !== PmdIndication.RESPONSE)
		return fail(`unknown PMD control-point indication starting 0x${hexByte(code)}`);
	if (len < 4) return fail(`PMD reply too short: ${len} bytes, need at least 4`);
	const opCode = view.getUint8(1);
	const status = view.getUint8(3);
	// Error replies are 4 bytes: no `more`, no parameters. Anything after them is ignored, as
	// the Polar SDK does. A success reply may also stop after the status (some stop replies).
	const success = status === PmdStatus.SUCCESS;
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
	if (r.status !== PmdStatus.SUCCESS)
		return Uint8Array.of(PmdIndication.RESPONSE, r.opCode, r.measurementType, r.status);
	const params = r.parameters ?? new Uint8Array(0);
	const out = new Uint8Array(5 + params.length);
	out.set([PmdIndication.RESPONSE, r.opCode, r.measurementType, PmdStatus.SUCCESS, r.more ? 1 : 0]);
	out.set(params, 5);
	return out;
}

/** The unprompted "measurement stopped" indication. */
export function encodePmdStoppedNotice(types: readonly number[]): Uint8Array {
	return Uint8Array.from([PmdIndication.STOPPED, ...types.map((t) => typeByte(t, false))]);
}
