/**
 * PMD data frames of the Polar H10: ECG and ACC frames with per-sample timestamps, and the
 * encoders the simulated sensor sends.
 * Primary sources: Polar, "Polar Measurement Data Specification" (PDF, 2019 and 2021 editions,
 * published in github.com/polarofficial/polar-ble-sdk under technical_documentation/ until 2023;
 * the 2019 edition holds the worked byte examples), and the Polar BLE SDK source that implements it
 * (polar-ble-sdk, sources/Android/android-communications: BlePMDClient.kt, PmdSetting.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdDataFrame.kt).
 */
import { bytesOf, getInt24, viewOf } from './bytes';
import { PmdMeasurement, pmdMeasurementName } from './pmd-control';
import { decodeDeltaFrame } from './pmd-delta';
import { fail, ok, type Decoded } from './result';

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
