/**
 * The one result shape every protocol decoder returns. Decoders never throw on bad bytes: a
 * Bluetooth value is untrusted input, and a throw inside a notification handler would silently
 * kill the stream. The error is a plain sentence meant for logs and for the user-facing "sensor
 * sent something odd" message, e.g. "heart-rate packet too short: 3 bytes, need 4".
 */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Decoded<T> {
	return { ok: true, value };
}

export function fail<T = never>(error: string): Decoded<T> {
	return { ok: false, error };
}
