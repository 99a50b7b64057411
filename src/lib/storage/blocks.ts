/**
 * Samples stored as blocks: consecutive chunks of one channel (same wearable, same kind) joined
 * into one record. Reading an hour of per-packet records (~37,000) is what made a long review
 * slow to open; the same samples as a few dozen blocks read in a blink. The samples, their
 * order within a channel and their times are unchanged: `sessionRecording` gives the same
 * recording from blocks as from the packets they were made of.
 *
 * - The writer joins each flush's chunks (one block per channel per flush, ≤ ~0.5 s).
 * - A finished session is compacted into blocks of up to BLOCK_SAMPLES samples per channel.
 * Joining is deterministic and idempotent: compacting blocks again gives the same blocks, so an
 * exported session imports and exports again byte for byte.
 */
import type { SampleChunk } from '$lib/core/types';
import type { NewChunk } from './sessions';

/** Samples per block of a compacted session (ACC at 200 Hz: about 5.5 minutes, 2 MB). */
export const BLOCK_SAMPLES = 65_536;

/** The typed arrays of a chunk kind, by field name. */
const FIELDS: Record<SampleChunk['kind'], readonly string[]> = {
	resp: ['t', 'value'],
	ecg: ['t', 'value'],
	acc: ['t', 'x', 'y', 'z'],
	rr: ['t', 'rrMs']
};

function joined(
	kind: SampleChunk['kind'],
	parts: readonly SampleChunk[],
	from: number,
	to: number
): SampleChunk {
	const n = to - from;
	const out: Record<string, unknown> = { kind, n };
	for (const field of FIELDS[kind]) {
		const arr = new Float64Array(n);
		// Walk the parts, copying the slice of [from, to) each holds.
		let at = 0;
		for (const part of parts) {
			const src = (part as unknown as Record<string, Float64Array>)[field];
			const lo = Math.max(0, from - at);
			const hi = Math.min(part.n, to - at);
			if (hi > lo) arr.set(src.subarray(lo, hi), at + lo - from);
			at += part.n;
			if (at >= to) break;
		}
		out[field] = arr;
	}
	return out as unknown as SampleChunk;
}

/**
 * Joins chunks per channel (wearable + kind, in their order) into blocks of at most `maxSamples`,
 * ordered by their first sample's time (a channel's own blocks stay in order). Empty chunks go.
 */
export function toBlocks(chunks: readonly NewChunk[], maxSamples = BLOCK_SAMPLES): NewChunk[] {
	const channels = new Map<string, { device: string; kind: SampleChunk['kind']; parts: SampleChunk[] }>();
	for (const c of chunks) {
		if (c.chunk.n === 0) continue;
		const key = `${c.chunk.kind}\u0000${c.device}`;
		let ch = channels.get(key);
		if (!ch) channels.set(key, (ch = { device: c.device, kind: c.chunk.kind, parts: [] }));
		ch.parts.push(c.chunk);
	}
	const lists: NewChunk[][] = [];
	for (const ch of channels.values()) {
		const total = ch.parts.reduce((sum, p) => sum + p.n, 0);
		const list: NewChunk[] = [];
		// Parts that are already blocks (all full but the last) are kept as they are (no copy).
		const last = ch.parts.length - 1;
		if (ch.parts.every((p, i) => (i < last ? p.n === maxSamples : p.n <= maxSamples)))
			for (const chunk of ch.parts) list.push({ device: ch.device, chunk });
		else
			for (let from = 0; from < total; from += maxSamples)
				list.push({
					device: ch.device,
					chunk: joined(ch.kind, ch.parts, from, Math.min(total, from + maxSamples))
				});
		lists.push(list);
	}
	return mergeByStart(lists);
}

/**
 * The channels' block lists merged by start time (then kind and wearable, so the result depends
 * on the samples alone); each channel's blocks keep their order even if its clock went back.
 */
function mergeByStart(lists: NewChunk[][]): NewChunk[] {
	const key = (c: NewChunk) => `${c.chunk.kind}\u0000${c.device}`;
	const before = (a: NewChunk, b: NewChunk) =>
		a.chunk.t[0] < b.chunk.t[0] || (a.chunk.t[0] === b.chunk.t[0] && key(a) < key(b));
	const at = lists.map(() => 0);
	const out: NewChunk[] = [];
	for (;;) {
		let pick = -1;
		for (let i = 0; i < lists.length; i++)
			if (at[i] < lists[i].length && (pick < 0 || before(lists[i][at[i]], lists[pick][at[pick]]))) pick = i;
		if (pick < 0) return out;
		out.push(lists[pick][at[pick]++]);
	}
}
