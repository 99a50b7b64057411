import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecordingCsv, type ParseCsvOptions } from '../../src/lib/core/recording/csv';
import { sharedPath } from '../support/shared-data';

function ok(text: string, options?: ParseCsvOptions) {
	const r = parseRecordingCsv(text, options);
	if (!r.ok) throw new Error(`expected ok, got line ${r.line}: ${r.error}`);
	return r;
}

function bad(text: string) {
	const r = parseRecordingCsv(text);
	if (r.ok) throw new Error('expected an error');
	return r;
}

describe('parseRecordingCsv: real files', () => {
	const neurokit = sharedPath('data', 'neurokit', 'bio_resting_5min_100hz.csv');
	const zephyr = sharedPath('data', 'zephyr-bioharness', 'bioharness_breathing_18hz.csv');
	const ibi = sharedPath('data', 'dont-hold-your-breath', 'sample_data_ibi.csv');

	it('NeuroKit 5-minute file with map + rate', () => {
		const r = ok(readFileSync(neurokit, 'utf8'), { map: { resp: 'RSP', ecg: 'ECG' }, rateHz: 100 });
		expect(r.rows).toBe(30000);
		expect(r.warnings).toEqual(['ignored columns: PPG']);
		const resp = r.recording.resp!;
		expect(resp.t.length).toBe(30000);
		expect(resp.t[29999]).toBeCloseTo(299.99, 9);
		expect(resp.value[0]).toBeCloseTo(0.4946524989068091, 12);
		expect(r.recording.ecg!.value.length).toBe(30000);
		expect(r.recording.ecg!.value[0]).toBeCloseTo(0.003766485194893143, 12);
	});

	it('Zephyr BioHarness CRLF file with the time column mapped', () => {
		const r = ok(readFileSync(zephyr, 'utf8'), { map: { t: 't_s', resp: 'breathing_raw10' } });
		expect(r.rows).toBe(2682);
		const resp = r.recording.resp!;
		expect(resp.t[0]).toBeCloseTo(0.897, 9);
		expect(resp.value[0]).toBe(524);
		expect(resp.t[resp.t.length - 1]).toBeCloseTo(151.057, 6);
		expect(r.warnings).toEqual(['ignored columns: packet_seq, idx_in_packet']);
	});

	it('a headerless real file gives a clear error', () => {
		const r = bad(readFileSync(ibi, 'utf8'));
		expect(r.line).toBe(1);
		expect(r.error).toMatch(/no header row/);
	});
});
