/**
 * One wearable's live view: status, readings, notices, the gaps in what it sent, and a small trace
 * of its main signal. Everything it sent is kept, in arrival order.
 */
import { GAP_SECONDS } from '$lib/core/engine/belt';
import type { SampleChunk, Source } from '$lib/core/types';
import { KINDS, type WearableKind } from '$lib/ble/kinds';
import type { StreamNotice } from '$lib/ble/drivers/driver';
import type { WearableHandle, WearableStatus } from '$lib/ble/wearable';
import { TraceBuffer } from './trace';
import { agoText, gapText, skippedText, type GapCause } from './wording';

export interface Gap {
	source: Source;
	start: number;
	end: number;
	/** Out of reach (the link dropped in between) or a pause with the link up. */
	cause: GapCause;
}

/** A heart rate older than this (s) is shown as a last reading, not as the current one. */
const HEART_RATE_FRESH_S = 3;
/** Seconds of signal the card's trace shows. */
export const TRACE_SECONDS = 20;

export class DeviceState {
	name = $state('');
	status = $state<WearableStatus>('connecting');
	heartRate = $state<number | null>(null);
	battery = $state<number | null>(null);
	location = $state<string | null>(null);
	/** Damaged packets skipped so far; counted so the person and the physio can see it. */
	skippedPackets = $state(0);
	notice = $state<string | null>(null);
	streamNotice = $state<StreamNotice | null>(null);
	/** Session time of the newest heart-rate reading. */
	heartRateAt = $state<number | null>(null);
	/** Samples received so far, all sources. */
	samples = $state(0);
	gaps = $state<Gap[]>([]);
	/** Session time of the newest sample of the main signal (null before the first). */
	lastSampleAt = $state<number | null>(null);
	/** Bumped whenever the trace changes (the trace arrays themselves are not reactive). */
	traceVersion = $state(0);
	/** The main signal's trace; for chest movement one buffer per axis (see `traceView`). */
	private readonly traces = [
		new TraceBuffer(TRACE_SECONDS),
		new TraceBuffer(TRACE_SECONDS),
		new TraceBuffer(TRACE_SECONDS)
	];
	readonly traceSource: Source;
	/** Everything received, in arrival order; nothing is ever dropped. */
	readonly chunks: SampleChunk[] = [];
	/** Time of the newest sample per source (plain object: not reactive on purpose). */
	private readonly lastT: Partial<Record<Source, number>> = {};
	/** Connections made when that newest sample came: more now means the device was away. */
	private readonly connectsAt: Partial<Record<Source, number>> = {};
	/** Session time of the first sample of the main signal. */
	private firstT: number | null = null;

	constructor(
		readonly wearable: WearableHandle,
		readonly simulated: boolean
	) {
		this.name = wearable.name;
		this.traceSource = KINDS[wearable.kind].trace.source;
		this.sync();
	}

	get id(): string {
		return this.wearable.id;
	}
	get kind(): WearableKind {
		return this.wearable.kind;
	}
	/** Gaps in the main signal (the one the trace shows). */
	get mainGaps(): number {
		return this.gaps.filter((g) => g.source === this.traceSource).length;
	}
	/** The newest gap in the main signal: the one the card tells about. */
	get lastGap(): Gap | null {
		for (let i = this.gaps.length - 1; i >= 0; i--)
			if (this.gaps[i].source === this.traceSource) return this.gaps[i];
		return null;
	}
	/** What the person calls it: "strap", "belt", "phone", or "simulated strap". */
	get noun(): string {
		const noun = KINDS[this.kind].noun;
		return this.simulated ? `simulated ${noun}` : noun;
	}

	/** What happened in the newest gap, in words. */
	get gapLine(): string | null {
		const g = this.lastGap;
		return g ? gapText(g.cause, g.end - g.start, this.noun, this.kind === 'phone') : null;
	}

	get skippedLine(): string {
		return skippedText(this.skippedPackets);
	}

	/** Seconds of the main signal so far, up to the trace's length: the trace is filling until then. */
	get traceFilled(): number {
		if (this.firstT === null || this.lastSampleAt === null) return 0;
		return Math.min(TRACE_SECONDS, this.lastSampleAt - this.firstT);
	}

	/**
	 * The trace to draw. Chest movement shows the axis that moves most over the window: which axis
	 * the breathing tilts depends on how the strap or the phone lies.
	 */
	traceView(): { t: number[]; v: number[] } {
		const [a, b, c] = this.traces;
		if (this.traceSource !== 'acc') return a;
		let best = a;
		let bestRange = -1;
		for (const tr of [a, b, c]) {
			let lo = Infinity;
			let hi = -Infinity;
			for (const v of tr.v) {
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
			if (hi - lo > bestRange) {
				bestRange = hi - lo;
				best = tr;
			}
		}
		return best;
	}

	/**
	 * The heart rate to show at session time `now`: the current one while it is fresh; otherwise
	 * the last one, clearly labelled with its age (never greyed out, never passed off as current).
	 */
	heartRateView(now: number): { value: string; lastSeen: string | null } {
		if (this.heartRate === null) return { value: '–', lastSeen: null };
		const age = this.heartRateAt === null ? Infinity : now - this.heartRateAt;
		const fresh = this.status === 'streaming' && age < HEART_RATE_FRESH_S;
		return {
			value: String(this.heartRate),
			lastSeen: fresh ? null : Number.isFinite(age) ? `Last seen ${agoText(age)}` : 'Last seen earlier'
		};
	}

	sync(): void {
		const w = this.wearable;
		this.status = w.status;
		this.notice = w.notice;
		this.streamNotice = w.streamNotice;
		this.heartRate = w.readings.heartRate;
		this.heartRateAt = w.heartRateAt;
		this.battery = w.readings.battery;
		this.location = w.readings.location;
		this.skippedPackets = w.skippedPackets;
	}

	add(chunk: SampleChunk): void {
		if (chunk.n === 0) return;
		this.chunks.push(chunk);
		this.samples += chunk.n;
		// A jump in sample times, by the engine's own gap rule, means data is missing: note it (it is
		// never filled in), and whether the device was away (it reconnected since) or just paused.
		const last = this.lastT[chunk.kind];
		const connects = this.wearable.connects;
		if (last !== undefined) {
			const expected = chunk.kind === 'rr' ? chunk.rrMs[0] / 1000 : 0;
			if (chunk.t[0] - last - expected > GAP_SECONDS) {
				const cause = connects > (this.connectsAt[chunk.kind] ?? connects) ? 'away' : 'paused';
				this.gaps.push({ source: chunk.kind, start: last, end: chunk.t[0], cause });
			}
		}
		this.lastT[chunk.kind] = chunk.t[chunk.n - 1];
		this.connectsAt[chunk.kind] = connects;
		if (chunk.kind !== this.traceSource) return;
		this.firstT ??= chunk.t[0];
		this.lastSampleAt = chunk.t[chunk.n - 1];
		const [a, b, c] = this.traces;
		if (chunk.kind === 'rr') a.push(chunk.t, chunk.rrMs, chunk.n);
		else if (chunk.kind === 'acc') {
			// Average blocks of ~0.1 s: a calm line, not sensor noise.
			const x = blockMeans(chunk.t, chunk.x, chunk.n, 5);
			a.push(x.t, x.v, x.n);
			const y = blockMeans(chunk.t, chunk.y, chunk.n, 5);
			b.push(y.t, y.v, y.n);
			const z = blockMeans(chunk.t, chunk.z, chunk.n, 5);
			c.push(z.t, z.v, z.n);
		} else a.push(chunk.t, chunk.value, chunk.n);
		this.traceVersion++;
	}
}

function blockMeans(
	t: Float64Array,
	v: Float64Array,
	n: number,
	size: number
): { t: number[]; v: number[]; n: number } {
	const ot: number[] = [];
	const ov: number[] = [];
	for (let i = 0; i < n; i += size) {
		const m = Math.min(size, n - i);
		let st = 0;
		let sv = 0;
		for (let k = 0; k < m; k++) {
			st += t[i + k];
			sv += v[i + k];
		}
		ot.push(st / m);
		ov.push(sv / m);
	}
	return { t: ot, v: ov, n: ot.length };
}
