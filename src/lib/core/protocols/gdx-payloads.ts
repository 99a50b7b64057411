/**
 * Vernier Go Direct Respiration Belt (GDX-RB) reply payloads: what follows the header of the
 * replies to GET_STATUS, GET_DEVICE_INFO, GET_SENSOR_INFO, GET_SENSOR_IDS and
 * GET_DEFAULT_SENSORS_MASK.
 * Primary sources: Vernier's own Go Direct libraries, github.com/VernierST/godirect-js
 * (src/Device.js, src/constants.js, src/WebBluetoothDeviceAdapter.js; BSD-3-Clause) and
 * github.com/VernierST/godirect-py (godirect/device.py, godirect/device_ble.py).
 */
import { decodePaddedUtf8, viewOf } from './bytes';
import { gdxSensorsFromMask } from './gdx-commands';
import { fail, ok, type Decoded } from './result';

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
