import { describe, expect, it } from 'vitest';
import {
	decodeBatteryLevel,
	decodeBodySensorLocation,
	decodeDeviceInfoString,
	decodeHeartRateMeasurement,
	decodeSystemId,
	encodeHeartRateMeasurement,
	HEART_RATE_MEASUREMENT,
	HEART_RATE_SERVICE,
	rrMsToRaw,
	rrRawToMs,
	type SensorContact
} from './heart-rate';
import type { Decoded } from './result';

const dv = (...b: number[]) => new DataView(Uint8Array.from(b).buffer);
function value<T>(r: Decoded<T>): T {
	if (!r.ok) throw new Error(r.error);
	return r.value;
}

describe('heart-rate UUIDs', () => {
	it('expands 16-bit SIG ids the way Web Bluetooth reports them', () => {
		expect(HEART_RATE_SERVICE).toBe('0000180d-0000-1000-8000-00805f9b34fb');
		expect(HEART_RATE_MEASUREMENT).toBe('00002a37-0000-1000-8000-00805f9b34fb');
	});
});

describe('heart-rate measurement', () => {
	it('decodes every flag combination (bits 0-4) and round-trips through the encoder', () => {
		for (let flags = 0; flags < 32; flags++) {
			const wide = (flags & 1) !== 0;
			const bytes = [flags, 0x4b];
			if (wide) bytes.push(0x01);
			if (flags & 8) bytes.push(0x34, 0x12);
			if (flags & 16) bytes.push(0x34, 0x03, 0x59, 0x03);
			const m = value(decodeHeartRateMeasurement(dv(...bytes)));
			expect(m.heartRateBpm).toBe(wide ? 0x14b : 0x4b);
			expect(m.heartRateFormat).toBe(wide ? 'uint16' : 'uint8');
			const contact: SensorContact =
				(flags & 4) === 0 ? 'not-supported' : flags & 2 ? 'contact' : 'no-contact';
			expect(m.sensorContact).toBe(contact);
			expect(m.energyExpendedKJ).toBe(flags & 8 ? 0x1234 : null);
			expect(m.rrRaw).toEqual(flags & 16 ? [820, 857] : []);
			expect(m.rrMs).toEqual(flags & 16 ? [800.78125, 836.9140625] : []);
			// Bit 1 without bit 2 has no meaning, so the encoder never sets it.
			const encoded = encodeHeartRateMeasurement(m);
			expect(Array.from(encoded)).toEqual((flags & 6) === 2 ? [flags & ~2, ...bytes.slice(1)] : bytes);
			expect(value(decodeHeartRateMeasurement(new DataView(encoded.buffer)))).toEqual({
				...m,
				flags: encoded[0]
			});
		}
	});

	it('rejects every truncation that cuts an announced field', () => {
		const full = [0x1f, 0x01, 0x01, 0x32, 0x01, 0x01, 0x00];
		for (let n = 0; n < full.length; n++) {
			const r = decodeHeartRateMeasurement(dv(...full.slice(0, n)));
			expect(r.ok).toBe(false);
		}
		expect(decodeHeartRateMeasurement(dv(...full)).ok).toBe(true);
		const short = decodeHeartRateMeasurement(dv(0x10, 0x4b, 0x34));
		expect(short).toEqual({
			ok: false,
			error: 'flags 0x10 announce an 8-bit rate and RR values (at least 4 bytes); only 3 bytes present'
		});
	});

	it('ignores an odd byte after the RR values and reserved flag bits', () => {
		const m = value(decodeHeartRateMeasurement(dv(0xf0, 60, 0x00, 0x04, 0x99)));
		expect(m.rrRaw).toEqual([1024]);
		expect(m.rrMs).toEqual([1000]);
		expect(m.heartRateBpm).toBe(60);
	});

	it('encodes 16-bit rates automatically and converts RR units both ways', () => {
		expect(Array.from(encodeHeartRateMeasurement({ heartRateBpm: 300 }))).toEqual([0x01, 0x2c, 0x01]);
		expect(rrRawToMs(1024)).toBe(1000);
		expect(rrMsToRaw(800.78125)).toBe(820);
		expect(() => encodeHeartRateMeasurement({ heartRateBpm: 70, rrRaw: [70000] })).toThrow(RangeError);
		expect(() => encodeHeartRateMeasurement({ heartRateBpm: -1 })).toThrow(RangeError);
	});
});

describe('other standard characteristics', () => {
	it('body sensor location', () => {
		expect(value(decodeBodySensorLocation(dv(1)))).toEqual({ location: 1, locationName: 'chest' });
		expect(value(decodeBodySensorLocation(dv(9)))).toEqual({ location: 9, locationName: 'reserved' });
		expect(decodeBodySensorLocation(dv(1, 1)).ok).toBe(false);
	});

	it('battery level', () => {
		expect(value(decodeBatteryLevel(dv(0)))).toEqual({ percent: 0 });
		expect(decodeBatteryLevel(dv()).ok).toBe(false);
		expect(decodeBatteryLevel(dv(255)).ok).toBe(false);
	});

	it('device information strings: UTF-8, NULs stripped, bad bytes replaced rather than failing', () => {
		expect(value(decodeDeviceInfoString(dv()))).toEqual({ text: '', trailingNul: false });
		expect(value(decodeDeviceInfoString(dv(0x48, 0x31, 0x30)))).toEqual({ text: 'H10', trailingNul: false });
		expect(value(decodeDeviceInfoString(dv(0xc3, 0xa9, 0, 0)))).toEqual({ text: 'é', trailingNul: true });
		expect(value(decodeDeviceInfoString(dv(0x41, 0xff, 0xe2, 0x82, 0x41)))).toEqual({
			text: 'A\ufffd\ufffd\ufffdA',
			trailingNul: false
		});
		expect(value(decodeDeviceInfoString(dv(0xf0, 0x9f, 0x92, 0x93)))).toEqual({
			text: '💓',
			trailingNul: false
		});
	});

	it('system ID must be 8 bytes', () => {
		expect(decodeSystemId(dv(1, 2, 3, 4, 5, 6, 7)).ok).toBe(false);
		expect(value(decodeSystemId(dv(0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0))).manufacturerIdentifier).toBe(
			2 ** 40 - 1
		);
	});
});
