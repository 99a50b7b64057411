/**
 * The one table of wearable kinds: every fact the app needs about a kind lives in its entry (what
 * the person calls it, what it measures, its live trace, how to reach it, its simulated name). A
 * new kind of wearable is one entry here plus its driver.
 */
import {
	BATTERY_SERVICE,
	DEVICE_INFORMATION_SERVICE,
	HEART_RATE_SERVICE
} from '$lib/core/protocols/heart-rate';
import { PMD_SERVICE } from '$lib/core/protocols/pmd';
import { GDX_RB_NAME_PREFIX, GDX_SERVICE } from '$lib/core/protocols/gdx';
import type { Source } from '$lib/core/types';
import type { Driver } from './drivers/driver';
import { GdxBeltDriver, type GdxBeltOptions } from './drivers/gdx-belt';
import { HeartRateDriver } from './drivers/heart-rate';
import { PolarH10Driver, type PolarH10Options } from './drivers/polar-h10';

export type WearableKind = 'hr-strap' | 'polar-h10' | 'gdx-belt' | 'phone';
/** The kinds reached over Bluetooth (the phone reads its own motion sensors). */
export type BluetoothKind = Exclude<WearableKind, 'phone'>;

export interface DriverOptions {
	polar?: PolarH10Options;
	belt?: GdxBeltOptions;
}

interface KindCommon<K extends WearableKind> {
	kind: K;
	/** Button label. */
	label: string;
	/** One line under the button. */
	hint: string;
	/** What the wearable measures, for the device card. */
	measures: string;
	/** What the person calls it in a sentence: "the strap", "the belt", "the phone". */
	noun: string;
	/** The signal its card's live trace shows, and the words under that trace. */
	trace: { source: Source; label: string };
	/** Its card shows a heart rate. */
	showsHeartRate: boolean;
	/** Name of the simulated one; `n` counts simulated wearables of this kind already running. */
	simulatedName(n: number): string;
}

export interface BluetoothKindInfo<K extends BluetoothKind = BluetoothKind> extends KindCommon<K> {
	transport: 'bluetooth';
	/** The browser chooser's filters. */
	options: RequestDeviceOptions;
	createDriver(options: DriverOptions): Driver;
}

export interface MotionKindInfo extends KindCommon<'phone'> {
	transport: 'motion';
}

export type KindInfo = BluetoothKindInfo | MotionKindInfo;

export const KINDS: { [K in BluetoothKind]: BluetoothKindInfo<K> } & { phone: MotionKindInfo } = {
	'hr-strap': {
		kind: 'hr-strap',
		transport: 'bluetooth',
		label: 'Heart-rate strap',
		hint: 'Any chest strap with Bluetooth heart rate',
		measures: 'Heart rate',
		noun: 'strap',
		trace: { source: 'rr', label: 'Beat-to-beat intervals' },
		showsHeartRate: true,
		simulatedName: (n) => (n === 0 ? 'Simulated strap' : `Simulated strap ${n + 1}`),
		options: {
			filters: [{ services: [HEART_RATE_SERVICE] }],
			optionalServices: [BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE, PMD_SERVICE]
		},
		createDriver: () => new HeartRateDriver()
	},
	'polar-h10': {
		kind: 'polar-h10',
		transport: 'bluetooth',
		label: 'Polar H10',
		hint: 'Heart rate and chest movement',
		measures: 'Heart rate and chest movement',
		noun: 'strap',
		trace: { source: 'acc', label: 'Chest movement' },
		showsHeartRate: true,
		simulatedName: (n) => (n === 0 ? 'Simulated H10' : `Simulated H10 ${n + 1}`),
		options: {
			filters: [{ namePrefix: 'Polar H10' }],
			optionalServices: [HEART_RATE_SERVICE, PMD_SERVICE, BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE]
		},
		createDriver: (o) => new PolarH10Driver(o.polar)
	},
	'gdx-belt': {
		kind: 'gdx-belt',
		transport: 'bluetooth',
		label: 'Breathing belt',
		hint: 'Vernier Go Direct respiration belt',
		measures: 'Breathing',
		noun: 'belt',
		trace: { source: 'resp', label: 'Belt stretch' },
		showsHeartRate: false,
		simulatedName: (n) => (n === 0 ? 'Simulated belt' : `Simulated belt ${n + 1}`),
		options: {
			filters: [{ namePrefix: GDX_RB_NAME_PREFIX }],
			optionalServices: [GDX_SERVICE, BATTERY_SERVICE, DEVICE_INFORMATION_SERVICE]
		},
		createDriver: (o) => new GdxBeltDriver(o.belt)
	},
	phone: {
		kind: 'phone',
		transport: 'motion',
		label: 'This phone',
		hint: 'Lie down and rest it flat on your chest or belly',
		measures: 'Breathing, from the phone’s motion sensors',
		noun: 'phone',
		trace: { source: 'acc', label: 'Chest movement' },
		showsHeartRate: false,
		simulatedName: (n) => (n === 0 ? 'Simulated phone' : `Simulated phone ${n + 1}`)
	}
};

/** The Bluetooth kinds, in the order the pairing page offers them. */
export const BLUETOOTH_KINDS: readonly BluetoothKind[] = ['hr-strap', 'polar-h10', 'gdx-belt'];

export function isWearableKind(v: unknown): v is WearableKind {
	return typeof v === 'string' && Object.hasOwn(KINDS, v);
}

export function isBluetoothKind(v: unknown): v is BluetoothKind {
	return isWearableKind(v) && KINDS[v].transport === 'bluetooth';
}
