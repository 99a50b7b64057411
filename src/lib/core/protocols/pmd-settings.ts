/**
 * PMD settings lists: `[type u8][count u8][count values]…`, the body of start commands and of
 * get-settings and start replies.
 * Primary sources: Polar, "Polar Measurement Data Specification" (PDF, 2019 and 2021 editions,
 * published in github.com/polarofficial/polar-ble-sdk under technical_documentation/ until 2023;
 * the 2019 edition holds the worked byte examples), and the Polar BLE SDK source that implements it
 * (polar-ble-sdk, sources/Android/android-communications: BlePMDClient.kt, PmdSetting.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdDataFrame.kt).
 */
import { bytesOf } from './bytes';
import { fail, ok, type Decoded } from './result';

/**
 * A settings list: each present setting with its values. In a get-settings reply these are the
 * offered choices; in a start command each has exactly one value.
 */
export interface PmdSettings {
	sampleRateHz?: number[];
	resolutionBits?: number[];
	/** Full scale; G for ACC. */
	range?: number[];
	/** Full scale in milli-units. */
	rangeMilliUnit?: number[];
	channels?: number[];
	/** Only in replies: multiply compressed sample values by this (float32). */
	scalingFactor?: number[];
	security?: Uint8Array[];
}

type SettingKey = keyof PmdSettings;
/** Setting types 0-6 in order, with the byte width of one value (PolarSDK PmdSetting). */
const SETTING_KEYS: readonly SettingKey[] = [
	'sampleRateHz',
	'resolutionBits',
	'range',
	'rangeMilliUnit',
	'channels',
	'scalingFactor',
	'security'
];
const SETTING_WIDTHS = [2, 2, 2, 4, 1, 4, 16];

/**
 * `[type u8][count u8][count values]…`. An unknown type ends parsing with an error: its value
 * width is unknown, so nothing after it can be located.
 */
export function decodePmdSettings(view: DataView): Decoded<PmdSettings> {
	const settings: PmdSettings = {};
	const len = view.byteLength;
	let offset = 0;
	while (offset < len) {
		const type = view.getUint8(offset);
		if (type >= SETTING_KEYS.length) {
			return fail(
				`unknown PMD setting type ${type} at byte ${offset}: its width is unknown, so the rest cannot be read`
			);
		}
		const key = SETTING_KEYS[type];
		if (offset + 2 > len) return fail(`PMD setting ${key} at byte ${offset} has no value count`);
		const count = view.getUint8(offset + 1);
		const width = SETTING_WIDTHS[type];
		offset += 2;
		if (offset + count * width > len) {
			return fail(
				`PMD setting ${key} announces ${count} values of ${width} bytes but only ${len - offset} bytes remain`
			);
		}
		for (let i = 0; i < count; i++, offset += width) {
			if (key === 'security') {
				(settings.security ??= []).push(bytesOf(view).slice(offset, offset + width));
				continue;
			}
			let v: number;
			if (key === 'scalingFactor') v = view.getFloat32(offset, true);
			else if (width === 4) v = view.getUint32(offset, true);
			else if (width === 2) v = view.getUint16(offset, true);
			else v = view.getUint8(offset);
			(settings[key] ??= []).push(v);
		}
	}
	return ok(settings);
}

/** Settings list bytes, settings in type order. Throws RangeError on values that do not fit. */
export function encodePmdSettings(settings: PmdSettings): Uint8Array {
	const parts: number[] = [];
	SETTING_KEYS.forEach((key, type) => {
		const values = settings[key];
		if (values === undefined) return;
		if (values.length > 255) throw new RangeError(`too many values for ${key}`);
		const width = SETTING_WIDTHS[type];
		parts.push(type, values.length);
		for (const v of values) {
			const cell = new DataView(new ArrayBuffer(width));
			if (v instanceof Uint8Array) {
				if (v.length !== width) throw new RangeError(`${key} value must be ${width} bytes`);
				new Uint8Array(cell.buffer).set(v);
			} else if (key === 'scalingFactor') {
				cell.setFloat32(0, v, true);
			} else {
				const max = 2 ** (8 * width) - 1;
				if (!Number.isInteger(v) || v < 0 || v > max)
					throw new RangeError(`${key} ${v} is not an integer in 0..${max}`);
				if (width === 4) cell.setUint32(0, v, true);
				else if (width === 2) cell.setUint16(0, v, true);
				else cell.setUint8(0, v);
			}
			for (let i = 0; i < width; i++) parts.push(cell.getUint8(i));
		}
	});
	return Uint8Array.from(parts);
}
