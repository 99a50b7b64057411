/** The kinds of wearable Tidal pairs with, and the chooser filters for each. */
import {
	BATTERY_SERVICE,
	DEVICE_INFORMATION_SERVICE,
	HEART_RATE_SERVICE
} from '$lib/core/protocols/heart-rate';
import { PMD_SERVICE } from '$lib/core/protocols/pmd';
import { GDX_RB_NAME_PREFIX, GDX_SERVICE } from '$lib/core/protocols/gdx';

export type WearableKind = 'hr-strap' | 'polar-h10' | 'gdx-belt';

export interface KindInfo {
	kind: WearableKind;
	/** Button label. */
	label: string;
	/** One line under the button. */
	hint: string;
	/** What the wearable measures, for the device card. */
	measures: string;
	options: RequestDeviceOptions;
}

export const KINDS: Record<WearableKind, KindInfo> = {
	'hr-strap': {
		kind: 'hr-strap',
		label: 'Heart-rate strap',
		hint: 'Any chest strap with Bluetooth heart rate',
		measures: 'Heart rate',
		options: {
			filters: [{ services: [HEART_RATE_SERVICE] }],
			optionalServices: [BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE, PMD_SERVICE]
		}
	},
	'polar-h10': {
		kind: 'polar-h10',
		label: 'Polar H10',
		hint: 'Heart rate and chest movement',
		measures: 'Heart rate and chest movement',
		options: {
			filters: [{ namePrefix: 'Polar H10' }],
			optionalServices: [HEART_RATE_SERVICE, PMD_SERVICE, BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE]
		}
	},
	'gdx-belt': {
		kind: 'gdx-belt',
		label: 'Breathing belt',
		hint: 'Vernier Go Direct respiration belt',
		measures: 'Breathing',
		options: {
			filters: [{ namePrefix: GDX_RB_NAME_PREFIX }],
			optionalServices: [GDX_SERVICE, BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE]
		}
	}
};

export function isWearableKind(v: unknown): v is WearableKind {
	return v === 'hr-strap' || v === 'polar-h10' || v === 'gdx-belt';
}
