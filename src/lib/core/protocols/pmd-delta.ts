/**
 * PMD delta decompression: the packed-delta layout of compressed data frames (frame type bit 7).
 * Primary sources: Polar, "Polar Measurement Data Specification" (PDF, 2019 and 2021 editions,
 * published in github.com/polarofficial/polar-ble-sdk under technical_documentation/ until 2023;
 * the 2019 edition holds the worked byte examples), and the Polar BLE SDK source that implements it
 * (delta parsing in polar-ble-sdk, sources/Android/android-communications: BlePMDClient.kt, PmdSetting.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdDataFrame.kt).
 */
import { fail, ok, type Decoded } from './result';

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
