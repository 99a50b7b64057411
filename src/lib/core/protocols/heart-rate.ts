/**
 * Standard Bluetooth SIG services every chest strap offers: Heart Rate (0x180D), Battery (0x180F)
 * and Device Information (0x180A).
 * Primary sources: Bluetooth SIG, "Heart Rate Service" specification v1.0 (HRS_SPEC, 2011) and
 * the "GATT Specification Supplement" (section "Heart Rate Measurement", 0x2A37; "Body Sensor
 * Location", 0x2A38; "Battery Level", 0x2A19), both at https://www.bluetooth.com/specifications/.
 * The same definitions as XML: github.com/oesmith/gatt-xml (org.bluetooth.characteristic.*.xml).
 */
import { decodeUtf8, bytesOf } from './bytes';
import { fail, ok, type Decoded } from './result';

/** Full 128-bit form of a 16-bit SIG UUID, as Web Bluetooth reports it. */
export function sigUuid(short: number): string {
	return `0000${short.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;
}

export const HEART_RATE_SERVICE = sigUuid(0x180d);
export const HEART_RATE_MEASUREMENT = sigUuid(0x2a37);
export const BODY_SENSOR_LOCATION = sigUuid(0x2a38);
export const HEART_RATE_CONTROL_POINT = sigUuid(0x2a39);
export const BATTERY_SERVICE = sigUuid(0x180f);
export const BATTERY_LEVEL = sigUuid(0x2a19);
export const DEVICE_INFORMATION_SERVICE = sigUuid(0x180a);
export const SYSTEM_ID = sigUuid(0x2a23);
export const MODEL_NUMBER_STRING = sigUuid(0x2a24);
/** Blocklisted in Web Bluetooth; use SYSTEM_ID as the sensor's identity instead. */
export const SERIAL_NUMBER_STRING = sigUuid(0x2a25);
export const FIRMWARE_REVISION_STRING = sigUuid(0x2a26);
export const HARDWARE_REVISION_STRING = sigUuid(0x2a27);
export const SOFTWARE_REVISION_STRING = sigUuid(0x2a28);
export const MANUFACTURER_NAME_STRING = sigUuid(0x2a29);

// ---------------------------------------------------------------- Heart Rate Measurement

const FLAG_RATE_16BIT = 0x01;
const FLAG_CONTACT_DETECTED = 0x02;
const FLAG_CONTACT_SUPPORTED = 0x04;
const FLAG_ENERGY = 0x08;
const FLAG_RR = 0x10;

/**
 * Bit 2 says "contact detection supported", bit 1 "contact detected"; bit 1 means nothing while
 * bit 2 is clear. A Polar H10 never offers detection, so 'not-supported' is a normal state.
 */
export type SensorContact = 'not-supported' | 'no-contact' | 'contact';

export interface HeartRateMeasurement {
	/** The raw flags byte (reserved bits included), for logging. */
	flags: number;
	heartRateBpm: number;
	heartRateFormat: 'uint8' | 'uint16';
	sensorContact: SensorContact;
	/** Kilojoules since the last reset; null when the field is absent. */
	energyExpendedKJ: number | null;
	/**
	 * RR intervals as sent, in 1/1024 s, oldest first. Sum these (not the ms values) to place
	 * beats in time: the ms conversion is inexact and its rounding would accumulate.
	 */
	rrRaw: number[];
	/** The same intervals in milliseconds, unrounded: raw * 1000 / 1024 (exact in float64). */
	rrMs: number[];
}

/** RR interval from 1/1024 s units to milliseconds (exact: 1000/1024 is a binary fraction). */
export function rrRawToMs(raw: number): number {
	return (raw * 1000) / 1024;
}

/** Milliseconds to the nearest 1/1024 s unit, as a strap would send it. */
export function rrMsToRaw(ms: number): number {
	return Math.round((ms * 1024) / 1000);
}

export function decodeHeartRateMeasurement(view: DataView): Decoded<HeartRateMeasurement> {
	const len = view.byteLength;
	if (len < 2) return fail(`heart-rate packet too short: ${len} bytes, need at least 2`);
	const flags = view.getUint8(0);
	const wide = (flags & FLAG_RATE_16BIT) !== 0;
	const hasEnergy = (flags & FLAG_ENERGY) !== 0;
	const hasRr = (flags & FLAG_RR) !== 0;
	// Same minimum as Nordic's reference parser: every announced field must be present, and the
	// RR flag promises at least one interval.
	const need = 1 + (wide ? 2 : 1) + (hasEnergy ? 2 : 0) + (hasRr ? 2 : 0);
	if (len < need) {
		const parts = [wide ? 'a 16-bit rate' : 'an 8-bit rate'];
		if (hasEnergy) parts.push('energy expended');
		if (hasRr) parts.push('RR values');
		const list =
			parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
		const hex = flags.toString(16).toUpperCase().padStart(2, '0');
		return fail(`flags 0x${hex} announce ${list} (at least ${need} bytes); only ${len} bytes present`);
	}
	let offset = 1;
	const heartRateBpm = wide ? view.getUint16(offset, true) : view.getUint8(offset);
	offset += wide ? 2 : 1;
	let energyExpendedKJ: number | null = null;
	if (hasEnergy) {
		energyExpendedKJ = view.getUint16(offset, true);
		offset += 2;
	}
	const rrRaw: number[] = [];
	const rrMs: number[] = [];
	if (hasRr) {
		// Whatever follows is RR values; an odd trailing byte cannot be one and is ignored.
		for (; offset + 2 <= len; offset += 2) {
			const raw = view.getUint16(offset, true);
			rrRaw.push(raw);
			rrMs.push(rrRawToMs(raw));
		}
	}
	return ok({
		flags,
		heartRateBpm,
		heartRateFormat: wide ? 'uint16' : 'uint8',
		sensorContact: contactFromFlags(flags),
		energyExpendedKJ,
		rrRaw,
		rrMs
	});
}

function contactFromFlags(flags: number): SensorContact {
	if ((flags & FLAG_CONTACT_SUPPORTED) === 0) return 'not-supported';
	return (flags & FLAG_CONTACT_DETECTED) !== 0 ? 'contact' : 'no-contact';
}

export interface HeartRateMeasurementInput {
	heartRateBpm: number;
	/** Defaults to 'uint8' when the rate fits, as real straps do. */
	heartRateFormat?: 'uint8' | 'uint16';
	sensorContact?: SensorContact;
	energyExpendedKJ?: number | null;
	/** RR intervals in 1/1024 s, oldest first (see rrMsToRaw). */
	rrRaw?: readonly number[];
}

/**
 * Bytes a strap would notify for this measurement; used by the simulated wearable so the app's
 * real parser is exercised. Throws RangeError for values the format cannot carry: that is a bug
 * in the caller, not untrusted input.
 */
export function encodeHeartRateMeasurement(m: HeartRateMeasurementInput): Uint8Array {
	const rr = m.rrRaw ?? [];
	const energy = m.energyExpendedKJ ?? null;
	const wide = m.heartRateFormat === 'uint16' || m.heartRateBpm > 0xff;
	checkUint(m.heartRateBpm, wide ? 0xffff : 0xff, 'heart rate');
	if (energy !== null) checkUint(energy, 0xffff, 'energy expended');
	for (const r of rr) checkUint(r, 0xffff, 'RR interval');
	let flags = wide ? FLAG_RATE_16BIT : 0;
	if (m.sensorContact === 'no-contact') flags |= FLAG_CONTACT_SUPPORTED;
	if (m.sensorContact === 'contact') flags |= FLAG_CONTACT_SUPPORTED | FLAG_CONTACT_DETECTED;
	if (energy !== null) flags |= FLAG_ENERGY;
	if (rr.length > 0) flags |= FLAG_RR;
	const out = new Uint8Array(1 + (wide ? 2 : 1) + (energy !== null ? 2 : 0) + 2 * rr.length);
	const view = new DataView(out.buffer);
	view.setUint8(0, flags);
	let offset = 1;
	if (wide) view.setUint16(offset, m.heartRateBpm, true);
	else view.setUint8(offset, m.heartRateBpm);
	offset += wide ? 2 : 1;
	if (energy !== null) {
		view.setUint16(offset, energy, true);
		offset += 2;
	}
	for (const r of rr) {
		view.setUint16(offset, r, true);
		offset += 2;
	}
	return out;
}

function checkUint(v: number, max: number, what: string): void {
	if (!Number.isInteger(v) || v < 0 || v > max)
		throw new RangeError(`${what} ${v} is not an integer in 0..${max}`);
}

// ---------------------------------------------------------------- Body Sensor Location

const LOCATION_NAMES = ['other', 'chest', 'wrist', 'finger', 'hand', 'ear lobe', 'foot'];

export interface BodySensorLocation {
	location: number;
	/** 'reserved' for codes 7-255. */
	locationName: string;
}

export function decodeBodySensorLocation(view: DataView): Decoded<BodySensorLocation> {
	if (view.byteLength === 0) return fail('empty value');
	if (view.byteLength !== 1)
		return fail(`body sensor location must be exactly 1 byte, got ${view.byteLength}`);
	const location = view.getUint8(0);
	return ok({ location, locationName: LOCATION_NAMES[location] ?? 'reserved' });
}

// ---------------------------------------------------------------- Battery Level

export function decodeBatteryLevel(view: DataView): Decoded<{ percent: number }> {
	if (view.byteLength !== 1) return fail(`battery level must be exactly 1 byte, got ${view.byteLength}`);
	const percent = view.getUint8(0);
	if (percent > 100) return fail(`battery level ${percent}: values above 100 are reserved`);
	return ok({ percent });
}

// ---------------------------------------------------------------- Device Information

export interface DeviceInfoString {
	text: string;
	/** True when the device terminated the string with NUL (the H10 does); stripped from text. */
	trailingNul: boolean;
}

/** Model, serial, firmware, hardware, software and manufacturer strings: UTF-8, maybe NUL-ended. */
export function decodeDeviceInfoString(view: DataView): Decoded<DeviceInfoString> {
	const bytes = bytesOf(view);
	let end = bytes.length;
	while (end > 0 && bytes[end - 1] === 0) end--;
	return ok({ text: decodeUtf8(bytes.subarray(0, end)), trailingNul: end < bytes.length });
}

export interface SystemId {
	/** 40-bit manufacturer-defined identifier (fits a Number exactly). */
	manufacturerIdentifier: number;
	/** 24-bit IEEE OUI, e.g. 0xA09E1A for Polar. */
	organizationallyUniqueIdentifier: number;
	/** The 8 bytes most significant first, upper-case hex: a stable identity for the sensor. */
	displayHex: string;
}

export function decodeSystemId(view: DataView): Decoded<SystemId> {
	if (view.byteLength !== 8) return fail(`system ID must be exactly 8 bytes, got ${view.byteLength}`);
	const low = view.getUint32(0, true);
	const manufacturerIdentifier = view.getUint8(4) * 2 ** 32 + low;
	const organizationallyUniqueIdentifier =
		view.getUint8(5) | (view.getUint8(6) << 8) | (view.getUint8(7) << 16);
	let displayHex = '';
	for (let i = 7; i >= 0; i--) displayHex += view.getUint8(i).toString(16).toUpperCase().padStart(2, '0');
	return ok({ manufacturerIdentifier, organizationallyUniqueIdentifier, displayHex });
}
