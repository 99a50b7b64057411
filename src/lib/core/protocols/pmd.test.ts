import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import {
	buildPmdStart,
	decodeDeltaFrame,
	decodePmdCommand,
	decodePmdControlPoint,
	decodePmdDataFrame,
	decodePmdSettings,
	encodePmdAccFrame,
	encodePmdEcgFrame,
	encodePmdResponse,
	encodePmdSettings,
	encodePmdStoppedNotice,
	mergePmdContinuation,
	PMD_SERVICE,
	pmdReplySettings,
	pmdSampleTimestamps,
	pmdStartScalingFactor,
	type PmdResponse
} from './pmd';
import type { Decoded } from './result';

const u8 = (hex: string) => Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
const hx = (hex: string) => new DataView(u8(hex).buffer);
function value<T>(r: Decoded<T>): T {
	if (!r.ok) throw new Error(r.error);
	return r.value;
}
function response(hex: string): PmdResponse {
	const m = value(decodePmdControlPoint(hx(hex)));
	if (m.kind !== 'response') throw new Error('not a response');
	return m;
}

describe('PMD control point', () => {
	it('uses the Polar UUIDs', () => {
		expect(PMD_SERVICE).toBe('fb005c80-02e7-f387-1cad-8acd2d8df0c8');
	});

	it('parses the Polar SDK settings example', () => {
		const s = value(decodePmdSettings(hx('00 01 34 00 01 01 10 00 02 04 F5 00 F4 01 E8 03 D0 07 04 01 03')));
		expect(s).toEqual({
			sampleRateHz: [52],
			resolutionBits: [16],
			range: [245, 500, 1000, 2000],
			channels: [3]
		});
		expect(toHex(encodePmdSettings(s))).toBe(
			'00 01 34 00 01 01 10 00 02 04 F5 00 F4 01 E8 03 D0 07 04 01 03'
		);
	});

	it('stops at an unknown setting type, and at truncated settings', () => {
		const r = decodePmdSettings(hx('00 01 34 00 07 01 00'));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/unknown PMD setting type 7/);
		expect(decodePmdSettings(hx('00 02 34 00')).ok).toBe(false);
		expect(decodePmdSettings(hx('00')).ok).toBe(false);
	});

	it('reads a scaling factor, security bytes and milli-unit ranges', () => {
		const s = value(
			decodePmdSettings(
				hx('03 01 A0 86 01 00 05 01 00 00 80 3F 06 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F')
			)
		);
		expect(s.rangeMilliUnit).toEqual([100000]);
		expect(s.scalingFactor).toEqual([1]);
		expect(Array.from(s.security![0])).toEqual(Array.from({ length: 16 }, (_, i) => i));
		expect(toHex(encodePmdSettings(s))).toBe(
			'03 01 A0 86 01 00 05 01 00 00 80 3F 06 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F'
		);
	});

	it('takes the scaling factor from a start reply that has one, and 1.0 from the H10 trailing byte', () => {
		expect(value(pmdStartScalingFactor(response('F0 02 02 00 00 01')))).toBe(1);
		const withFactor = response(
			`F0 02 02 00 00 05 01 ${toHex(new Uint8Array(new Float32Array([2.44e-4]).buffer))}`
		);
		expect(value(pmdStartScalingFactor(withFactor))).toBe(Math.fround(2.44e-4));
		expect(pmdStartScalingFactor(response('F0 02 02 05')).ok).toBe(false);
	});

	it('joins a reply continued over two indications', () => {
		const first = response('F0 01 02 00 01 00 04 19 00 32 00 64 00 C8 00');
		expect(first.more).toBe(true);
		const merged = value(
			mergePmdContinuation(first, hx('F0 01 02 00 00 01 01 10 00 02 03 02 00 04 00 08 00'))
		);
		expect(merged.more).toBe(false);
		expect(value(pmdReplySettings(merged))).toEqual({
			sampleRateHz: [25, 50, 100, 200],
			resolutionBits: [16],
			range: [2, 4, 8]
		});
		expect(mergePmdContinuation(first, hx('F0 01 00 00 00 01')).ok).toBe(false);
		expect(mergePmdContinuation(first, hx('01 02')).ok).toBe(false);
	});

	it('recognises unsolicited stop notices and rejects other unknown indications', () => {
		expect(value(decodePmdControlPoint(hx('01 00 02')))).toEqual({
			kind: 'stopped',
			measurementTypes: [0, 2]
		});
		expect(toHex(encodePmdStoppedNotice([0, 2]))).toBe('01 00 02');
		expect(decodePmdControlPoint(hx('0F 05')).ok).toBe(false);
		expect(decodePmdControlPoint(hx('F0 01 00')).ok).toBe(false);
	});

	it('names status codes and ignores bytes after an error status', () => {
		const r = response('F0 02 00 08 01 02 03');
		expect(r.statusName).toBe('invalid sample rate');
		expect(r.more).toBe(false);
		expect(r.parameters.length).toBe(0);
		expect(response('F0 02 00 63').statusName).toBe('unknown status 99');
		expect(toHex(encodePmdResponse({ opCode: 2, measurementType: 0, status: 6 }))).toBe('F0 02 00 06');
	});

	it('decodes offline-recording commands and rejects starts with several values per setting', () => {
		const c = value(decodePmdCommand(hx(toHex(buildPmdStart(2, { sampleRateHz: 52, channels: 3 }, true)))));
		expect(c).toMatchObject({
			op: 'start',
			measurementType: 2,
			offlineRecording: true,
			settings: { sampleRateHz: 52, channels: 3 }
		});
		expect(decodePmdCommand(hx('02 02 00 02 34 00 68 00')).ok).toBe(false);
		expect(decodePmdCommand(hx('01')).ok).toBe(false);
		expect(value(decodePmdCommand(hx('05'))).measurementType).toBeNull();
	});
});

describe('PMD data frames', () => {
	it('decodes the Polar SDK ECG example (type 0)', () => {
		const f = value(
			decodePmdDataFrame(hx('00 01 00 00 00 00 00 00 00 00 02 80 FF 02 80 00'), { sampleRateHz: 130 })
		);
		expect(f.kind).toBe('ecg');
		if (f.kind === 'ecg') expect(Array.from(f.microVolts)).toEqual([-32766, 32770]);
	});

	it('decodes ECG frame types 1-3 as the Polar SDK does', () => {
		const t1 = value(decodePmdDataFrame(hx('00 10 00 00 00 00 00 00 00 01 FF FF 1F'), { sampleRateHz: 130 }));
		if (t1.kind !== 'ecg') throw new Error();
		expect(t1.microVolts[0]).toBe(0x3fff);
		expect(t1.status![0]).toBe(0x1f);
		const t2 = value(decodePmdDataFrame(hx('00 10 00 00 00 00 00 00 00 02 01 02 E7'), { sampleRateHz: 130 }));
		if (t2.kind !== 'ecg') throw new Error();
		expect(t2.microVolts[0]).toBe(0x30201);
		const t3 = value(
			decodePmdDataFrame(hx('00 10 00 00 00 00 00 00 00 03 FF FF FF 02 00 00 05'), { sampleRateHz: 130 })
		);
		if (t3.kind !== 'ecg') throw new Error();
		expect([t3.microVolts[0], t3.secondChannel![0], t3.status![0]]).toEqual([-1, 2, 5]);
		expect(decodePmdDataFrame(hx('00 10 00 00 00 00 00 00 00 04 00 00 00'), { sampleRateHz: 130 }).ok).toBe(
			false
		);
		expect(decodePmdDataFrame(hx('00 10 00 00 00 00 00 00 00 80 00 00 00'), { sampleRateHz: 130 }).ok).toBe(
			false
		);
	});

	it('decodes the Polar SDK uncompressed ACC example at 52 Hz', () => {
		const f = value(
			decodePmdDataFrame(hx('02 00 94 35 77 00 00 00 00 01 F7 FF FF FF E7 03 F8 FF FE FF E5 03'), {
				sampleRateHz: 52
			})
		);
		if (f.kind !== 'acc') throw new Error();
		expect(f.timestampNs).toBe(2_000_000_000n);
		expect([f.x[0], f.y[0], f.z[0], f.x[1], f.y[1], f.z[1]]).toEqual([-9, -1, 999, -8, -2, 997]);
		// First frame: 1e9/52 ns apart = 19230769.23 ns, rounded.
		expect(Array.from(f.sampleTimestampsNs)).toEqual([1_980_769_231n, 2_000_000_000n]);
	});

	it('decodes 8- and 24-bit uncompressed ACC', () => {
		const t0 = value(decodePmdDataFrame(hx('02 10 00 00 00 00 00 00 00 00 FF 01 80'), { sampleRateHz: 50 }));
		if (t0.kind !== 'acc') throw new Error();
		expect([t0.x[0], t0.y[0], t0.z[0]]).toEqual([-1, 1, -128]);
		const t2 = value(
			decodePmdDataFrame(hx('02 10 00 00 00 00 00 00 00 02 FF FF FF 00 00 80 01 00 00'), { sampleRateHz: 50 })
		);
		if (t2.kind !== 'acc') throw new Error();
		expect([t2.x[0], t2.y[0], t2.z[0]]).toEqual([-1, -8388608, 1]);
		expect(
			decodePmdDataFrame(hx('02 10 00 00 00 00 00 00 00 01 00 00 00 00 00'), { sampleRateHz: 50 }).ok
		).toBe(false);
	});

	it('decodes the delta example in Polar’s PMD specification, 2021 edition (8-bit deltas, LSB first)', () => {
		const ch = value(decodeDeltaFrame(u8('D0 FF 65 01 E4 0F 08 02 FC 07 FF 0C 13 F2'), 3, 16));
		expect(ch.map((c) => Array.from(c))).toEqual([
			[-48, -52, -40],
			[357, 364, 383],
			[4068, 4067, 4053]
		]);
	});

	it('decodes the Polar SDK compressed type 0 example: G units times factor to mG', () => {
		const frame = hx(`02 00 00 00 00 00 00 00 00 80 71 07 F0 6A 9E 8D 0A 01 BE 5C BE BA`);
		const f = value(decodePmdDataFrame(frame, { sampleRateHz: 52, factor: Math.fround(2.44e-4) }));
		if (f.kind !== 'acc') throw new Error();
		// Raw (1905, 27376, -29282) then +(190, -105, -85); mG = trunc(raw × factor × 1000).
		expect([Array.from(f.x), Array.from(f.y), Array.from(f.z)]).toEqual([
			[464, 511],
			[6679, 6654],
			[-7144, -7165]
		]);
	});

	it('applies the factor to compressed type 1 only when it is not 1', () => {
		const frame = hx('02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08');
		const f = value(decodePmdDataFrame(frame, { sampleRateHz: 52, factor: 0.5 }));
		if (f.kind !== 'acc') throw new Error();
		expect(Array.from(f.x)).toEqual([-7, -10]);
		expect(decodePmdDataFrame(frame, { sampleRateHz: 52, factor: NaN }).ok).toBe(false);
	});

	it('rejects malformed delta blocks', () => {
		expect(decodeDeltaFrame(Uint8Array.of(1, 2, 3, 4, 5), 3, 16).ok).toBe(false);
		expect(decodeDeltaFrame(Uint8Array.of(1, 2, 3, 4, 5, 6, 8), 3, 16).ok).toBe(false);
		expect(decodeDeltaFrame(Uint8Array.of(1, 2, 3, 4, 5, 6, 8, 2, 1, 2, 3), 3, 16).ok).toBe(false);
		expect(decodeDeltaFrame(Uint8Array.of(1, 2, 3, 4, 5, 6, 40, 1, 0, 0, 0, 0, 0), 3, 16).ok).toBe(false);
	});

	it('rejects frames with no samples, short headers and timestamps that do not advance', () => {
		expect(decodePmdDataFrame(hx('02 10 00 00 00 00 00 00 00 01'), { sampleRateHz: 50 }).ok).toBe(false);
		expect(decodePmdDataFrame(hx('02 10 00 00 00 00 00 00 00'), { sampleRateHz: 50 }).ok).toBe(false);
		const frame = hx('02 10 00 00 00 00 00 00 00 01 00 00 00 00 00 00');
		expect(decodePmdDataFrame(frame, { sampleRateHz: 50, previousTimestampNs: 0x10n }).ok).toBe(false);
		expect(decodePmdDataFrame(frame, { sampleRateHz: 50, previousTimestampNs: 0x11n }).ok).toBe(false);
		expect(decodePmdDataFrame(frame, { sampleRateHz: 50, previousTimestampNs: 0x0fn }).ok).toBe(true);
		expect(decodePmdDataFrame(frame, { sampleRateHz: 0 }).ok).toBe(false);
		expect(decodePmdDataFrame(frame, { sampleRateHz: 50, previousTimestampNs: -5n }).ok).toBe(false);
		expect(decodePmdDataFrame(hx('01 10 00 00 00 00 00 00 00 01 00 00 00'), { sampleRateHz: 50 }).ok).toBe(
			false
		);
	});

	it('rounds exact half-nanosecond offsets up (toward the earlier instant)', () => {
		// 3 samples over 3 ns after the previous frame: offsets 2·1 and 1·1, exact.
		expect(Array.from(value(pmdSampleTimestamps(103n, 100n, 3, 0)))).toEqual([101n, 102n, 103n]);
		// 2 samples over 3 ns: offset 1.5 → 2.
		expect(Array.from(value(pmdSampleTimestamps(103n, 100n, 2, 0)))).toEqual([101n, 103n]);
		// First frame at 3 Hz: spacing 1e9/3 ns: offsets 333333333.33 and 666666666.67.
		expect(Array.from(value(pmdSampleTimestamps(1_000_000_000n, null, 3, 3)))).toEqual([
			333_333_333n,
			666_666_667n,
			1_000_000_000n
		]);
	});

	it('round-trips the simulator encoders', () => {
		const uv = Array.from({ length: 73 }, (_, i) => ((i * 997) % 20000) - 10000);
		uv[0] = -8388608;
		uv[1] = 8388607;
		const ecgBytes = encodePmdEcgFrame({ timestampNs: 599617564162135780n, microVolts: uv });
		expect(ecgBytes.length).toBe(229);
		const ecg = value(decodePmdDataFrame(new DataView(ecgBytes.buffer), { sampleRateHz: 130 }));
		if (ecg.kind !== 'ecg') throw new Error();
		expect(Array.from(ecg.microVolts)).toEqual(uv);
		expect(ecg.timestampNs).toBe(599617564162135780n);

		const axis = (k: number) => Array.from({ length: 36 }, (_, i) => ((i * k) % 65536) - 32768);
		const accBytes = encodePmdAccFrame({
			timestampNs: 5n * 10n ** 17n,
			x: axis(1),
			y: axis(977),
			z: axis(1999)
		});
		expect(accBytes.length).toBe(226);
		const acc = value(
			decodePmdDataFrame(new DataView(accBytes.buffer), {
				sampleRateHz: 200,
				previousTimestampNs: 5n * 10n ** 17n - 180_000_000n
			})
		);
		if (acc.kind !== 'acc') throw new Error();
		expect([Array.from(acc.x), Array.from(acc.y), Array.from(acc.z)]).toEqual([
			axis(1),
			axis(977),
			axis(1999)
		]);
		expect(acc.sampleTimestampsNs[0]).toBe(5n * 10n ** 17n - 175_000_000n);
		expect(() => encodePmdEcgFrame({ timestampNs: 1n, microVolts: [1 << 23] })).toThrow(RangeError);
		expect(() => encodePmdAccFrame({ timestampNs: 1n, x: [40000], y: [0], z: [0] })).toThrow(RangeError);
	});
});
