import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { forgetWearable, rememberedWearables, rememberWearable } from './remembered';

describe('remembered wearables', () => {
	it('remembers id, name and kind, once per device, and forgets', () => {
		const s = memoryStorage();
		rememberWearable({ id: 'a', name: 'Polar H10 1234', kind: 'polar-h10' }, s);
		rememberWearable({ id: 'b', name: 'GDX-RB 0K4', kind: 'gdx-belt' }, s);
		rememberWearable({ id: 'a', name: 'Polar H10 1234', kind: 'polar-h10' }, s);
		expect(rememberedWearables(s).map((r) => r.id)).toEqual(['b', 'a']);
		forgetWearable('b', s);
		expect(rememberedWearables(s)).toEqual([{ id: 'a', name: 'Polar H10 1234', kind: 'polar-h10' }]);
	});

	it('ignores damaged storage instead of failing', () => {
		const s = memoryStorage();
		s.setItem('tidal.wearables.v1', '{not json');
		expect(rememberedWearables(s)).toEqual([]);
		s.setItem(
			'tidal.wearables.v1',
			JSON.stringify([
				{ id: 1 },
				{ id: 'x', name: 'X', kind: 'toaster' },
				{ id: 'y', name: 'Y', kind: 'hr-strap' }
			])
		);
		expect(rememberedWearables(s)).toEqual([{ id: 'y', name: 'Y', kind: 'hr-strap' }]);
	});

	it('does nothing without storage', () => {
		expect(rememberedWearables(null)).toEqual([]);
		expect(() => rememberWearable({ id: 'a', name: 'A', kind: 'hr-strap' }, null)).not.toThrow();
	});

	it('never throws when storage is full or switched off (remembering is best-effort)', () => {
		const full = memoryStorage();
		full.setItem = () => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
		expect(rememberWearable({ id: 'a', name: 'Strap', kind: 'hr-strap' }, full)).toBe(false);
		expect(forgetWearable('a', full)).toBe(false);
		expect(rememberWearable({ id: 'a', name: 'Strap', kind: 'hr-strap' }, memoryStorage())).toBe(true);
	});
});
