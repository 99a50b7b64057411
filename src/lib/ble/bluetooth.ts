/** Entry points to navigator.bluetooth: feature check, the chooser, and remembered devices. */
import { WearableError } from './errors';
import { KINDS, type BluetoothKind } from './kinds';
import { WebBluetoothLink } from './link';

export function bluetoothSupported(): boolean {
	return typeof navigator !== 'undefined' && 'bluetooth' in navigator && navigator.bluetooth !== undefined;
}

/** Open the browser's chooser for one kind of wearable (needs a tap). */
export async function chooseWearable(kind: BluetoothKind): Promise<WebBluetoothLink> {
	if (!bluetoothSupported()) throw new WearableError('unsupported', 'navigator.bluetooth is not available');
	try {
		const device = await navigator.bluetooth.requestDevice(KINDS[kind].options);
		return new WebBluetoothLink(device);
	} catch (e) {
		// Chrome reports a missing or switched-off adapter in several ways; ask it directly.
		const cancelled = e instanceof Error && e.name === 'NotFoundError' && /cancel/i.test(e.message);
		if (!cancelled && (await adapterMissing()))
			throw new WearableError('bluetooth-off', e instanceof Error ? e.message : String(e));
		throw e;
	}
}

async function adapterMissing(): Promise<boolean> {
	try {
		return (await navigator.bluetooth.getAvailability()) === false;
	} catch {
		return false;
	}
}

/** A device this site was allowed before, without the chooser (getDevices, where it exists). */
export async function findPermittedDevice(id: string): Promise<WebBluetoothLink | null> {
	if (!bluetoothSupported() || typeof navigator.bluetooth.getDevices !== 'function') return null;
	try {
		const devices = await navigator.bluetooth.getDevices();
		const d = devices.find((x) => x.id === id);
		return d ? new WebBluetoothLink(d) : null;
	} catch {
		return null;
	}
}

export function canReconnectWithoutChooser(): boolean {
	return bluetoothSupported() && typeof navigator.bluetooth.getDevices === 'function';
}
