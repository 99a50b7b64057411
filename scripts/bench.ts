/**
 * Engine benchmark: `node --expose-gc --import tsx scripts/bench.ts [--json] [--quick]`.
 *
 * Measures the streaming BreathEngine in Node on one core (single thread, no workers): belt,
 * chest-accelerometer and ECG throughput, a whole hour of belt + accelerometer + RR, per-push
 * latency, phase detection delay, heap growth over an 8-hour stream and the protocol fuzzer.
 * Prints a table with the targets and PASS/MISS per line, or with `--json` exactly one JSON
 * object on stdout. Exit code 0 whatever the figures (a bench reports; it does not judge).
 *
 * Method: test data are generated once, outside timing; every chunk object (subarray views) is
 * built before the clock starts, so the timed loop allocates nothing of its own. Each throughput
 * figure is the best of N timed runs after one warm-up run (the median is shown in the table);
 * garbage is collected before every run when `--expose-gc` is given.
 */
import { isEntryPoint } from './entry';
import { HOUR, WARMUP_SECONDS, type Throughput } from './bench-harness';
import { measureHeapGrowth, measureOneHour, measurePhaseDelay } from './bench-stream';
import type { HeapGrowth, OneHour, PhaseDelay } from './bench-stream';
import { measureAcc, measureBareLoop, measureBelt, measureEcg, measureFuzz } from './bench-throughput';
import type { EcgThroughput, FuzzTiming } from './bench-throughput';

/** The JSON report: every value a number except `node`. */
export interface BenchJson {
	beltSamplesPerSec: number;
	bareLoopSamplesPerSec: number;
	accSamplesPerSec: number;
	ecgSamplesPerSec: number;
	oneHourSeconds: number;
	phaseDelayP50Seconds: number;
	phaseDelayP95Seconds: number;
	chunkP99Ms: number;
	heapGrowthMB: number;
	beltToBareRatio: number;
	belt20HzSamplesPerSec: number;
	fuzzBuffers: number;
	fuzzExceptions: number;
	fuzzSeconds: number;
	node: string;
}

export interface BenchDetails {
	quick: boolean;
	belt: Throughput;
	belt20: Throughput;
	bare: Throughput;
	acc: Throughput;
	ecg: EcgThroughput;
	oneHour: OneHour;
	phase: PhaseDelay;
	heap: HeapGrowth;
	fuzz: FuzzTiming;
	totalSeconds: number;
}

export interface BenchOptions {
	quick?: boolean;
	/** Progress lines (to stderr in the CLI). */
	log?: (line: string) => void;
}

/** Sizes of each part; `quick` is a smoke test of a few seconds. */
export function benchPlan(quick: boolean) {
	return quick
		? { seconds: 300, runs: 2, oneHourRuns: 2, breaths: 60, heapHours: 0.25, fuzz: 20_000 }
		: { seconds: HOUR, runs: 7, oneHourRuns: 5, breaths: 80, heapHours: 8, fuzz: 1_000_000 };
}

export function runBench({ quick = false, log = () => {} }: BenchOptions = {}): {
	json: BenchJson;
	details: BenchDetails;
} {
	const start = performance.now();
	const plan = benchPlan(quick);
	const opts = { seconds: plan.seconds, runs: plan.runs };
	log('belt 100 Hz…');
	const belt = measureBelt(100, opts);
	log('bare loop…');
	const bare = measureBareLoop(opts);
	log('belt 20 Hz…');
	const belt20 = measureBelt(20, opts);
	log('chest accelerometer 200 Hz…');
	const acc = measureAcc(opts);
	log('ECG 130 Hz…');
	const ecg = measureEcg(opts);
	log('one hour belt + acc + RR…');
	const oneHour = measureOneHour({ seconds: plan.seconds, runs: plan.oneHourRuns });
	log('phase delay…');
	const phase = measurePhaseDelay(plan.breaths);
	log(`heap over ${plan.heapHours} h stream…`);
	const heap = measureHeapGrowth(plan.heapHours);
	log(`fuzz ${plan.fuzz}…`);
	const fuzz = measureFuzz(plan.fuzz, 1);
	const totalSeconds = (performance.now() - start) / 1000;
	const json: BenchJson = {
		beltSamplesPerSec: Math.round(belt.samplesPerSec),
		bareLoopSamplesPerSec: Math.round(bare.samplesPerSec),
		accSamplesPerSec: Math.round(acc.samplesPerSec),
		ecgSamplesPerSec: Math.round(ecg.samplesPerSec),
		oneHourSeconds: round(oneHour.seconds, 4),
		phaseDelayP50Seconds: round(phase.p50, 3),
		phaseDelayP95Seconds: round(phase.p95, 3),
		chunkP99Ms: round(oneHour.chunkP99Ms, 4),
		// Growth is floored at 0: a heap that shrank did not grow (the raw figure is in the table).
		heapGrowthMB: round(Math.max(0, heap.growthMB), 3),
		beltToBareRatio: round(belt.samplesPerSec / bare.samplesPerSec, 3),
		belt20HzSamplesPerSec: Math.round(belt20.samplesPerSec),
		fuzzBuffers: fuzz.buffers,
		fuzzExceptions: fuzz.exceptions,
		fuzzSeconds: round(fuzz.seconds, 3),
		node: process.version
	};
	return {
		json,
		details: { quick, belt, belt20, bare, acc, ecg, oneHour, phase, heap, fuzz, totalSeconds }
	};
}

function round(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

const mps = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;

export function formatTable(json: BenchJson, d: BenchDetails): string {
	const rows: [string, string, string, string][] = [];
	const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
	const row = (name: string, value: string, target = '', ok?: boolean): void => {
		rows.push([name, value, target, ok === undefined ? '' : verdict(ok)]);
	};
	const thr = (t: Throughput): string =>
		`${mps(t.samplesPerSec)} (median ${mps(t.medianSamplesPerSec)}, cold ${mps(t.coldSamplesPerSec)})`;
	row('belt 100 Hz, resp only', thr(d.belt), '≥ 10 M/s', json.beltSamplesPerSec >= 10e6);
	row('bare loop 100 Hz (2 biquads + turns)', thr(d.bare));
	row('belt / bare loop', json.beltToBareRatio.toFixed(3), '≥ 0.333', json.beltToBareRatio >= 1 / 3);
	row('belt 20 Hz (Go Direct-like)', thr(d.belt20));
	row('chest acc 200 Hz, acc only', thr(d.acc));
	row(
		'ECG 130 Hz, ecg only',
		`${thr(d.ecg)}; beats ${d.ecg.beatsFound}/${d.ecg.trueBeats - 1}`,
		'≥ 3 M/s',
		json.ecgSamplesPerSec >= 3e6
	);
	row(
		'1 h belt+acc+RR, one engine, 1 s chunks',
		`${json.oneHourSeconds.toFixed(3)} s (median ${d.oneHour.medianSeconds.toFixed(3)} s, cold ${d.oneHour.coldSeconds.toFixed(3)} s)`,
		'≤ 0.3 s',
		json.oneHourSeconds <= 0.3
	);
	row(
		'  push() p99 / max',
		`${json.chunkP99Ms.toFixed(3)} ms / ${d.oneHour.chunkMaxMs.toFixed(3)} ms (${d.oneHour.pushes} pushes × ${d.oneHour.runs})`
	);
	row(
		'phase delay p50 (signal clock)',
		`${json.phaseDelayP50Seconds.toFixed(3)} s (${d.phase.matched}/${d.phase.edges} edges matched)`
	);
	row(
		'phase delay p95 (signal clock)',
		`${json.phaseDelayP95Seconds.toFixed(3)} s (max ${d.phase.max.toFixed(3)} s)`,
		'≤ 0.5 s',
		json.phaseDelayP95Seconds <= 0.5
	);
	row(
		`heap growth, 10 min → ${d.heap.hours} h`,
		`${d.heap.growthMB.toFixed(3)} MB (${d.heap.at10MinMB.toFixed(2)} → ${d.heap.endMB.toFixed(2)} MB; ${d.heap.seconds.toFixed(1)} s)`,
		'≤ 5 MB',
		json.heapGrowthMB <= 5
	);
	row(
		'fuzz decoders',
		`${json.fuzzBuffers} buffers, ${json.fuzzExceptions} exceptions, ${json.fuzzSeconds.toFixed(2)} s`,
		'0 exceptions',
		json.fuzzExceptions === 0
	);
	const w = [0, 1, 2, 3].map((i) =>
		Math.max(...rows.map((r) => r[i].length), ['metric', 'value', 'target', ''][i].length)
	);
	const line = (r: string[]): string =>
		r
			.map((c, i) => c.padEnd(w[i]))
			.join('  ')
			.trimEnd();
	const out = [
		`Tidal engine bench — Node ${json.node}, one thread${d.quick ? ', QUICK (smoke test, not comparable)' : ''}`,
		'',
		line(['metric', 'value', 'target', '']),
		line(w.map((n) => '-'.repeat(n))),
		...rows.map(line),
		'',
		`Throughput: best of ${d.belt.runs} timed runs after ≥ ${WARMUP_SECONDS} s of warm-up; median and the cold first run alongside;`,
		`${d.belt.samples} belt samples per run; fresh engine per run; GC forced once before each measurement only.`,
		'Phase delay is measured on the signal clock: event.at − true edge (the time of the sample that',
		'made the engine sure), so it excludes processing time and transport.',
		`Heap trace (MB after GC): ${d.heap.trace.map((p) => `${p.hours} h ${p.mb.toFixed(2)}`).join(', ')}.`,
		`Total bench time ${d.totalSeconds.toFixed(1)} s.`
	];
	return out.join('\n');
}

export function main(argv: string[]): number {
	const json = argv.includes('--json');
	const quick = argv.includes('--quick');
	const unknown = argv.filter((a) => a !== '--json' && a !== '--quick');
	if (unknown.length) {
		process.stderr.write(`bench: unknown argument ${unknown[0]} (use --json, --quick)\n`);
		return 2;
	}
	const result = runBench({ quick, log: json ? undefined : (l) => process.stderr.write(`  ${l}\n`) });
	process.stdout.write(
		json ? `${JSON.stringify(result.json)}\n` : `${formatTable(result.json, result.details)}\n`
	);
	return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = main(process.argv.slice(2));
