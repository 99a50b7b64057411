import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared-data';
import { fuzzDecoders } from '../support/fuzz';

const vectors = (
	JSON.parse(readFileSync(sharedPath('docs', 'ble-vectors.json'), 'utf8')) as { vectors: { hex: string }[] }
).vectors;
const corpus = vectors.map((v) =>
	v.hex === '' ? new Uint8Array(0) : Uint8Array.from(v.hex.split(' ').map((h) => parseInt(h, 16)))
);

describe('fuzzDecoders', () => {
	it('is deterministic for a seed', () => {
		expect(fuzzDecoders(2000, 7, corpus)).toStrictEqual(fuzzDecoders(2000, 7, corpus));
	});

	it('survives 1,000,000 random and mutated buffers without a single exception', () => {
		const started = performance.now();
		// Four seeds, so a regression is not hidden by one lucky stream.
		let buffers = 0;
		for (const seed of [1, 2, 3, 4]) {
			const r = fuzzDecoders(250_000, seed, corpus);
			expect(r.firstError).toBeUndefined();
			expect(r.exceptions).toBe(0);
			buffers += r.buffers;
		}
		expect(buffers).toBe(1_000_000);
		console.log(`fuzz: 1,000,000 buffers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	}, 120_000);
});
