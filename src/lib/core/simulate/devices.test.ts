import { describe, expect, it } from 'vitest';
import { viewOf } from '../protocols/bytes';
import { buildGdxCommand, decodeGdxPacket, decodeGdxStatus, GdxCommandId } from '../protocols/gdx';
import {
	buildPmdStart,
	buildPmdStop,
	decodePmdControlPoint,
	decodePmdDataFrame,
	PmdMeasurement,
	PmdOp,
	PmdStatus
} from '../protocols/pmd';
import { beatWaves, regularBeats, synthEcg } from './ecg';
import { GdxDevice } from './gdx-device';
import { ACC_PER_FRAME, PmdDevice } from './pmd-device';

const signals = { acc: (): [number, number, number] => [10, -60, 995], ecg: () => 0 };

describe('the simulated H10 (PMD device side)', () => {
	it('answers a start with success and streams frames the decoder reads; stop ends them', () => {
		const pmd = new PmdDevice();
		const reply = decodePmdControlPoint(
			viewOf(
				pmd.command(buildPmdStart(PmdMeasurement.ACC, { sampleRateHz: 50, resolutionBits: 16, range: 2 }), 0)!
			)
		);
		expect(reply.ok && reply.value.kind === 'response' && reply.value).toMatchObject({
			opCode: PmdOp.START,
			measurementType: PmdMeasurement.ACC,
			status: PmdStatus.SUCCESS
		});
		const frames = pmd.frames(2, signals);
		expect(frames).toHaveLength(Math.floor((2 * 50) / ACC_PER_FRAME));
		const f = decodePmdDataFrame(viewOf(frames[0]), {
			sampleRateHz: 50,
			previousTimestampNs: null,
			factor: 1
		});
		expect(f.ok && f.value.kind === 'acc' && Array.from(f.value.z)).toEqual(Array(ACC_PER_FRAME).fill(995));
		pmd.command(buildPmdStop(PmdMeasurement.ACC), 2);
		expect(pmd.frames(10, signals)).toEqual([]);
		expect(pmd.received.map((c) => c.op)).toEqual(['start', 'stop']);
	});

	it('streams at the rate the start asks for: 200 Hz from the real H10 start bytes', () => {
		const pmd = new PmdDevice();
		// Start ACC at 200 Hz, 16 bits, 8 G, and the H10's reply, as recorded (docs/protocols.md).
		const start = Uint8Array.from([
			0x02, 0x02, 0x00, 0x01, 0xc8, 0x00, 0x01, 0x01, 0x10, 0x00, 0x02, 0x01, 0x08, 0x00
		]);
		expect(Array.from(pmd.command(start, 0)!)).toEqual([0xf0, 0x02, 0x02, 0x00, 0x00, 0x01]);
		const frames = pmd.frames(3, signals);
		expect(frames).toHaveLength(Math.floor((3 * 200) / ACC_PER_FRAME));
		const decode = (bytes: Uint8Array, prev: bigint | null) => {
			const f = decodePmdDataFrame(viewOf(bytes), {
				sampleRateHz: 200,
				previousTimestampNs: prev,
				factor: 1
			});
			if (!f.ok) throw new Error(f.error);
			return f.value;
		};
		const first = decode(frames[0], null);
		const second = decode(frames[1], first.timestampNs);
		// 36 samples 5 ms apart: the frames' own timestamps say 200 Hz.
		expect(Number(second.timestampNs - first.timestampNs)).toBe((ACC_PER_FRAME * 1e9) / 200);
		expect(second.sampleCount).toBe(ACC_PER_FRAME);
	});

	it('refuses an accelerometer rate an H10 does not offer', () => {
		const pmd = new PmdDevice();
		const d = decodePmdControlPoint(
			viewOf(pmd.command(buildPmdStart(PmdMeasurement.ACC, { sampleRateHz: 75, resolutionBits: 16 }), 0)!)
		);
		expect(d.ok && d.value.kind === 'response' && d.value.statusName).toBe('invalid sample rate');
		expect(pmd.running).toEqual([]);
	});

	it('refuses what it does not measure, and a start when told to, with named status codes', () => {
		const pmd = new PmdDevice({
			refuseStart: (t) => (t === PmdMeasurement.ECG ? PmdStatus.INVALID_STATE : null)
		});
		const status = (bytes: Uint8Array) => {
			const d = decodePmdControlPoint(viewOf(pmd.command(bytes, 0)!));
			return d.ok && d.value.kind === 'response' ? d.value.statusName : null;
		};
		expect(status(buildPmdStart(PmdMeasurement.PPG, { sampleRateHz: 135 }))).toBe('not supported');
		expect(status(buildPmdStart(PmdMeasurement.ECG, { sampleRateHz: 130 }))).toBe('invalid state');
		expect(pmd.running).toEqual([]);
	});
});

describe('the simulated belt (Go Direct device side)', () => {
	it('answers commands written in pieces, then measures at the period it was given', () => {
		const belt = new GdxDevice({ battery: 64 });
		const status = buildGdxCommand(GdxCommandId.GET_STATUS, [], 1);
		expect(belt.write(status.slice(0, 3), 0)).toEqual([]);
		const [reply] = belt.write(status.slice(3), 0);
		const d = decodeGdxPacket(viewOf(reply));
		expect(d.ok && d.value.kind === 'command-reply' && d.value.commandId).toBe(GdxCommandId.GET_STATUS);
		if (d.ok && d.value.kind === 'command-reply') {
			const s = decodeGdxStatus(d.value.payload);
			expect(s.ok && s.value.batteryPercent).toBe(64);
		}
		// 50 ms period (microseconds, little-endian after the channel bytes), then start.
		belt.write(
			buildGdxCommand(GdxCommandId.SET_MEASUREMENT_PERIOD, [0xff, 0, 0x50, 0xc3, 0, 0, 0, 0, 0, 0], 2),
			0
		);
		belt.write(buildGdxCommand(GdxCommandId.START_MEASUREMENTS, [0xff, 1, 0, 0, 0], 3), 0);
		expect(belt.measurements(1, () => 3)).toHaveLength(10); // 2 samples × 50 ms each
	});

	it('a refused start measures nothing', () => {
		const belt = new GdxDevice({
			payload: (id) => (id === GdxCommandId.START_MEASUREMENTS ? [1] : undefined)
		});
		belt.write(buildGdxCommand(GdxCommandId.START_MEASUREMENTS, [0xff, 1, 0, 0, 0], 1), 0);
		expect(belt.measuring).toBe(false);
		expect(belt.measurements(5, () => 3)).toEqual([]);
	});
});

describe('the one ECG synthesiser', () => {
	it('puts each R peak at its beat time, and nothing between beats but the baseline', () => {
		const beats = regularBeats(0.8, 10);
		const { t, value } = synthEcg(beats, 10, 1000, { noiseUv: 0 });
		for (const b of beats.slice(1, -1)) {
			const i = Math.round(b * 1000);
			let peak = i;
			for (let k = i - 50; k <= i + 50; k++) if (value[k] > value[peak]) peak = k;
			expect(t[peak]).toBeCloseTo(b, 3);
			expect(value[peak]).toBeCloseTo(beatWaves(0), 0);
		}
		expect(beatWaves(0.6)).toBe(0);
	});
});
