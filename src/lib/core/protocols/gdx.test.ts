import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import {
	buildGdxCommand,
	decodeGdxCommand,
	decodeGdxDeviceInfo,
	decodeGdxPacket,
	decodeGdxSensorInfo,
	decodeGdxStatus,
	encodeGdxMeasurement,
	encodeGdxReply,
	GdxCommandId,
	GdxCommandWriter,
	GdxReassembler,
	gdxChecksum,
	gdxReplyMatches,
	gdxSensorMask,
	type GdxMeasurement
} from './gdx';
import type { Decoded } from './result';

const u8 = (hex: string) => Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
function value<T>(r: Decoded<T>): T {
	if (!r.ok) throw new Error(r.error);
	return r.value;
}
const MEASUREMENT = '20 19 CF D8 06 06 00 02 FC 80 8A 07 BF 00 00 C0 7F 80 31 08 BF 00 00 C0 7F';
const REPLY = '98 0A 01 27 51 FD 36 00 00 00';

describe('Go Direct commands', () => {
	it('counts down from 0xFE after INIT, wraps 0x00 → 0xFF, and INIT resets', () => {
		const w = new GdxCommandWriter();
		expect(w.init().counter).toBe(0xfe);
		const seen: number[] = [];
		for (let i = 0; i < 300; i++) seen.push(w.getStatus().counter);
		expect(seen.slice(0, 2)).toEqual([0xfd, 0xfc]);
		expect(seen.slice(252, 255)).toEqual([0x01, 0x00, 0xff]);
		expect(w.init().counter).toBe(0xfe);
	});

	it('builds every command with the documented body and a valid checksum', () => {
		const w = new GdxCommandWriter();
		w.init();
		const cases = [
			[w.setMeasurementPeriod(100_000), GdxCommandId.SET_MEASUREMENT_PERIOD, 'FF 00 A0 86 01 00 00 00 00 00'],
			[
				w.start(gdxSensorMask([1, 2])),
				GdxCommandId.START_MEASUREMENTS,
				'FF 01 06 00 00 00 00 00 00 00 00 00 00 00'
			],
			[w.stop(), GdxCommandId.STOP_MEASUREMENTS, 'FF 00 FF FF FF FF'],
			[w.getSensorInfo(1), GdxCommandId.GET_SENSOR_INFO, '01'],
			[w.getDeviceInfo(), GdxCommandId.GET_DEVICE_INFO, ''],
			[w.getDefaultSensorsMask(), GdxCommandId.GET_DEFAULT_SENSORS_MASK, ''],
			[w.disconnect(), GdxCommandId.DISCONNECT, '']
		] as const;
		for (const [out, id, body] of cases) {
			const c = value(decodeGdxCommand(dv(out.bytes)));
			expect(c.commandId).toBe(id);
			expect(c.rollingCounter).toBe(out.counter);
			expect(toHex(c.body)).toBe(body);
			expect(c.checksumValid).toBe(true);
		}
		expect(() => w.setMeasurementPeriod(0)).toThrow(RangeError);
	});

	it('rejects a command with a bad checksum unless asked not to verify', () => {
		const bytes = buildGdxCommand(0x51, [], 0xfd);
		bytes[3] ^= 1;
		expect(decodeGdxCommand(dv(bytes)).ok).toBe(false);
		expect(value(decodeGdxCommand(dv(bytes), { verifyChecksum: false })).checksumValid).toBe(false);
		expect(decodeGdxCommand(dv(u8('59 05 FD AB 51'))).ok).toBe(false);
		expect(decodeGdxCommand(dv(u8('58 06 FD AB 51'))).ok).toBe(false);
	});
});

describe('Go Direct packets', () => {
	it('matches the recorded reply to the command that asked', () => {
		const w = new GdxCommandWriter();
		w.init();
		const sent = w.getSensorIds();
		const p = value(decodeGdxPacket(dv(u8(REPLY))));
		if (p.kind !== 'command-reply') throw new Error();
		expect(gdxReplyMatches(p, sent)).toBe(true);
		expect(gdxReplyMatches(p, w.getSensorIds())).toBe(false);
		// The simulator's reply encoder gives the recorded bytes back.
		expect(
			toHex(encodeGdxReply({ deviceCounter: 1, commandId: 0x51, commandCounter: 0xfd, payload: p.payload }))
		).toBe(REPLY);
	});

	it('reassembles packets split over notifications, and several packets in one', () => {
		const packets = [u8(MEASUREMENT), u8(REPLY), u8(MEASUREMENT)];
		const stream = Uint8Array.from(packets.flatMap((p) => Array.from(p)));
		for (const size of [1, 2, 3, 7, 20, 25, 60]) {
			const r = new GdxReassembler();
			const out: string[] = [];
			for (let o = 0; o < stream.length; o += size) {
				for (const p of r.push(dv(stream.subarray(o, o + size)))) out.push(toHex(value(p)));
			}
			expect(out).toEqual(packets.map(toHex));
			expect(r.pendingBytes).toBe(0);
		}
	});

	it('drops a stream whose length byte is impossible, then recovers', () => {
		const r = new GdxReassembler();
		const bad = r.push(dv(u8('20 02 00 00')));
		expect(bad.length).toBe(1);
		expect(bad[0].ok).toBe(false);
		expect(r.push(dv(u8(REPLY))).map((p) => p.ok)).toEqual([true]);
		r.push(dv(u8('20 19 CF')));
		r.reset();
		expect(r.pendingBytes).toBe(0);
	});

	it('decodes every measurement layout and skips start-time/dropped/period packets', () => {
		const packet = (bytes: number[]) => {
			const b = Uint8Array.from(bytes);
			b[1] = b.length;
			b[3] = gdxChecksum(b);
			return dv(b);
		};
		const f32 = (x: number) => Array.from(new Uint8Array(new Float32Array([x]).buffer));
		const i32 = (x: number) => Array.from(new Uint8Array(new Int32Array([x]).buffer));
		const wide = value(
			decodeGdxPacket(packet([0x20, 0, 1, 0, 0x07, 0x02, 0, 0x10, 0, 1, 0, ...f32(1.5), ...f32(-2)]))
		) as GdxMeasurement;
		expect(wide.sensors).toEqual([1, 20]);
		expect(wide.values.map((v) => Array.from(v))).toEqual([[1.5], [-2]]);
		for (const type of [0x08, 0x0a]) {
			const single = value(
				decodeGdxPacket(packet([0x20, 0, 1, 0, type, 0, 3, 2, ...f32(0.25), ...f32(0.5)]))
			) as GdxMeasurement;
			expect(single.sensors).toEqual([3]);
			expect(Array.from(single.values[0])).toEqual([0.25, 0.5]);
		}
		for (const type of [0x09, 0x0b]) {
			const ints = value(
				decodeGdxPacket(packet([0x20, 0, 1, 0, type, 0, 1, 2, ...i32(-7), ...i32(123456)]))
			) as GdxMeasurement;
			expect(Array.from(ints.values[0])).toEqual([-7, 123456]);
		}
		for (const type of [0x0c, 0x0d, 0x0e]) {
			expect(value(decodeGdxPacket(packet([0x20, 0, 1, 0, type, 1, 2, 3]))).kind).toBe('skipped');
		}
		expect(decodeGdxPacket(packet([0x20, 0, 1, 0, 0x0f])).ok).toBe(false);
		// Announces 2 samples of 2 sensors but carries one value.
		expect(decodeGdxPacket(packet([0x20, 0, 1, 0, 0x06, 0x06, 0, 2, 0, ...f32(1)])).ok).toBe(false);
		expect(decodeGdxPacket(packet([0x20, 0, 1, 0, 0x08, 0, 40, 1, ...f32(1)])).ok).toBe(false);
	});

	it('round-trips the measurement encoder, NaN included', () => {
		const recorded = value(decodeGdxPacket(dv(u8(MEASUREMENT)))) as GdxMeasurement;
		const bytes = encodeGdxMeasurement({
			deviceCounter: recorded.deviceCounter,
			sensors: recorded.sensors,
			values: recorded.values
		});
		// Identical except byte 8, which the belt fills with a value of unknown meaning (0xFC here).
		const expected = u8(MEASUREMENT);
		expected[8] = 0;
		expected[3] = gdxChecksum(expected);
		expect(toHex(bytes)).toBe(toHex(expected));
		const again = value(decodeGdxPacket(dv(bytes))) as GdxMeasurement;
		expect(again.values).toEqual(recorded.values);
		expect(Number.isNaN(again.values[1][0])).toBe(true);

		const wide = encodeGdxMeasurement({
			deviceCounter: 9,
			sensors: [0, 17],
			values: [
				[1, 2, 3],
				[4, 5, 6]
			]
		});
		expect(wide[4]).toBe(0x07);
		expect((value(decodeGdxPacket(dv(wide))) as GdxMeasurement).values.map((v) => Array.from(v))).toEqual([
			[1, 2, 3],
			[4, 5, 6]
		]);
		expect(() =>
			encodeGdxMeasurement({ deviceCounter: 0, sensors: [1], values: [new Array(70).fill(0)] })
		).toThrow(RangeError);
	});

	it('decodes status, device-info and sensor-info payloads', () => {
		const status = Uint8Array.of(0, 0, 1, 12, 0, 0, 2, 0, 0, 5, 87, 1);
		expect(value(decodeGdxStatus(status))).toEqual({
			mainFirmware: [1, 12],
			bluetoothFirmware: [2, 5],
			batteryPercent: 87,
			chargingState: 1
		});
		expect(decodeGdxStatus(status.subarray(0, 11)).ok).toBe(false);

		const info = new Uint8Array(64);
		info.set(
			Array.from('GDX-RB', (c) => c.charCodeAt(0)),
			0
		);
		info.set(
			Array.from('0K4000J6', (c) => c.charCodeAt(0)),
			16
		);
		info.set(
			Array.from('GDX-RB 0K4000J6', (c) => c.charCodeAt(0)),
			32
		);
		expect(value(decodeGdxDeviceInfo(info))).toEqual({
			orderCode: 'GDX-RB',
			serialNumber: '0K4000J6',
			deviceName: 'GDX-RB 0K4000J6'
		});

		const s = new Uint8Array(148);
		const v = new DataView(s.buffer);
		s[0] = 1;
		v.setUint32(2, 6060, true);
		s.set(
			Array.from('Force', (c) => c.charCodeAt(0)),
			8
		);
		s.set(
			Array.from('N', (c) => c.charCodeAt(0)),
			68
		);
		v.setFloat64(100, 0.1, true);
		v.setFloat64(108, -50, true);
		v.setFloat64(116, 50, true);
		v.setUint32(124, 10_000, true);
		v.setBigUint64(128, 3_600_000_000n, true);
		v.setUint32(136, 100_000, true);
		v.setUint32(140, 1000, true);
		v.setUint32(144, 0x30, true);
		expect(value(decodeGdxSensorInfo(s))).toEqual({
			sensorNumber: 1,
			sensorId: 6060,
			valueType: 0,
			samplingMode: 0,
			description: 'Force',
			unit: 'N',
			uncertainty: 0.1,
			minValue: -50,
			maxValue: 50,
			minPeriodUs: 10_000,
			maxPeriodUs: 3_600_000_000,
			typicalPeriodUs: 100_000,
			granularityUs: 1000,
			mutualExclusionMask: 0x30
		});
		expect(decodeGdxSensorInfo(s.subarray(0, 147)).ok).toBe(false);
	});
});
