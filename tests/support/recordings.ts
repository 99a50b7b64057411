import { readFileSync } from 'node:fs';
import { median } from '../../src/lib/core/dsp/median';
import { RPeakDetector } from '../../src/lib/core/engine/rpeaks';
import { parseRecordingCsv } from '../../src/lib/core/recording/csv';
import type { Recording } from '../../src/lib/core/recording/recording';
import type { Breath } from '../../src/lib/core/types';
import { sharedPath } from './shared-data';

/** Reads a shared recording through Tidal's own CSV reader, as `npm run analyze` would. */
export function loadCsv(
	file: string,
	options: { map?: Record<string, string>; rateHz?: number } = {}
): Recording {
	const parsed = parseRecordingCsv(readFileSync(sharedPath('data', file), 'utf8'), options);
	if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
	return parsed.recording;
}

/** A NumPy .npy float64 vector (the physio files: header of 128 bytes, little-endian). */
export function loadNpy(file: string): Float64Array {
	const buf = readFileSync(sharedPath('data', file));
	const headerLength = buf.readUInt16LE(8);
	const start = 10 + headerLength;
	const n = (buf.length - start) / 8;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(start + i * 8);
	return out;
}

/** One value per line after `#` header lines (BioSPPy's text format). */
export function loadText(file: string): Float64Array {
	const lines = readFileSync(sharedPath('data', file), 'utf8').split(/\r?\n/);
	return Float64Array.from(lines.filter((l) => l.trim() && !l.startsWith('#')).map(Number));
}

/** A reference table from NeuroKit2 as objects keyed by column. */
export function loadReference(file: string): Record<string, number>[] {
	const [header, ...rows] = readFileSync(sharedPath('data', 'reference', 'neurokit2', file), 'utf8')
		.trim()
		.split(/\r?\n/);
	const cols = header.split(',');
	return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], Number(v)])));
}

export function times(n: number, rateHz: number): Float64Array {
	return Float64Array.from({ length: n }, (_, i) => i / rateHz);
}

/** The one median (core/dsp), re-exported for the recording tests. */
export { median };

/** For each reference time, the nearest found time within `tolerance`: recall and |differences|. */
export function agreement(reference: number[], found: number[], tolerance: number) {
	const diffs: number[] = [];
	for (const r of reference) {
		let best = Infinity;
		for (const f of found) if (Math.abs(f - r) < Math.abs(best)) best = f - r;
		if (Math.abs(best) <= tolerance) diffs.push(Math.abs(best));
	}
	return { recall: diffs.length / reference.length, medianDiff: median(diffs) };
}

export function breathRate(breaths: Breath[]): number {
	return 60 / median(breaths.map((b) => b.exhaleEnd + b.pause - b.inhaleStart));
}

/** Beats found by Tidal's R-peak detector in an ECG fed in packet-sized chunks, as a strap sends it. */
export function detectBeats(
	ecg: Float64Array,
	rateHz: number,
	chunk = 73
): { times: number[]; rrMs: number[] } {
	const times: number[] = [];
	const rrMs: number[] = [];
	const detector = new RPeakDetector((t, rr) => {
		times.push(t);
		rrMs.push(rr);
	});
	const t = new Float64Array(chunk);
	const v = new Float64Array(chunk);
	for (let i = 0; i < ecg.length; i += chunk) {
		const n = Math.min(chunk, ecg.length - i);
		for (let j = 0; j < n; j++) {
			t[j] = (i + j) / rateHz;
			v[j] = ecg[i + j];
		}
		detector.push(t, v, n);
	}
	return { times, rrMs };
}
