import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feedBeats as feed } from '../support/heart';
import { detectBeats, loadCsv, loadNpy } from '../support/recordings';
import { sharedPath } from '../support/shared-data';
import { analyzeRecording } from '../../src/lib/core/engine/engine';

const median = (a: number[]) => {
	const s = [...a].sort((x, y) => x - y);
	return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cumulative = (rr: number[]) => {
	let c = 0;
	return rr.map((r) => (c += r / 1000));
};
function ecgToBeats(ecg: Float64Array, fs: number) {
	const { times, rrMs } = detectBeats(ecg, fs, 130);
	return { t: times, rr: rrMs };
}

describe('HeartRhythm on real RR series', () => {
	it('biosppy rri.txt: sane, stable HR and RMSSD, few false flags', () => {
		const rr = readFileSync(sharedPath('data', 'biosppy', 'rri.txt'), 'utf8')
			.split(/\r?\n/)
			.filter((l) => l.trim() && !l.startsWith('#'))
			.map(Number);
		expect(rr.length).toBe(480);
		const t = cumulative(rr);
		const { beats, rates, h } = feed(t, rr);
		const flagged = beats.filter((b) => b.artifact).length;
		const hrs = rates.map((r) => r.heartRate).filter((x): x is number => x !== null);
		const rm = rates.map((r) => r.rmssd).filter((x): x is number => x !== null);
		const meanHr = h.meanHeartRate(t[t.length - 1] - 100, t[t.length - 1]);
		console.log(
			`[heart] biosppy rri: ${flagged}/${beats.length} flagged; HR ${Math.min(...hrs).toFixed(1)}–${Math.max(...hrs).toFixed(1)} bpm (median ${median(hrs).toFixed(1)}); RMSSD ${Math.min(...rm).toFixed(1)}–${Math.max(...rm).toFixed(1)} ms (median ${median(rm).toFixed(1)}); ${rates.length} rate events`
		);
		expect(flagged / beats.length).toBeLessThan(0.01);
		expect(rates.length).toBeGreaterThanOrEqual(55);
		for (const x of hrs) {
			expect(x).toBeGreaterThan(55);
			expect(x).toBeLessThan(125);
		}
		for (const x of rm) {
			expect(x).toBeGreaterThan(3);
			expect(x).toBeLessThan(100);
		}
		// meanHeartRate over the last 100 s matches a direct computation.
		const sel = rr.filter((_, i) => t[i] >= t[t.length - 1] - 100);
		expect(meanHr).toBeCloseTo((60000 * sel.length) / sel.reduce((a, b) => a + b, 0), 6);
		expect(Number.isNaN(h.meanHeartRate(-10, -5))).toBe(true);
	});

	it('Polar H10 IBIs (dont-hold-your-breath): sane, stable HR and RMSSD, few false flags', () => {
		const rr = readFileSync(sharedPath('data', 'dont-hold-your-breath', 'sample_data_ibi.csv'), 'utf8')
			.trim()
			.split(/\r?\n/)
			.map((l) => Number(l.split(',')[1]));
		const t = cumulative(rr); // beat times from the RR values, not from the arrival column
		const { beats, rates, snap } = feed(t, rr);
		const flagged = beats.filter((b) => b.artifact).length;
		const hrs = rates.map((r) => r.heartRate).filter((x): x is number => x !== null);
		const rm = rates.map((r) => r.rmssd).filter((x): x is number => x !== null);
		const rsa = rates.map((r) => r.rsaBreathsPerMin).filter((x): x is number => x !== null);
		console.log(
			`[heart] H10 IBI: ${flagged}/${beats.length} flagged; HR ${Math.min(...hrs).toFixed(1)}–${Math.max(...hrs).toFixed(1)} (median ${median(hrs).toFixed(1)}); RMSSD median ${median(rm).toFixed(1)} ms (${Math.min(...rm).toFixed(1)}–${Math.max(...rm).toFixed(1)}); RSA rate valid ${rsa.length}/${rates.length}, median ${median(rsa).toFixed(1)} br/min`
		);
		expect(flagged / beats.length).toBeLessThan(0.01);
		expect(median(hrs)).toBeGreaterThan(55);
		expect(median(hrs)).toBeLessThan(68);
		for (const x of hrs) expect(Math.abs(x - median(hrs))).toBeLessThan(10);
		for (const x of rm) {
			expect(x).toBeGreaterThan(15);
			expect(x).toBeLessThan(80);
		}
		expect(snap.heartRate).not.toBeNull();
		expect(snap.rmssd).not.toBeNull();
	});
});

describe('HeartRhythm: RSA breathing rate on real recordings', () => {
	it('physio ecg1 → R-peaks → RSA rate agrees with the airflow rate within 1 br/min', () => {
		const ecg = loadNpy('physio/ecg1.npy');
		const air = loadNpy('physio/resp1_airflow.npy');
		// Truth: smooth the flow (0.1 s means, then 0.5 s moving average) and count inspiration
		// onsets: downward crossings of the median, with a dead band of ±1 MAD so the chatter
		// around the median during the long end-expiratory pauses is not counted as breaths.
		const dec: number[] = [];
		for (let i = 0; i + 100 <= air.length; i += 100) {
			let s = 0;
			for (let j = 0; j < 100; j++) s += air[i + j];
			dec.push(s / 100);
		}
		const sm = dec.map((_, i) => {
			let s = 0;
			let n = 0;
			for (let j = Math.max(0, i - 2); j <= Math.min(dec.length - 1, i + 2); j++, n++) s += dec[j];
			return s / n;
		});
		const med = median(sm);
		const dead = median(sm.map((v) => Math.abs(v - med)));
		const onsets: number[] = [];
		let state = 0;
		for (let i = 0; i < sm.length; i++) {
			const v = sm[i] - med;
			if (state >= 0 && v < -dead) {
				if (state === 1) onsets.push(i / 10);
				state = -1;
			} else if (state <= 0 && v > dead) state = 1;
		}
		const truth = ((onsets.length - 1) / (onsets[onsets.length - 1] - onsets[0])) * 60;

		const { t, rr } = ecgToBeats(ecg, 1000);
		const { rates, beats } = feed(t, rr);
		const est = rates.map((r) => r.rsaBreathsPerMin).filter((x): x is number => x !== null);
		const estMedian = median(est);
		const worst = Math.max(...est.map((x) => Math.abs(x - truth)));
		console.log(
			`[heart] ecg1/airflow: airflow ${onsets.length} inspirations, ${truth.toFixed(2)} br/min; RSA valid ${est.length}/${rates.length}, median ${estMedian.toFixed(2)} br/min (|err| ${Math.abs(estMedian - truth).toFixed(2)}), worst single estimate |err| ${worst.toFixed(2)}; ${beats.filter((b) => b.artifact).length}/${beats.length} beats flagged`
		);
		expect(est.length).toBeGreaterThanOrEqual(rates.length * 0.8);
		expect(Math.abs(estMedian - truth)).toBeLessThan(1);
		expect(worst).toBeLessThan(1.5);
	});

	it('NeuroKit 8-min recording: R-peaks → RSA rate vs NeuroKit2 breathing rate (reported)', () => {
		const lines = readFileSync(sharedPath('data', 'neurokit', 'bio_resting_8min_100hz.csv'), 'utf8')
			.trim()
			.split(/\r?\n/)
			.slice(1);
		const ecg = Float64Array.from(lines.map((l) => Number(l.split(',')[0])));
		const ref = readFileSync(
			sharedPath('data', 'reference', 'neurokit2', 'bio_resting_8min_100hz__rsp_rate_1hz.csv'),
			'utf8'
		)
			.trim()
			.split(/\r?\n/)
			.slice(1)
			.map((l) => Number(l.split(',')[1]));
		const { t, rr } = ecgToBeats(ecg, 100);
		const { rates } = feed(t, rr);
		// The RSA estimate describes the last 60 s: compare with the reference rate averaged there.
		const errs: number[] = [];
		for (const r of rates) {
			if (r.rsaBreathsPerMin === null) continue;
			const hi = Math.min(ref.length - 1, Math.round(r.at));
			const lo = Math.max(0, hi - 60);
			let s = 0;
			for (let j = lo; j <= hi; j++) s += ref[j];
			errs.push(r.rsaBreathsPerMin - s / (hi - lo + 1));
		}
		const abs = errs.map(Math.abs);
		const within2 = abs.filter((e) => e <= 2).length / abs.length;
		console.log(
			`[heart] NeuroKit 8-min: RSA valid ${errs.length}/${rates.length}; bias ${median(errs).toFixed(2)} br/min, median |err| ${median(abs).toFixed(2)}, ${(100 * within2).toFixed(0)} % within 2 br/min, worst ${Math.max(...abs).toFixed(2)}`
		);
		// Before the slope weighting: bias −0.52, median |err| 0.82, 78 % within 2 br/min.
		expect(errs.length).toBeGreaterThan(rates.length * 0.8);
		expect(median(abs)).toBeLessThan(1);
		expect(within2).toBeGreaterThanOrEqual(0.85);
	});

	it.each([
		// [recording, belt rate from the lead's engine (br/min, printed), RSA median before the slope weighting]
		['bio_resting_5min_100hz', 16.9, 11.8],
		['bio_resting_8min_100hz', 9.7, 8.1],
		['bio_eventrelated_100hz', 18.6, 4.9]
	])('NeuroKit %s: median RSA rate from the ECG is within 1.5 br/min of the belt rate', (name) => {
		const recording = loadCsv(`neurokit/${name}.csv`, { map: { resp: 'RSP' }, rateHz: 100 });
		const belt = analyzeRecording({ resp: recording.resp }).summary.ratePerMin;
		expect(belt).not.toBeNull();
		const { t, rr } = ecgToBeats(recording.ecg!.value, 100);
		const { rates } = feed(t, rr);
		const est = rates.map((r) => r.rsaBreathsPerMin).filter((x): x is number => x !== null);
		const rsa = median(est);
		console.log(
			`[heart] NeuroKit ${name}: belt ${belt!.toFixed(2)} br/min, RSA median ${rsa.toFixed(2)} (${est.length}/${rates.length} valid, error ${(rsa - belt!).toFixed(2)})`
		);
		expect(est.length).toBeGreaterThanOrEqual(rates.length * 0.5);
		expect(Math.abs(rsa - belt!)).toBeLessThan(1.5);
	});
});
