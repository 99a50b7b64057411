import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SampleChunk } from '$lib/core/types';
import { parseSimScript, SIM_SCRIPTS, SimulatedLink, type SimScript } from './simulated';
import { Wearable, type WearableStatus } from './wearable';
import type { BluetoothKind } from './kinds';

/** Run a simulated device through the real driver and connection manager, on fake time. */
async function run(kind: BluetoothKind, script: SimScript, seconds: number) {
	const now = () => Date.now() / 1000;
	const t0 = now();
	const link = new SimulatedLink(kind, `Sim ${kind}`, script, now);
	const chunks: SampleChunk[] = [];
	const statuses: WearableStatus[] = [];
	/** Skipped packets and stream notices: a clean run has none. */
	const warnings: string[] = [];
	let skipped = 0;
	const w = new Wearable(
		link,
		kind,
		{
			chunk: (c) => chunks.push(c),
			change: (x) => {
				if (statuses.at(-1) !== x.status) statuses.push(x.status);
				if (x.skippedPackets !== skipped) warnings.push(`skipped: ${x.lastSkipReason}`);
				skipped = x.skippedPackets;
				if (x.streamNotice && warnings.at(-1) !== x.streamNotice.message)
					warnings.push(x.streamNotice.message);
			}
		},
		{ now: () => now() - t0 }
	);
	const started = w.start();
	await vi.advanceTimersByTimeAsync(1000);
	await started;
	await vi.advanceTimersByTimeAsync(seconds * 1000);
	const stopped = w.stop();
	await vi.advanceTimersByTimeAsync(2000);
	await stopped;
	link.dispose();
	return { w, chunks, statuses, warnings };
}

function times(chunks: SampleChunk[], kind: SampleChunk['kind']): number[] {
	return chunks.filter((c) => c.kind === kind).flatMap((c) => Array.from(c.t.subarray(0, c.n)));
}

function maxStep(t: number[]): number {
	let m = 0;
	for (let i = 1; i < t.length; i++) m = Math.max(m, t[i] - t[i - 1]);
	return m;
}

describe('simulated wearable through the real drivers', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('strap: RR chunks with increasing beat times and live heart rate', async () => {
		const { w, chunks, warnings } = await run('hr-strap', {}, 20);
		const t = times(chunks, 'rr');
		expect(t.length).toBeGreaterThan(15);
		expect(t.every((x, i) => i === 0 || x > t[i - 1])).toBe(true);
		expect(maxStep(t)).toBeLessThan(1.5);
		expect(w.readings.heartRate).toBeGreaterThan(50);
		expect(w.readings.battery).toBe(82);
		expect(warnings).toEqual([]);
	});

	it('belt: INIT/period/start handshake, then resp chunks at the set period', async () => {
		const { w, chunks, warnings } = await run('gdx-belt', {}, 12);
		const t = times(chunks, 'resp');
		expect(t.length).toBeGreaterThan(100);
		expect(maxStep(t)).toBeLessThan(0.15);
		expect(w.readings.battery).toBe(82);
		expect(warnings).toEqual([]);
	});

	it('Polar H10: ACC and ECG chunks with frame-timestamp sample times', async () => {
		const { chunks, warnings } = await run('polar-h10', {}, 6);
		const acc = times(chunks, 'acc');
		const ecg = times(chunks, 'ecg');
		expect(acc.length).toBeGreaterThan(200);
		expect(ecg.length).toBeGreaterThan(500);
		expect(maxStep(acc)).toBeCloseTo(1 / 50, 3);
		expect(maxStep(ecg)).toBeCloseTo(1 / 130, 3);
		expect(warnings).toEqual([]);
	});

	it('disconnect: reconnects by itself and leaves the missing span empty', async () => {
		const { w, chunks, statuses } = await run(
			'hr-strap',
			{ events: [{ at: 8, kind: 'disconnect', seconds: 4 }] },
			25
		);
		expect(statuses).toEqual(['connecting', 'streaming', 'reconnecting', 'streaming', 'stopped']);
		expect(w.drops).toBe(1);
		expect(w.connects).toBe(2);
		const t = times(chunks, 'rr');
		const gap = maxStep(t);
		expect(gap).toBeGreaterThan(3.5);
		// Back within 5 s of the device returning: gap ≤ away time + 5 s + one packet interval each side.
		expect(gap).toBeLessThan(4 + 5 + 2.5);
	});

	it('drop-out without disconnect: beats resume at their arrival time, gap kept', async () => {
		const { chunks, statuses } = await run(
			'polar-h10',
			{ events: [{ at: 5, kind: 'dropout', seconds: 3 }] },
			12
		);
		expect(statuses).not.toContain('reconnecting');
		expect(maxStep(times(chunks, 'rr'))).toBeGreaterThan(2.5);
		expect(maxStep(times(chunks, 'acc'))).toBeGreaterThan(2.5);
	});
});

describe('parseSimScript', () => {
	it('knows the named scripts and the compact event form', () => {
		expect(parseSimScript('bumpy')).toBe(SIM_SCRIPTS.bumpy);
		expect(parseSimScript(null).events ?? []).toEqual([]);
		expect(parseSimScript('disconnect@20+5, dropout@40.5+3').events).toEqual([
			{ kind: 'disconnect', at: 20, seconds: 5 },
			{ kind: 'dropout', at: 40.5, seconds: 3 }
		]);
		expect(parseSimScript('disconnect@4 3').events).toEqual([{ kind: 'disconnect', at: 4, seconds: 3 }]);
		expect(parseSimScript('nonsense').events).toEqual([]);
	});
});

describe('scripted mistakes', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('a long-hold mistake shows up as a longer plateau in the belt force', async () => {
		const script: SimScript = {
			pattern: { inhale: 5, hold: 1, exhale: 4, pause: 0 },
			mistakes: [{ breath: 1, hold: 4 }]
		};
		const { chunks } = await run('gdx-belt', script, 26);
		const resp = chunks.filter((c) => c.kind === 'resp');
		const t = resp.flatMap((c) => Array.from(c.t.subarray(0, c.n)));
		const v = resp.flatMap((c) => Array.from(c.value.subarray(0, c.n)));
		const top = Math.max(...v);
		// Time spent within 2 % of full inhale: ~1 s for breath 0, ~4 s for breath 1.
		let longest = 0;
		let run0 = -1;
		for (let i = 0; i < v.length; i++) {
			if (v[i] > top - 0.05 * 1.6) {
				if (run0 < 0) run0 = t[i];
				longest = Math.max(longest, t[i] - run0);
			} else run0 = -1;
		}
		expect(longest).toBeGreaterThan(3.5);
	});
});
