import { describe, expect, it } from 'vitest';
import { parseRecordingCsv } from '../core/recording/csv';
import type { Breath } from '../core/types';
import { breathsCsv, channelCsvs, holdsCsv, kubiosRrText, num } from './csv-writers';

const startedAt = Date.UTC(2026, 10, 30, 8, 15, 0);

describe('num', () => {
	it('rounds and drops trailing zeros, never writes -0', () => {
		expect(num(1.25, 3)).toBe('1.25');
		expect(num(3, 3)).toBe('3');
		expect(num(0.0076923, 6)).toBe('0.007692');
		expect(num(-0.0000001, 3)).toBe('0');
		expect(num(NaN, 3)).toBe('');
	});
});

describe('channelCsvs', () => {
	const rec = {
		resp: { t: Float64Array.from([0, 0.05, 0.1]), value: Float64Array.from([1.5, 1.625, 1.75]) },
		acc: {
			t: Float64Array.from([0, 0.005]),
			x: Float64Array.from([10, 11]),
			y: Float64Array.from([-980.5, -981]),
			z: Float64Array.from([3, 4])
		},
		rr: { t: Float64Array.from([0.82, 1.64]), rrMs: Float64Array.from([820.3125, 820]) },
		ecg: { t: Float64Array.from([0, 1 / 130]), value: Float64Array.from([120, -35]) }
	};
	const files = channelCsvs(rec, { startedAt, respUnit: 'N' });

	it('writes one file per channel with the units above the header', () => {
		expect(files.map((f) => f.name)).toEqual(['resp.csv', 'acc.csv', 'rr.csv', 'ecg.csv']);
		const [resp, acc, rr, ecg] = files.map((f) => f.text.split('\n'));
		expect(resp.slice(0, 5)).toEqual([
			'# Tidal session started 2026-11-30T08:15:00.000Z',
			'# t = seconds from session start; resp = breathing belt, N',
			't,resp',
			'0,1.5',
			'0.05,1.625'
		]);
		expect(acc[1]).toContain('milli-g');
		expect(acc.slice(2, 4)).toEqual(['t,ax,ay,az', '0,10,-980.5,3']);
		expect(rr[1]).toContain('R-R interval, ms');
		expect(rr.slice(2, 4)).toEqual(['t,rr', '0.82,820.313']);
		expect(ecg[1]).toContain('microvolts');
		expect(ecg[4]).toBe('0.007692,-35');
	});

	it('each channel file reads back with the analyze command’s parser', () => {
		for (const f of files) {
			const parsed = parseRecordingCsv(f.text);
			expect(parsed.ok, f.name).toBe(true);
			if (!parsed.ok) continue;
			const got = parsed.recording[f.channel];
			expect(got?.t.length).toBe(rec[f.channel].t.length);
		}
		const resp = parseRecordingCsv(files[0].text);
		expect(resp.ok && Array.from(resp.recording.resp?.value ?? [])).toEqual([1.5, 1.625, 1.75]);
	});

	it('writes nothing for a recording without channels', () => {
		expect(channelCsvs({}, { startedAt })).toEqual([]);
	});
});

describe('breathsCsv', () => {
	const b: Breath = {
		inhaleStart: 2,
		inhaleEnd: 5.1,
		exhaleStart: 5.3,
		exhaleEnd: 7.3,
		inhale: 3.1,
		hold: 0.2,
		exhale: 2,
		pause: 1.5,
		depth: 0.81234,
		ok: false,
		issues: ['inhale-short', 'hold-short']
	};
	it('has one row per breath with edges, durations, the verdict and the issues in words', () => {
		const lines = breathsCsv([b], { startedAt, pattern: '5-1-4' }).trimEnd().split('\n');
		expect(lines[0]).toContain('pattern 5-1-4');
		expect(lines[2]).toBe(
			'breath,inhale_start_s,inhale_end_s,exhale_start_s,exhale_end_s,inhale_s,hold_s,exhale_s,pause_s,depth,ok,issues,issues_in_words'
		);
		expect(lines[3]).toBe(
			'1,2,5.1,5.3,7.3,3.1,0.2,2,1.5,0.8123,no,inhale-short hold-short,breathing in too quickly; not pausing at the top of the breath'
		);
		expect(lines).toHaveLength(4);
	});
});

describe('holdsCsv', () => {
	it('interleaves holds and rests by time with their targets', () => {
		const text = holdsCsv(
			{
				holds: [
					{ start: 5, end: 35, ok: true, issues: [] },
					{ start: 65, end: 80, ok: false, issues: ['hold-too-short', 'breath-held'] }
				],
				rests: [{ start: 35, end: 65, ok: true }]
			},
			{ startedAt, holdSeconds: 30, restSeconds: 30 }
		);
		expect(text.trimEnd().split('\n').slice(2)).toEqual([
			'kind,number,start_s,end_s,duration_s,target_s,ok,issues',
			'hold,1,5,35,30,30,yes,',
			'rest,1,35,65,30,30,yes,',
			'hold,2,65,80,15,30,no,hold-too-short breath-held'
		]);
	});
});

describe('kubiosRrText', () => {
	it('is one R-R interval in ms per line and nothing else', () => {
		const text = kubiosRrText({
			rr: { t: Float64Array.from([1, 2, 3]), rrMs: Float64Array.from([1000, 998.046875, 1012]) }
		});
		expect(text).toBe('1000\n998.047\n1012\n');
		expect(text.split('\n').every((l) => l === '' || /^\d+(\.\d+)?$/.test(l))).toBe(true);
	});
	it('is empty without beats', () => {
		expect(kubiosRrText({})).toBe('');
	});
});
