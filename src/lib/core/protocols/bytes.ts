/**
 * Small byte helpers shared by the protocol decoders. The core is compiled against plain ES2022,
 * so TextDecoder (a DOM/Node API) is not available; strings are decoded by hand.
 */

/** The bytes of a DataView, without copying. */
export function bytesOf(view: DataView): Uint8Array {
	return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** A DataView over (a window of) a byte array, without copying. */
export function viewOf(bytes: Uint8Array, start = 0, end = bytes.length): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start));
}

/** Upper-case hex with single spaces, as the test vectors and logs write bytes: "0F 05 00". */
export function toHex(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i++) {
		if (i > 0) s += ' ';
		s += hexByte(bytes[i]);
	}
	return s;
}

/** One byte as two upper-case hex digits, as error messages write it after "0x": "0F". */
export function hexByte(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}

/** Signed 24-bit little-endian integer at `offset` (caller checks bounds). */
export function getInt24(view: DataView, offset: number): number {
	const u = view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
	// Shift the sign bit up to bit 31 and back to sign-extend.
	return (u << 8) >> 8;
}

/**
 * UTF-8 to string. Malformed sequences become U+FFFD rather than failing: device strings are
 * for display, and a damaged one is better shown than dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string {
	let out = '';
	let i = 0;
	while (i < bytes.length) {
		const b0 = bytes[i];
		// Continuation bytes to read, code point so far, and the smallest value that needs this
		// many bytes (anything smaller is an overlong, invalid encoding).
		let need: number;
		let cp: number;
		let min: number;
		if (b0 < 0x80) {
			out += String.fromCharCode(b0);
			i++;
			continue;
		} else if (b0 >= 0xc2 && b0 <= 0xdf) {
			need = 1;
			cp = b0 & 0x1f;
			min = 0x80;
		} else if (b0 >= 0xe0 && b0 <= 0xef) {
			need = 2;
			cp = b0 & 0x0f;
			min = 0x800;
		} else if (b0 >= 0xf0 && b0 <= 0xf4) {
			need = 3;
			cp = b0 & 0x07;
			min = 0x10000;
		} else {
			out += '\ufffd';
			i++;
			continue;
		}
		let j = 1;
		for (; j <= need && i + j < bytes.length; j++) {
			const b = bytes[i + j];
			if ((b & 0xc0) !== 0x80) break;
			cp = (cp << 6) | (b & 0x3f);
		}
		if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			// Skip the lead byte only, so a following valid character is not swallowed.
			out += '\ufffd';
			i++;
			continue;
		}
		out += String.fromCodePoint(cp);
		i += need + 1;
	}
	return out;
}

/** A string padded with NUL bytes (or NUL-terminated): the text before the first NUL. */
export function decodePaddedUtf8(bytes: Uint8Array): string {
	const end = bytes.indexOf(0);
	return decodeUtf8(end < 0 ? bytes : bytes.subarray(0, end));
}
