/**
 * Robustness check for every protocol decoder: feed them random buffers and mutated real packets
 * and count exceptions. Decoders handle untrusted radio input, so the only acceptable outcome is
 * a Decoded result; any throw is a bug. Seeded, so a failure can be replayed exactly.
 */
import { decodeUtf8, viewOf } from '../../src/lib/core/protocols/bytes';
import {
	decodeBatteryLevel,
	decodeBodySensorLocation,
	decodeDeviceInfoString,
	decodeHeartRateMeasurement,
	decodeSystemId,
	encodeHeartRateMeasurement
} from '../../src/lib/core/protocols/heart-rate';
import {
	decodeDeltaFrame,
	decodePmdCommand,
	decodePmdControlPoint,
	decodePmdDataFrame,
	decodePmdFeatures,
	decodePmdSettings,
	encodePmdAccFrame,
	encodePmdEcgFrame,
	mergePmdContinuation,
	pmdReplySettings,
	pmdSampleTimestamps,
	pmdStartScalingFactor,
	type PmdFrameContext
} from '../../src/lib/core/protocols/pmd';
import {
	decodeGdxCommand,
	decodeGdxDeviceInfo,
	decodeGdxPacket,
	decodeGdxSensorInfo,
	decodeGdxSensorMask,
	decodeGdxStatus,
	encodeGdxMeasurement,
	GdxReassembler
} from '../../src/lib/core/protocols/gdx';
import type { Decoded } from '../../src/lib/core/protocols/result';
import { seededRandom } from '../../src/lib/core/simulate/random';

export interface FuzzReport {
	buffers: number;
	exceptions: number;
	firstError?: string;
}

/** The project's seeded generator, as uint32s. */
function mulberry32(seed: number): () => number {
	const random = seededRandom(seed);
	return () => (random() * 4294967296) >>> 0;
}

function fromHex(hex: string): Uint8Array {
	return Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
}

/** Real packets (from ble-vectors.json) short enough to embed, plus full frames built by the encoders. */
function builtInCorpus(): Uint8Array[] {
	const hex = [
		'10 4B 3B 03 59 03',
		'1F 01 01 32 01 01 00 02 01 FF FF',
		'16 48 54 01 EC 02',
		'05',
		'64',
		'15 15 C5 FE FF 1A 9E A0',
		'50 6F 6C 61 72 20 45 6C 65 63 74 72 6F 20 4F 79 00',
		'0F 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
		'01 02',
		'02 02 00 01 C8 00 01 01 10 00 02 01 08 00',
		'F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00',
		'F0 01 00 00 01 00 01 82 00 01 01 0E 00',
		'F0 02 00 00 00 00',
		'F0 04 02 01',
		'01 00 02',
		'00 01 34 00 01 01 10 00 02 04 F5 00 F4 01 E8 03 D0 07 04 01 03 05 01 00 00 80 3F',
		'02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08',
		'02 00 00 00 00 00 00 00 00 80 71 07 F0 6A 9E 8D 0A 01 BE 5C BE BA',
		'02 00 00 00 00 00 00 00 00 82 D0 FF FF 65 01 00 E4 0F 00 08 02 FC 07 FF 0C 13 F2',
		'00 00 00 00 00 00 00 00 00 03 01 00 00 02 00 00 05',
		'58 19 FE 3F 1A A5 4A 06 49 07 48 08 47 09 46 0A 45 0B 44 0C 43 0D 42 0E 41',
		'58 05 FD AB 51',
		'98 0A 01 27 51 FD 36 00 00 00',
		'20 19 CF D8 06 06 00 02 FC 80 8A 07 BF 00 00 C0 7F 80 31 08 BF 00 00 C0 7F'
	];
	const corpus = hex.map(fromHex);
	const ramp = (n: number, k: number) => Array.from({ length: n }, (_, i) => ((i * k) % 2000) - 1000);
	corpus.push(encodePmdEcgFrame({ timestampNs: 599617564162135780n, microVolts: ramp(73, 37) }));
	corpus.push(
		encodePmdAccFrame({ timestampNs: 599617577635059638n, x: ramp(36, 7), y: ramp(36, 11), z: ramp(36, 13) })
	);
	corpus.push(
		encodeHeartRateMeasurement({
			heartRateBpm: 300,
			sensorContact: 'contact',
			energyExpendedKJ: 5,
			rrRaw: [800, 900, 1000]
		})
	);
	corpus.push(
		encodeGdxMeasurement({
			deviceCounter: 7,
			sensors: [1, 2, 20],
			values: [
				[1, 2],
				[NaN, 3],
				[4, 5]
			]
		})
	);
	// A long Go Direct reply, to reach the sensor-info payload decoder with realistic sizes.
	const info = new Uint8Array(154);
	info.set([0x98, 154, 3, 0, 0x50, 0xfc, 1]);
	corpus.push(info);
	return corpus;
}

const RATES = [130, 200, 52, 50, 1, 0, -5, 1.5, NaN, Infinity, 1e9, 2e9];
const FACTORS = [1, 2.44e-4, 0, -1, NaN, Infinity, 1e308, 0.5];

export function fuzzDecoders(
	iterations: number,
	seed: number,
	extraCorpus: readonly Uint8Array[] = []
): FuzzReport {
	const rand = mulberry32(seed);
	const below = (n: number) => rand() % n;
	const corpus = [...builtInCorpus(), ...extraCorpus];
	const reassembler = new GdxReassembler();
	const continuationBase = decodePmdControlPoint(viewOf(corpus[11]));
	const report: FuzzReport = { buffers: 0, exceptions: 0 };

	const run = (name: string, buf: Uint8Array, fn: () => Decoded<unknown> | Decoded<unknown>[] | string) => {
		try {
			const r = fn();
			for (const d of Array.isArray(r) ? r : [r]) {
				// A result must be one of the two documented shapes.
				if (typeof d === 'string') continue;
				if (d.ok !== true && !(d.ok === false && typeof d.error === 'string' && d.error.length > 0)) {
					throw new Error('malformed Decoded result');
				}
			}
		} catch (e) {
			report.exceptions++;
			if (report.firstError === undefined) {
				const hex = Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join(' ');
				report.firstError = `${name}: ${e instanceof Error ? e.message : String(e)} on [${hex}]`;
			}
		}
	};

	for (let it = 0; it < iterations; it++) {
		const buf = makeBuffer(rand, below, corpus);
		// Sometimes hand the decoder a window into a larger buffer, as Web Bluetooth may.
		let view: DataView;
		if (below(4) === 0) {
			const pad = 1 + below(8);
			const backing = new Uint8Array(buf.length + 2 * pad);
			backing.set(buf, pad);
			view = new DataView(backing.buffer, pad, buf.length);
		} else {
			view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
		}
		report.buffers++;

		run('decodeHeartRateMeasurement', buf, () => decodeHeartRateMeasurement(view));
		run('decodeBodySensorLocation', buf, () => decodeBodySensorLocation(view));
		run('decodeBatteryLevel', buf, () => decodeBatteryLevel(view));
		run('decodeDeviceInfoString', buf, () => decodeDeviceInfoString(view));
		run('decodeSystemId', buf, () => decodeSystemId(view));
		run('decodeUtf8', buf, () => decodeUtf8(buf));

		run('decodePmdFeatures', buf, () => decodePmdFeatures(view));
		run('decodePmdCommand', buf, () => decodePmdCommand(view));
		run('decodePmdSettings', buf, () => decodePmdSettings(view));
		run('decodePmdControlPoint', buf, () => {
			const r = decodePmdControlPoint(view);
			if (!r.ok || r.value.kind !== 'response') return r;
			return [r, pmdReplySettings(r.value), pmdStartScalingFactor(r.value)];
		});
		run('mergePmdContinuation', buf, () =>
			continuationBase.ok && continuationBase.value.kind === 'response'
				? mergePmdContinuation(continuationBase.value, view)
				: continuationBase
		);
		const ctx = frameContext(rand, below, view);
		run('decodePmdDataFrame', buf, () => decodePmdDataFrame(view, ctx));
		run('decodeDeltaFrame', buf, () => decodeDeltaFrame(buf, 1 + below(4), [8, 14, 16, 24, 32][below(5)]));
		if (below(16) === 0) {
			run('pmdSampleTimestamps', buf, () =>
				pmdSampleTimestamps(
					BigInt(rand()) * BigInt(rand()),
					ctx.previousTimestampNs,
					below(300) - 5,
					ctx.sampleRateHz
				)
			);
		}

		run('decodeGdxCommand', buf, () => decodeGdxCommand(view, { verifyChecksum: below(2) === 0 }));
		run('decodeGdxPacket', buf, () => {
			const r = decodeGdxPacket(view, { verifyChecksum: below(2) === 0 });
			if (!r.ok || r.value.kind !== 'command-reply') return r;
			const p = r.value.payload;
			return [r, decodeGdxSensorMask(p), decodeGdxStatus(p), decodeGdxDeviceInfo(p), decodeGdxSensorInfo(p)];
		});
		run('payload decoders', buf, () => [
			decodeGdxSensorMask(buf),
			decodeGdxStatus(buf),
			decodeGdxDeviceInfo(buf),
			decodeGdxSensorInfo(buf)
		]);
		run('GdxReassembler', buf, () => {
			// Split the buffer into a few notifications; decode whatever completes.
			const out: Decoded<unknown>[] = [];
			let o = 0;
			while (o < buf.length) {
				const n = 1 + below(Math.min(40, buf.length - o));
				for (const p of reassembler.push(viewOf(buf, o, o + n))) {
					out.push(p);
					if (p.ok) out.push(decodeGdxPacket(viewOf(p.value)));
				}
				o += n;
			}
			if (below(64) === 0) reassembler.reset();
			return out;
		});
	}
	return report;
}

/** Contexts a connection layer could plausibly (or wrongly) pass, including hostile ones. */
function frameContext(rand: () => number, below: (n: number) => number, view: DataView): PmdFrameContext {
	const ownTs = view.byteLength >= 9 ? view.getBigUint64(1, true) : 0n;
	const choices: Array<bigint | null | undefined> = [
		null,
		undefined,
		0n,
		ownTs - BigInt(below(1_000_000_000)),
		ownTs,
		ownTs + 1n,
		BigInt(rand()),
		(1n << 63n) - 1n,
		-1n,
		-(1n << 70n)
	];
	return {
		sampleRateHz: RATES[below(RATES.length)],
		previousTimestampNs: choices[below(choices.length)],
		factor: below(3) === 0 ? undefined : FACTORS[below(FACTORS.length)]
	};
}

function makeBuffer(
	rand: () => number,
	below: (n: number) => number,
	corpus: readonly Uint8Array[]
): Uint8Array {
	const mode = below(8);
	if (mode < 3) {
		// Pure noise, 0-260 bytes; short ones more often, since that is where length checks live.
		const n = below(2) === 0 ? below(24) : below(261);
		const b = new Uint8Array(n);
		for (let i = 0; i < n; i++) b[i] = rand() & 0xff;
		return b;
	}
	const src = corpus[below(corpus.length)];
	let b: Uint8Array = src.slice();
	const rounds = 1 + below(4);
	for (let r = 0; r < rounds; r++) {
		const op = below(7);
		if (op === 0 && b.length > 0) {
			const bits = 1 + below(8);
			for (let i = 0; i < bits; i++) {
				const p = below(b.length);
				b[p] ^= 1 << below(8);
			}
		} else if (op === 1) {
			b = b.slice(0, below(b.length + 1));
		} else if (op === 2) {
			const extra = 1 + below(40);
			const e = new Uint8Array(Math.min(260, b.length + extra));
			e.set(b.subarray(0, e.length));
			for (let i = b.length; i < e.length; i++) e[i] = rand() & 0xff;
			b = e;
		} else if (op === 3 && b.length > 1) {
			const i = below(b.length);
			const j = below(b.length);
			const t = b[i];
			b[i] = b[j];
			b[j] = t;
		} else if (op === 4 && b.length > 0) {
			b[below(b.length)] = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe][below(6)];
		} else if (op === 5) {
			// Splice: the head of this packet with the tail of another.
			const other = corpus[below(corpus.length)];
			const cut = below(b.length + 1);
			const from = below(other.length + 1);
			const joined = new Uint8Array(Math.min(260, cut + other.length - from));
			joined.set(b.subarray(0, Math.min(cut, joined.length)));
			joined.set(
				other.subarray(from, from + joined.length - Math.min(cut, joined.length)),
				Math.min(cut, joined.length)
			);
			b = joined;
		}
		// op 6 (and ops that did not apply): leave the packet as it is this round.
	}
	return b;
}
