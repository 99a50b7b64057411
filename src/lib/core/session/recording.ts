/**
 * A stored session's samples as a `Recording`, for analysing it again (the same engine, offline).
 * Several wearables may send the same channel (two straps); each channel is taken from one
 * device: the first in `prefer` that sent it, else the first that sent it.
 */
import type { Recording } from '../recording/recording';
import type { Source } from '../types';
import type { StoredChunk } from './format';

export function sessionRecording(chunks: readonly StoredChunk[], prefer: readonly string[] = []): Recording {
	const rec: Recording = {};
	for (const source of ['resp', 'acc', 'rr', 'ecg'] as const satisfies readonly Source[]) {
		const mine = chunks.filter((c) => c.chunk.kind === source);
		if (!mine.length) continue;
		const devices = [...new Set(mine.map((c) => c.device))];
		const device = prefer.find((d) => devices.includes(d)) ?? devices[0];
		const parts = mine.filter((c) => c.device === device).sort((a, b) => a.seq - b.seq);
		const n = parts.reduce((sum, c) => sum + c.chunk.n, 0);
		const join = (key: string): Float64Array => {
			const out = new Float64Array(n);
			let at = 0;
			for (const c of parts) {
				out.set((c.chunk as unknown as Record<string, Float64Array>)[key].subarray(0, c.chunk.n), at);
				at += c.chunk.n;
			}
			return out;
		};
		if (source === 'resp') rec.resp = { t: join('t'), value: join('value') };
		else if (source === 'ecg') rec.ecg = { t: join('t'), value: join('value') };
		else if (source === 'rr') rec.rr = { t: join('t'), rrMs: join('rrMs') };
		else rec.acc = { t: join('t'), x: join('x'), y: join('y'), z: join('z') };
	}
	return rec;
}
