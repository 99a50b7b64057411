/** Remembered wearables (id, name, kind) in localStorage, so the next session reconnects quickly. */
import { isBluetoothKind, type BluetoothKind } from './kinds';

export interface RememberedWearable {
	id: string;
	name: string;
	kind: BluetoothKind;
}

const KEY = 'tidal.wearables.v1';

function store(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled (private mode, policy)
	}
}

export function rememberedWearables(storage: Storage | null = store()): RememberedWearable[] {
	if (!storage) return [];
	try {
		const raw: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
		if (!Array.isArray(raw)) return [];
		return raw.filter(
			(r): r is RememberedWearable =>
				typeof r === 'object' &&
				r !== null &&
				typeof r.id === 'string' &&
				typeof r.name === 'string' &&
				isBluetoothKind(r.kind)
		);
	} catch {
		return [];
	}
}

/**
 * Remember a device for next time. Best-effort: storage can be full or switched off (private
 * mode), and that must never undo a connection that worked. Returns whether it was saved.
 */
export function rememberWearable(w: RememberedWearable, storage: Storage | null = store()): boolean {
	if (!storage) return false;
	try {
		const list = rememberedWearables(storage).filter((r) => r.id !== w.id);
		list.push({ id: w.id, name: w.name, kind: w.kind });
		storage.setItem(KEY, JSON.stringify(list));
		return true;
	} catch {
		return false;
	}
}

/** Forget a device. Best-effort, like rememberWearable. */
export function forgetWearable(id: string, storage: Storage | null = store()): boolean {
	if (!storage) return false;
	try {
		storage.setItem(KEY, JSON.stringify(rememberedWearables(storage).filter((r) => r.id !== id)));
		return true;
	} catch {
		return false;
	}
}
