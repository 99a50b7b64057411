/**
 * Every vector of ../shared/docs/ble-vectors.json, decoded and compared field by field with its
 * `expected` block (and, for commands and frames, rebuilt byte for byte by the encoders).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared-data';
import { toHex } from '../../src/lib/core/protocols/bytes';
import {
	decodeBatteryLevel,
	decodeBodySensorLocation,
	decodeDeviceInfoString,
	decodeHeartRateMeasurement,
	decodeSystemId
} from '../../src/lib/core/protocols/heart-rate';
import {
	buildPmdGetSdkModeSettings,
	buildPmdGetSdkModeStatus,
	buildPmdGetSettings,
	buildPmdStart,
	buildPmdStop,
	decodePmdCommand,
	decodePmdControlPoint,
	decodePmdDataFrame,
	decodePmdFeatures,
	encodePmdAccFrame,
	encodePmdEcgFrame,
	encodePmdFeatures,
	encodePmdResponse,
	pmdReplySettings,
	pmdStartScalingFactor,
	type PmdDataFrame,
	type PmdFrameContext,
	type PmdStartSettings
} from '../../src/lib/core/protocols/pmd';
import {
	decodeGdxCommand,
	decodeGdxPacket,
	decodeGdxSensorMask,
	GdxCommandWriter
} from '../../src/lib/core/protocols/gdx';
import type { Decoded } from '../../src/lib/core/protocols/result';

interface Vector {
	id: string;
	characteristic: string;
	direction: string;
	hex: string;
	context?: { sampleRateHz?: number; previousTimestampNs?: string; factor?: number };
	expected: Record<string, unknown>;
}

const file = JSON.parse(readFileSync(sharedPath('docs', 'ble-vectors.json'), 'utf8')) as {
	vectors: Vector[];
};
const vectors = file.vectors;

function bytes(hex: string): Uint8Array {
	return hex === '' ? new Uint8Array(0) : Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
}

/**
 * A DataView that does not start at offset 0 of its buffer, as Web Bluetooth may hand out:
 * catches decoders that forget byteOffset.
 */
function view(hex: string): DataView {
	const b = bytes(hex);
	const backing = new Uint8Array(b.length + 7).fill(0xee);
	backing.set(b, 3);
	return new DataView(backing.buffer, 3, b.length);
}

function value<T>(r: Decoded<T>): T {
	if (!r.ok) throw new Error(`expected ok, got error: ${r.error}`);
	return r.value;
}

function expectInvalid(r: Decoded<unknown>): void {
	expect(r.ok).toBe(false);
	if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
}

function checkHeartRate(v: Vector): void {
	const r = decodeHeartRateMeasurement(view(v.hex));
	const e = v.expected;
	if (e.valid === false) return expectInvalid(r);
	const m = value(r);
	expect({
		valid: true,
		flags: m.flags,
		heartRateBpm: m.heartRateBpm,
		heartRateFormat: m.heartRateFormat,
		sensorContact: m.sensorContact,
		energyExpendedKJ: m.energyExpendedKJ,
		rrRaw: m.rrRaw,
		rrMs: m.rrMs,
		rrMsRounded: m.rrMs.map(Math.round)
	}).toStrictEqual(e);
}

function checkSimple(v: Vector): void {
	const e = v.expected;
	const kind = v.id.split('-')[0];
	const r: Decoded<object> =
		kind === 'bsl'
			? decodeBodySensorLocation(view(v.hex))
			: kind === 'battery'
				? decodeBatteryLevel(view(v.hex))
				: v.id === 'dis-system-id'
					? decodeSystemId(view(v.hex))
					: decodeDeviceInfoString(view(v.hex));
	if (e.valid === false) return expectInvalid(r);
	const got: Record<string, unknown> = { ...value(r) };
	if ('valid' in e) got.valid = true;
	expect(got).toStrictEqual(e);
}

function checkPmdCommand(v: Vector): void {
	const e = v.expected;
	const c = value(decodePmdCommand(view(v.hex)));
	const got: Record<string, unknown> = { opCode: c.opCode, op: c.op };
	if (c.measurementType !== null) {
		Object.assign(got, {
			measurementType: c.measurementType,
			measurement: c.measurement,
			offlineRecording: c.offlineRecording
		});
	}
	// A start without settings (SDK mode) decodes to settings {}; the vector leaves the key out.
	if (c.settings && Object.keys(c.settings).length > 0) got.settings = c.settings;
	expect(got).toStrictEqual(e);
	expect(c.rest.length).toBe(0);
	// And the builders produce exactly these bytes.
	const type = e.measurementType as number;
	const built =
		c.opCode === 1
			? buildPmdGetSettings(type)
			: c.opCode === 2
				? buildPmdStart(type, (e.settings ?? {}) as PmdStartSettings)
				: c.opCode === 3
					? buildPmdStop(type)
					: c.opCode === 4
						? buildPmdGetSdkModeSettings(type)
						: buildPmdGetSdkModeStatus();
	expect(toHex(built)).toBe(v.hex);
}

function checkPmdResponse(v: Vector): void {
	const e = v.expected;
	const m = value(decodePmdControlPoint(view(v.hex)));
	if (m.kind !== 'response') throw new Error('expected a response');
	const got: Record<string, unknown> = {
		responseCode: 0xf0,
		opCode: m.opCode,
		op: m.op,
		measurementType: m.measurementType,
		status: m.status,
		statusName: m.statusName,
		more: m.more,
		parameters: toHex(m.parameters)
	};
	if ('settings' in e) got.settings = value(pmdReplySettings(m));
	expect(got).toStrictEqual(e);
	if (m.op === 'start' && m.status === 0) expect(value(pmdStartScalingFactor(m))).toBe(1);
	expect(toHex(encodePmdResponse(m))).toBe(v.hex);
}

function checkPmdFrame(v: Vector): void {
	const e = v.expected;
	const ctx: PmdFrameContext = {
		// The delta-compressed library frame comes without a rate; its times are not checked.
		sampleRateHz: v.context?.sampleRateHz ?? 52,
		previousTimestampNs: BigInt(v.context?.previousTimestampNs ?? '0'),
		factor: v.context?.factor
	};
	const f = value(decodePmdDataFrame(view(v.hex), ctx));
	const got: Record<string, unknown> = {
		measurementType: f.measurementType,
		measurement: f.measurement,
		frameType: f.frameType,
		compressed: f.compressed,
		timestampNs: f.timestampNs.toString(),
		sampleCount: f.sampleCount
	};
	if (f.kind === 'ecg') got.microVolts = Array.from(f.microVolts);
	else got.milliG = Array.from(f.x, (x, i) => [x, f.y[i], f.z[i]]);
	if ('sampleTimestampsNs' in e) got.sampleTimestampsNs = Array.from(f.sampleTimestampsNs, String);
	expect(got).toStrictEqual(e);
	expect(f.sampleTimestampsNs[f.sampleCount - 1]).toBe(f.timestampNs);
	if (!f.compressed) {
		const encoded = f.kind === 'ecg' ? encodePmdEcgFrame(f) : encodePmdAccFrame(f);
		expect(toHex(encoded)).toBe(v.hex);
	}
}

function checkGdx(v: Vector): void {
	const e = v.expected;
	if (v.direction === 'write') {
		const c = value(decodeGdxCommand(view(v.hex)));
		expect({
			header: 0x58,
			length: c.length,
			lengthMatches: true,
			rollingCounter: c.rollingCounter,
			checksum: c.checksum,
			checksumValid: c.checksumValid,
			commandId: c.commandId,
			command: c.command,
			body: toHex(c.body)
		}).toStrictEqual(e);
		return;
	}
	const p = value(decodeGdxPacket(view(v.hex)));
	const got: Record<string, unknown> = {
		responseCode: p.responseCode,
		length: p.length,
		lengthMatches: true,
		deviceCounter: p.deviceCounter,
		checksum: p.checksum,
		checksumValid: p.checksumValid,
		kind: p.kind
	};
	if (p.kind === 'command-reply') {
		const mask = value(decodeGdxSensorMask(p.payload));
		Object.assign(got, {
			commandId: p.commandId,
			command: p.command,
			commandCounter: p.commandCounter,
			payload: toHex(p.payload),
			sensorMask: mask.sensorMask,
			sensors: mask.sensors
		});
	} else if (p.kind === 'measurement') {
		Object.assign(got, {
			measurementType: p.measurementType,
			measurementTypeName: p.measurementTypeName,
			sensorMask: p.sensorMask,
			sensors: p.sensors,
			sampleCount: p.sampleCount,
			// JSON writes NaN as "NaN"; the values themselves must be real NaNs.
			samples: Array.from({ length: p.sampleCount }, (_, i) =>
				Object.fromEntries(
					p.sensors.map((s, k) => [String(s), Number.isNaN(p.values[k][i]) ? 'NaN' : p.values[k][i]])
				)
			)
		});
	}
	expect(got).toStrictEqual(e);
}

function check(v: Vector): void {
	const id = v.id;
	if (id.startsWith('hr-')) return checkHeartRate(v);
	if (id.startsWith('bsl-') || id.startsWith('battery-') || id.startsWith('dis-')) return checkSimple(v);
	if (id === 'pmd-features-h10') {
		const f = value(decodePmdFeatures(view(v.hex)));
		expect({ responseCode: 0x0f, ...f }).toStrictEqual(v.expected);
		expect(toHex(encodePmdFeatures(f.supportedMeasurementTypes))).toBe(v.hex);
		return;
	}
	if (id.startsWith('pmd-') && id.endsWith('-command')) return checkPmdCommand(v);
	if (id.startsWith('pmd-') && id.endsWith('-response')) return checkPmdResponse(v);
	if (id.startsWith('pmd-ecg-') || id.startsWith('pmd-acc-')) return checkPmdFrame(v);
	if (id.startsWith('gdx-')) return checkGdx(v);
	throw new Error(`no checker for vector ${id}`);
}

describe('ble-vectors.json', () => {
	it('holds the 106 vectors this suite was written for', () => {
		expect(vectors.length).toBe(106);
		expect(new Set(vectors.map((v) => v.id)).size).toBe(106);
	});

	it.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => check(v));

	it('rebuilds the Go Direct command vectors with the rolling counter', () => {
		const w = new GdxCommandWriter();
		const init = w.init();
		const ids = w.getSensorIds();
		const hex = (id: string) => vectors.find((v) => v.id === id)!.hex;
		expect(toHex(init.bytes)).toBe(hex('gdx-init-command'));
		expect(toHex(ids.bytes)).toBe(hex('gdx-get-sensor-ids-command'));
	});

	it('decodes each recorded stream in order, chaining previous timestamps', () => {
		for (const prefix of ['pmd-ecg-130hz-', 'pmd-acc-50hz-2g-', 'pmd-acc-200hz-8g-']) {
			const stream = vectors.filter((v) => v.id.startsWith(prefix));
			let prev: bigint | null = null;
			let samples = 0;
			for (const v of stream) {
				const f: PmdDataFrame = value(
					decodePmdDataFrame(view(v.hex), {
						sampleRateHz: v.context!.sampleRateHz!,
						previousTimestampNs: prev
					})
				);
				expect(Array.from(f.sampleTimestampsNs, String)).toStrictEqual(v.expected.sampleTimestampsNs);
				prev = f.timestampNs;
				samples += f.sampleCount;
			}
			expect(samples).toBe(
				{ 'pmd-ecg-130hz-': 1241, 'pmd-acc-50hz-2g-': 72, 'pmd-acc-200hz-8g-': 540 }[prefix]
			);
		}
	});
});
