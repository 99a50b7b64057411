import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEART_RATE_MEASUREMENT, HEART_RATE_SERVICE } from '$lib/core/protocols/heart-rate';
import {
	buildPmdStart,
	PMD_CONTROL_POINT,
	PMD_DATA,
	PMD_SERVICE,
	PmdMeasurement
} from '$lib/core/protocols/pmd';
import { SimulatedHost, type SimMessage, type SimRequest } from './simulated-host';

/** The worker's side driven directly: what the page would get back, message by message. */
function host() {
	const messages: SimMessage[] = [];
	const transferred: ArrayBufferLike[] = [];
	const h = new SimulatedHost((m, transfer) => {
		messages.push(m);
		transferred.push(...(transfer as ArrayBufferLike[]));
	});
	let id = 0;
	const call = async (r: Omit<SimRequest, 'id' | 'link'> & Record<string, unknown>) => {
		const reply = ++id;
		const done = h.handle({ ...r, id: reply, link: 'h10' } as SimRequest);
		await vi.advanceTimersByTimeAsync(200);
		await done;
		return messages.find((m) => 'reply' in m && m.reply === reply);
	};
	return { messages, transferred, call };
}

describe('the simulated wearables’ worker side', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('answers requests and sends each tick’s notifications as one message, bytes transferred', async () => {
		const { messages, transferred, call } = host();
		await call({ op: 'create', kind: 'polar-h10', name: 'Sim H10', script: {} });
		expect(await call({ op: 'connect' })).toEqual({ reply: 2, ok: true, value: undefined });
		expect(await call({ op: 'hasService', service: PMD_SERVICE })).toMatchObject({ ok: true, value: true });
		await call({ op: 'subscribe', service: HEART_RATE_SERVICE, characteristic: HEART_RATE_MEASUREMENT });
		await call({ op: 'subscribe', service: PMD_SERVICE, characteristic: PMD_CONTROL_POINT });
		await call({ op: 'subscribe', service: PMD_SERVICE, characteristic: PMD_DATA });
		const start = buildPmdStart(PmdMeasurement.ACC, { sampleRateHz: 200, resolutionBits: 16, range: 2 });
		await call({ op: 'write', service: PMD_SERVICE, characteristic: PMD_CONTROL_POINT, bytes: start });
		messages.length = 0;
		transferred.length = 0;
		await vi.advanceTimersByTimeAsync(2000);
		const batches = messages.filter((m): m is Extract<SimMessage, { events: unknown }> => 'events' in m);
		// Ten ticks a second, one message each at most; 2 s of 200 Hz ACC is 11 frames of 36 samples.
		expect(batches.length).toBeLessThanOrEqual(21);
		const values = batches.flatMap((b) => b.events);
		const acc = values.filter((e) => e.kind === 'value' && e.characteristic === PMD_DATA);
		expect(acc.length).toBeGreaterThanOrEqual(10);
		expect(acc.length).toBeLessThanOrEqual(12);
		expect(values.some((e) => e.kind === 'value' && e.characteristic === HEART_RATE_MEASUREMENT)).toBe(true);
		expect(transferred).toHaveLength(values.length);
		// Switched off, its timer stops.
		await call({ op: 'dispose' });
	});

	it('reports a refused connection as the DOMException a device would throw, and a dropped link', async () => {
		const { messages, call } = host();
		await call({
			op: 'create',
			kind: 'hr-strap',
			name: 'Sim strap',
			script: { events: [{ at: 1, kind: 'disconnect', seconds: 30 }] }
		});
		await call({ op: 'connect' });
		await vi.advanceTimersByTimeAsync(1500);
		expect(messages.some((m) => 'events' in m && m.events.some((e) => e.kind === 'drop'))).toBe(true);
		expect(await call({ op: 'connect' })).toMatchObject({ ok: false, name: 'NetworkError' });
		expect(await call({ op: 'read', service: 'x', characteristic: 'y' })).toMatchObject({
			ok: false,
			name: 'NetworkError'
		});
		await call({ op: 'dispose' });
		expect(await call({ op: 'connect' })).toMatchObject({ ok: false, message: 'No simulated wearable h10' });
	});
});
