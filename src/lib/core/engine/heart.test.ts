import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectBeats, loadCsv, loadNpy } from '../../../../tests/support/recordings';
import { sharedPath } from '../../../../tests/support/shared-data';
import type { EngineEvent } from '../types';
import { simulateBeats } from '../simulate/beats';
import { analyzeRecording } from './engine';
import { HeartRhythm } from './heart';

type Beat = Extract<EngineEvent, { type: 'beat' }>;
type Rate = Extract<EngineEvent, { type: 'rate' }>;

function feed(t: ArrayLike<number>, rr: ArrayLike<number>) {
	const beats: Beat[] = [];
	const rates: Rate[] = [];
	const h = new HeartRhythm((e) => {
		if (e.type === 'beat') beats.push(e);
		else if (e.type === 'rate') rates.push(e);
	});
	for (let i = 0; i < t.length; i++) h.pushBeat(t[i], rr[i]);
	const snap = h.snapshot();
	h.finish(t[t.length - 1]);
	return { h, beats, rates, snap };
}

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

describe('HeartRhythm: artifacts', () => {
	it('flags injected ectopic, missed and extra beats (sensitivity ≥ 0.95) with few false flags', () => {
		let tp = 0;
		let fn = 0;
		let fp = 0;
		let normals = 0;
		for (const [hr, bpm, seed] of [
			[60, 6, 1],
			[72, 10, 2],
			[65, 15, 3],
			[80, 4, 4],
			[58, 20, 5]
		]) {
			const sim = simulateBeats([{ seconds: 300, breathsPerMin: bpm }], {
				heartRate: hr,
				amplitudeMs: 80,
				seed,
				ectopicRate: 0.02,
				missedRate: 0.01,
				extraRate: 0.01
			});
			const { beats } = feed(sim.t, sim.rrMs);
			expect(beats.length).toBe(sim.t.length);
			beats.forEach((b, i) => {
				if (sim.artifact[i]) {
					if (b.artifact) tp++;
					else fn++;
				} else {
					normals++;
					if (b.artifact) fp++;
				}
				// One beat of lookahead: judged when the next beat arrives.
				if (i + 1 < beats.length) expect(b.at).toBe(sim.t[i + 1]);
			});
		}
		const sens = tp / (tp + fn);
		const fpr = fp / normals;
		console.log(
			`[heart] synthetic artifacts: ${tp + fn} injected, sensitivity ${sens.toFixed(3)}, false-flag rate ${(100 * fpr).toFixed(2)} %`
		);
		expect(tp + fn).toBeGreaterThan(60);
		expect(sens).toBeGreaterThanOrEqual(0.95);
		expect(fpr).toBeLessThan(0.01);
	});

	it('rejects out-of-range RR values', () => {
		const { beats } = feed([1, 2, 2.1, 3, 4, 6.5, 7.5], [1000, 1000, 100, 1000, 1000, 2500, 1000]);
		expect(beats.map((b) => b.artifact)).toEqual([false, false, true, false, false, true, false]);
	});
});

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

describe('HeartRhythm: RSA breathing rate', () => {
	it('synthetic paced breathing: within 0.5 br/min at 4, 6, 10, 15 (and 3–25) br/min', () => {
		const report: string[] = [];
		for (const [bpm, hr] of [
			[3, 62],
			[4, 60],
			[6, 65],
			[10, 70],
			[15, 75],
			[20, 72],
			[25, 72]
		]) {
			const sim = simulateBeats([{ seconds: 240, breathsPerMin: bpm }], {
				heartRate: hr,
				seed: 10 + bpm,
				ectopicRate: 0.01,
				missedRate: 0.005
			});
			const { rates } = feed(sim.t, sim.rrMs);
			const late = rates.filter((r) => r.at > 75);
			const est = late.map((r) => r.rsaBreathsPerMin).filter((x): x is number => x !== null);
			const maxErr = Math.max(...est.map((x) => Math.abs(x - bpm)));
			report.push(`${bpm}/min: ${est.length}/${late.length} valid, max |err| ${maxErr.toFixed(2)}`);
			expect(est.length).toBeGreaterThanOrEqual(late.length * 0.6);
			expect(maxErr).toBeLessThan(0.5);
		}
		console.log(`[heart] synthetic RSA: ${report.join('; ')}`);
	});

	it('a 0.1 Hz (Mayer-wave) heart-rate oscillation does not capture the rate at 10–25 br/min', () => {
		// RSA at fast breathing is small (A(f) rolls off above 15/min: 22 ms at 20/min, 16 ms at
		// 25/min); the distractor is a 20 or 35 ms sine at 0.1 Hz, i.e. as large as or larger than
		// the RSA. Unweighted, the 0.1 Hz peak won at 15–25 br/min (errors of 9–19 br/min).
		const report: string[] = [];
		for (const [bpm, hr, mayerMs] of [
			[10, 70, 35],
			[15, 75, 20],
			[15, 75, 35],
			[20, 72, 20],
			[20, 72, 35],
			[25, 72, 20],
			[25, 72, 35]
		]) {
			// Several seeds (and so several phases of the distractor against the breathing): one
			// lucky seed proves nothing.
			for (const seed of [10 + bpm, 40 + bpm, 70 + bpm]) {
				const sim = simulateBeats([{ seconds: 240, breathsPerMin: bpm }], {
					heartRate: hr,
					seed,
					ectopicRate: 0.01,
					missedRate: 0.005
				});
				const rr = Float64Array.from(sim.rrMs);
				const t = new Float64Array(rr.length);
				let phase = seed;
				let c = 0;
				for (let i = 0; i < rr.length; i++) {
					rr[i] += mayerMs * Math.sin(phase);
					phase += 2 * Math.PI * 0.1 * (rr[i] / 1000);
					c += rr[i] / 1000;
					t[i] = c;
				}
				const { rates } = feed(t, rr);
				const late = rates.filter((r) => r.at > 75);
				const est = late.map((r) => r.rsaBreathsPerMin).filter((x): x is number => x !== null);
				const errors = est.map((x) => Math.abs(x - bpm));
				const within = errors.filter((e) => e < 0.5).length / errors.length;
				report.push(
					`${bpm}/min + ${mayerMs} ms, seed ${seed}: ${est.length}/${late.length} valid, ${(100 * within).toFixed(0)} % within 0.5, max |err| ${Math.max(...errors).toFixed(2)}`
				);
				expect(est.length).toBeGreaterThanOrEqual(late.length * 0.6);
				// Known limit: at 25/min the RSA is half the size of a 35 ms wave, and for some
				// phases of the wave the first windows lock onto it (seed 95: 79 % of windows).
				const floor = bpm === 25 && mayerMs === 35 ? 0.75 : 0.95;
				expect(within, `${bpm}/min + ${mayerMs} ms, seed ${seed}`).toBeGreaterThanOrEqual(floor);
			}
		}
		console.log(`[heart] synthetic RSA + 0.1 Hz distractor: ${report.join('; ')}`);
	});

	it('follows a breathing-rate script (15 → 6 br/min)', () => {
		const sim = simulateBeats(
			[
				{ seconds: 150, breathsPerMin: 15 },
				{ seconds: 150, breathsPerMin: 6 }
			],
			{ heartRate: 68, seed: 9 }
		);
		const { rates } = feed(sim.t, sim.rrMs);
		const at = (lo: number, hi: number) =>
			rates
				.filter((r) => r.at > lo && r.at < hi && r.rsaBreathsPerMin !== null)
				.map((r) => r.rsaBreathsPerMin as number);
		for (const x of at(70, 150)) expect(Math.abs(x - 15)).toBeLessThan(0.5);
		for (const x of at(220, 300)) expect(Math.abs(x - 6)).toBeLessThan(0.5);
	});

	it('reports null when breathing is too fast for the heart rate (aliasing) rather than a valid-looking rate above HR/2', () => {
		const sim = simulateBeats([{ seconds: 200, breathsPerMin: 36 }], { heartRate: 60, seed: 4 });
		const { rates } = feed(sim.t, sim.rrMs);
		for (const r of rates)
			if (r.rsaBreathsPerMin !== null) expect(r.rsaBreathsPerMin).toBeLessThan(0.45 * 60 + 0.01);
	});

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

describe('HeartRhythm: a long run of artefacts', () => {
	it('stops reporting a heart rate rather than showing a stale one', () => {
		const events: EngineEvent[] = [];
		const h = new HeartRhythm((e) => events.push(e));
		let t = 0;
		for (let i = 0; i < 60; i++) h.pushBeat((t += 0.9), 900);
		expect(h.snapshot().heartRate).toBeCloseTo(66.7, 0);
		// 20 s of nonsense intervals (every one out of range): no clean beat arrives.
		for (let i = 0; i < 60; i++) h.pushBeat((t += 0.33), 250);
		expect(h.snapshot().heartRate).toBeNull();
		const artifacts = events.filter((e) => e.type === 'beat' && e.artifact).length;
		expect(artifacts).toBeGreaterThanOrEqual(58);
	});
});
