/**
 * The phone adapter on real phone-on-chest recordings (Paolì 2021, paced breathing, pos2; see
 * ../shared/data/paoli-chest-acc-paced/PROVENANCE.md), delivered as a browser would deliver them:
 * about 60 events a second with jitter, rounded to 0.1 m/s², and no gyroscope (none was recorded,
 * so the adapter's accelerometer-only path runs). The engine then reads the adapter's acc chunks
 * exactly as it reads a live phone's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeRecording } from '../../src/lib/core/engine/engine';
import {
	ACCELERATION_STEP,
	quantize,
	STANDARD_GRAVITY,
	type MotionReading
} from '../../src/lib/core/protocols/motion';
import { seededRandom } from '../../src/lib/core/simulate/random';
import type { AccChunk } from '../../src/lib/core/types';
import { PhoneMotion } from '../../src/lib/ble/phone-motion';
import { loadCsv } from '../support/recordings';
import { sharedPath } from '../support/shared-data';

const DIR = 'paoli-chest-acc-paced';

/** The recording (100 Hz, mg) as jittered, rounded motion events at about 60 Hz. */
function asMotionEvents(t: Float64Array, x: Float64Array, y: Float64Array, z: Float64Array): MotionReading[] {
	const random = seededRandom(21);
	const out: MotionReading[] = [];
	const ms2 = (mg: number) => quantize((mg / 1000) * STANDARD_GRAVITY, ACCELERATION_STEP);
	let i = 0;
	for (let s = t[0]; s < t[t.length - 1]; s += (1 + 0.15 * (2 * random() - 1)) / 60) {
		while (i + 1 < t.length && t[i + 1] <= s) i++;
		if (i + 1 >= t.length) break;
		const f = (s - t[i]) / (t[i + 1] - t[i]);
		const at = (v: Float64Array) => v[i] + f * (v[i + 1] - v[i]);
		out.push({ t: s, ax: ms2(at(x)), ay: ms2(at(y)), az: ms2(at(z)), rx: NaN, ry: NaN, rz: NaN });
	}
	return out;
}

function throughAdapter(readings: MotionReading[]): AccChunk {
	const chunks: AccChunk[] = [];
	const adapter = new PhoneMotion((c) => chunks.push(c));
	for (const r of readings) adapter.push(r);
	adapter.flush();
	const n = chunks.reduce((s, c) => s + c.n, 0);
	const all: AccChunk = {
		kind: 'acc',
		n,
		t: new Float64Array(n),
		x: new Float64Array(n),
		y: new Float64Array(n),
		z: new Float64Array(n)
	};
	let k = 0;
	for (const c of chunks) {
		all.t.set(c.t.subarray(0, c.n), k);
		all.x.set(c.x.subarray(0, c.n), k);
		all.y.set(c.y.subarray(0, c.n), k);
		all.z.set(c.z.subarray(0, c.n), k);
		k += c.n;
	}
	return all;
}

describe('the phone adapter on recorded phone-on-chest traces, rounded as a browser rounds them', () => {
	for (const period of [4, 8, 10, 12, 16, 20]) {
		const name = `acc_pos2_period${String(period).padStart(2, '0')}s`;
		it(`${name}: the engine finds the paced rate from the phone's chunks as from the raw trace`, () => {
			const truth = JSON.parse(readFileSync(sharedPath('data', DIR, `${name}.truth.json`), 'utf8'));
			const raw = loadCsv(`${DIR}/${name}.csv`);
			const acc = raw.acc!;
			const events = asMotionEvents(acc.t, acc.x, acc.y, acc.z);
			const phone = throughAdapter(events);
			const fromPhone = analyzeRecording({ acc: phone });
			const fromRaw = analyzeRecording(raw);
			const rate = fromPhone.summary.ratePerMin;
			console.info(
				`${name}: expected ${truth.expect.rate}/min; phone ${rate?.toFixed(2)}/min; raw ${fromRaw.summary.ratePerMin?.toFixed(2) ?? 'none'}`
			);
			expect(rate).not.toBeNull();
			expect(Math.abs(rate! - truth.expect.rate)).toBeLessThanOrEqual(truth.expect.rateTol);
		});
	}
});
