import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../../tests/support/memory-storage';
import { SimulatedLink } from '$lib/ble/simulated';

// A browser with Web Bluetooth whose chooser and permitted devices hand out simulated wearables.
const permitted = new Map<string, SimulatedLink>();
vi.mock('$lib/ble/bluetooth', () => ({
	bluetoothSupported: () => true,
	canReconnectWithoutChooser: () => true,
	chooseWearable: async () => new SimulatedLink('hr-strap', 'Chosen strap'),
	findPermittedDevice: async (id: string) => permitted.get(id) ?? null
}));

const { WearablesState } = await import('./wearables.svelte');

describe('WearablesState', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
		permitted.clear();
	});

	it('a full or disabled storage after a good connection is not "pairing failed"', async () => {
		vi.stubGlobal(
			'localStorage',
			memoryStorage(() => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			})
		);
		const w = new WearablesState();
		const pairing = w.pair('hr-strap');
		await vi.advanceTimersByTimeAsync(2000);
		await pairing;
		expect(w.error).toBeNull();
		expect(w.devices.map((d) => d.status)).toEqual(['streaming']);
		await w.stopAll();
	});

	it('reconnecting on load and a tap are one at a time: the device connects once', async () => {
		vi.stubGlobal(
			'localStorage',
			memoryStorage(() => {})
		);
		const link = new SimulatedLink('hr-strap', 'Known strap');
		permitted.set(link.id, link);
		localStorage.setItem(
			'tidal.wearables.v1',
			JSON.stringify([{ id: link.id, name: link.name, kind: 'hr-strap' }])
		);
		const connect = vi.spyOn(link, 'connect');
		const w = new WearablesState();
		const auto = w.autoReconnect();
		expect(w.pending).toBe('auto');
		// The person taps "Connect Known strap" while the page is already reconnecting it.
		const tap = w.reconnectRemembered(w.remembered[0]);
		await vi.advanceTimersByTimeAsync(2000);
		await Promise.all([auto, tap]);
		expect(connect).toHaveBeenCalledTimes(1);
		expect(w.devices).toHaveLength(1);
		expect(w.pending).toBeNull();
		await w.stopAll();
		link.dispose();
	});

	it('ticks only while there is something to move', async () => {
		vi.stubGlobal(
			'localStorage',
			memoryStorage(() => {})
		);
		const w = new WearablesState();
		expect(w.tickMs).toBeNull();
		const adding = w.addSimulated();
		await vi.advanceTimersByTimeAsync(2000);
		await adding;
		expect(w.tickMs).toBe(250);
		const forgetting = w.forget(w.devices[0].id);
		await vi.advanceTimersByTimeAsync(5000);
		await forgetting;
		expect(w.tickMs).toBeNull();
	});

	it('"This phone" where the browser has no motion events at all: a plain answer, no card', async () => {
		vi.stubGlobal(
			'localStorage',
			memoryStorage(() => {})
		);
		const w = new WearablesState();
		await w.usePhone();
		expect(w.error?.code).toBe('no-motion-sensor');
		expect(w.error?.title).toBe('No motion sensor here');
		expect(w.devices).toEqual([]);
		expect(w.pending).toBeNull();
	});

	it('the simulated phone and a simulated strap stream acc and rr chunks on one clock', async () => {
		vi.stubGlobal(
			'localStorage',
			memoryStorage(() => {})
		);
		vi.stubGlobal('document', {
			visibilityState: 'visible',
			addEventListener() {},
			removeEventListener() {}
		});
		const w = new WearablesState();
		const seen: { kind: string; device: string; last: number }[] = [];
		w.onChunk((chunk, device) =>
			seen.push({ kind: chunk.kind, device: device.name, last: chunk.t[chunk.n - 1] })
		);
		const phone = w.addSimulatedPhone();
		await vi.advanceTimersByTimeAsync(3000);
		await phone;
		const strap = w.addSimulated();
		await vi.advanceTimersByTimeAsync(1000);
		await strap;
		await vi.advanceTimersByTimeAsync(5000);
		expect(w.devices.map((d) => [d.name, d.status])).toEqual([
			['Simulated phone', 'streaming'],
			['Simulated H10', 'streaming']
		]);
		const now = w.clock.now();
		const newest = (device: string, kind: string) =>
			Math.max(...seen.filter((s) => s.device === device && s.kind === kind).map((s) => s.last));
		// Both on the session clock, each within a packet of "now".
		expect(now - newest('Simulated phone', 'acc')).toBeLessThan(0.5);
		expect(now - newest('Simulated H10', 'rr')).toBeLessThan(2);
		const stopping = w.stopAll();
		await vi.advanceTimersByTimeAsync(3000);
		await stopping;
		for (const d of w.devices) d.wearable.dispose();
	});
});
