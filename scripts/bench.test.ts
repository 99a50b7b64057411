/**
 * Structure only: the bench's measurement functions run in quick mode and return finite,
 * non-negative figures under every key. No timing thresholds (timed tests are not allowed).
 */
import { describe, expect, it } from 'vitest';
import { benchPlan, formatTable, runBench } from './bench';
import { measureHeapGrowth, measureOneHour, measurePhaseDelay } from './bench-stream';
import { measureAcc, measureBareLoop, measureBelt, measureEcg, measureFuzz } from './bench-throughput';

const KEYS = [
	'beltSamplesPerSec',
	'bareLoopSamplesPerSec',
	'accSamplesPerSec',
	'ecgSamplesPerSec',
	'oneHourSeconds',
	'phaseDelayP50Seconds',
	'phaseDelayP95Seconds',
	'chunkP99Ms',
	'heapGrowthMB',
	'beltToBareRatio',
	'belt20HzSamplesPerSec',
	'fuzzBuffers',
	'fuzzExceptions',
	'fuzzSeconds'
] as const;

function finiteNonNegative(record: object): void {
	for (const [key, value] of Object.entries(record)) {
		if (typeof value !== 'number') continue;
		expect(Number.isFinite(value), key).toBe(true);
		expect(value, key).toBeGreaterThanOrEqual(0);
	}
}

const quick = { seconds: 60, runs: 1 };

describe('bench measurements (quick, structure only)', () => {
	it('belt, bare loop, accelerometer and ECG throughput', () => {
		for (const r of [
			measureBelt(100, quick),
			measureBelt(20, quick),
			measureBareLoop(quick),
			measureAcc(quick),
			measureEcg(quick)
		]) {
			finiteNonNegative(r);
			expect(r.samples).toBeGreaterThan(0);
		}
	});

	it('one hour (shortened), phase delay, heap and fuzz', () => {
		const hour = measureOneHour({ seconds: 60, runs: 1 });
		finiteNonNegative(hour);
		expect(hour.pushes).toBeGreaterThan(0);
		const phase = measurePhaseDelay(60);
		finiteNonNegative(phase);
		expect(phase.matched).toBeGreaterThan(0);
		const heap = measureHeapGrowth(0.2);
		expect(Number.isFinite(heap.growthMB)).toBe(true);
		expect(heap.samples).toBeGreaterThan(0);
		const fuzz = measureFuzz(500, 1);
		finiteNonNegative(fuzz);
		expect(fuzz.buffers).toBe(500);
	});

	it('the JSON report has every key, finite and non-negative', { timeout: 60_000 }, () => {
		expect(benchPlan(true).heapHours).toBeLessThan(benchPlan(false).heapHours);
		const { json, details } = runBench({ quick: true });
		for (const key of KEYS) {
			expect(json, key).toHaveProperty(key);
			expect(typeof json[key], key).toBe('number');
		}
		finiteNonNegative(json);
		expect(json.node).toBe(process.version);
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
		expect(formatTable(json, details)).toContain('heap growth');
	});
});
