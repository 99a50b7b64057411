import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { BLUETOOTH_KINDS, isBluetoothKind, isWearableKind, KINDS } from './kinds';
import { rememberedWearables } from './remembered';
import { wearableNoun } from './wearable';

describe('the table of wearable kinds', () => {
	it('each kind says what it is, what it measures, its trace and its simulated name', () => {
		for (const info of Object.values(KINDS)) {
			expect(isWearableKind(info.kind)).toBe(true);
			expect(info.label && info.hint && info.measures && info.noun && info.trace.label).toBeTruthy();
			expect(['resp', 'acc', 'rr', 'ecg']).toContain(info.trace.source);
			expect(info.simulatedName(0)).toMatch(/^Simulated /);
			expect(info.simulatedName(1)).not.toBe(info.simulatedName(0));
		}
	});

	it('the Bluetooth kinds have chooser filters and make their own driver; the phone needs neither', () => {
		expect([...BLUETOOTH_KINDS].sort()).toEqual(['gdx-belt', 'hr-strap', 'polar-h10']);
		for (const kind of BLUETOOTH_KINDS) {
			const info = KINDS[kind];
			expect('filters' in info.options && info.options.filters.length).toBeGreaterThan(0);
			expect(typeof info.createDriver({}).start).toBe('function');
		}
		expect(KINDS.phone.transport).toBe('motion');
		expect(isBluetoothKind('phone')).toBe(false);
	});

	it('status lines use the kind’s own noun', () => {
		expect(['hr-strap', 'polar-h10', 'gdx-belt', 'phone'].map((k) => wearableNoun(k as never))).toEqual([
			'Strap',
			'Strap',
			'Belt',
			'Phone'
		]);
	});

	it('a stored "phone" is not a Bluetooth device to reconnect', () => {
		const storage = memoryStorage(() => {});
		storage.setItem(
			'tidal.wearables.v1',
			JSON.stringify([
				{ id: 'a', name: 'Strap', kind: 'hr-strap' },
				{ id: 'b', name: 'Phone', kind: 'phone' }
			])
		);
		expect(rememberedWearables(storage).map((r) => r.id)).toEqual(['a']);
	});
});
