import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeRecording } from '../../src/lib/core/engine/engine';
import type { Breath } from '../../src/lib/core/types';
import { loadCsv } from '../support/recordings';
import { sharedPath } from '../support/shared-data';

/**
 * A smartphone lying on the chest of a person on their back, breathing to a metronome at periods
 * of 2–20 s (Paolì 2021; ../shared/data/paoli-chest-acc-paced). Only the pace is known, so a
 * paced cycle counts as found when a breath starts in it: the cycles are laid on the breaths'
 * best-fitting grid of the paced period, between 5 s and the last 5 s.
 */
const DIR = 'paoli-chest-acc-paced';

interface Truth {
	end: number;
	expect: { rate: number; rateTol: number };
	reference: { paced_period_s: number; protocol_adherence: string };
}

/** Paced cycles with a breath starting in them, and breaths beyond one per cycle. */
function pacedRecall(breaths: Breath[], period: number, from: number, to: number) {
	const starts = breaths.map((b) => b.inhaleStart).filter((t) => t >= from && t < to);
	let best = { found: 0, extra: Infinity, cycles: 0 };
	for (let k = 0; k < 40; k++) {
		const phase = from + (k / 40) * period;
		const cycles = Math.floor((to - phase) / period);
		const hits = new Array<number>(cycles).fill(0);
		for (const t of starts) {
			const i = Math.floor((t - phase) / period);
			if (i >= 0 && i < cycles) hits[i]++;
		}
		const found = hits.filter((h) => h > 0).length;
		const extra = hits.reduce((s, h) => s + Math.max(0, h - 1), 0);
		if (found / cycles > best.found / Math.max(1, best.cycles)) best = { found, extra, cycles };
	}
	return best;
}

const files = readdirSync(sharedPath('data', DIR))
	.filter((f) => f.endsWith('.csv'))
	.sort();

describe('a phone on the chest, paced slow breathing (real recordings)', () => {
	it('has the recordings', () => expect(files.length).toBe(8));

	for (const file of files) {
		const truth = JSON.parse(
			readFileSync(sharedPath('data', DIR, file.replace('.csv', '.truth.json')), 'utf8')
		) as Truth;
		const high = truth.reference.protocol_adherence === 'high';
		it(`${file}: rate and paced cycles found${high ? '' : ' (low adherence: reported only)'}; never a stretch hold`, () => {
			const result = analyzeRecording(loadCsv(`${DIR}/${file}`));
			const period = truth.reference.paced_period_s;
			const recall = pacedRecall(result.breaths, period, 5, truth.end - 5);
			const rate = result.summary.ratePerMin;
			console.log(
				`[paoli] ${file}: rate ${rate?.toFixed(2)} (paced ${truth.expect.rate}), cycles found ${recall.found}/${recall.cycles}, extra ${recall.extra}, holds ${result.stretch.holds.length}`
			);
			// Lying still and breathing is never a stretch hold, whatever the adherence.
			expect(result.stretch.holds).toEqual([]);
			for (const b of result.breaths) {
				for (const v of [b.inhaleStart, b.inhaleEnd, b.exhaleStart, b.exhaleEnd])
					expect(Number.isFinite(v)).toBe(true);
			}
			if (!high) return;
			expect(rate).not.toBeNull();
			expect(Math.abs((rate ?? 0) - truth.expect.rate)).toBeLessThanOrEqual(truth.expect.rateTol);
			expect(recall.found / recall.cycles).toBeGreaterThanOrEqual(0.9);
		});
	}
});
