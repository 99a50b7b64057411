/**
 * A live breathing session: wearable chunks → the engine in its worker → pacer, coaching, chart
 * data and the recording on the device. The session clock is seconds since `startedAt` (wall
 * clock), so a resumed session keeps its timeline and the time away is a span without samples.
 * Nothing here stops the session: a wearable leaving, the worker dying or storage failing each
 * get a calm line on screen while the pacer goes on.
 */
import { GAP_SECONDS } from '$lib/core/engine/belt';
import type { BreathPattern } from '$lib/core/engine/pattern';
import type { PacerCue } from '$lib/core/pacer/pacer';
import { breathingPlan, CALIBRATION_BREATHS, CALIBRATION_STEPS, type PacerPlan } from '$lib/core/pacer/plan';
import { doingWords } from '$lib/core/pacer/words';
import { Coach, type CoachLine } from '$lib/core/session/coaching';
import type {
	CueSettings,
	LogBody,
	SessionRecord,
	SessionSummary,
	SessionWearable
} from '$lib/core/session/format';
import { SummaryBuilder } from '$lib/core/session/summary';
import type { EngineEvent, SampleChunk, Source } from '$lib/core/types';
import { CuePlayer } from '$lib/audio/cues';
import { LiveChartData } from '$lib/charts/live-data';
import { wearableAbility } from '$lib/session/wearable-words';
import { ScreenOn } from '$lib/session/wake-lock';
import type { StorageProblem } from '$lib/storage/problems';
import { openSessionStorage, shiftChunk, type SessionStorage } from '$lib/session/recording';
import { EngineClient, browserWorker } from '$workers/engine-client';
import type { ResumeItem } from '$workers/engine-api';
import { PacerState } from './pacer.svelte';
import type { DeviceState } from './wearables.svelte';
import { wearables } from './wearables.svelte';
import { SessionPerf } from '$lib/session/perf';

export type Stage = 'starting' | 'calibration' | 'guided' | 'ending' | 'ended';

export interface StartOptions {
	pattern: BreathPattern;
	plannedSeconds: number | null;
	cues: CueSettings;
	painBefore: number | null;
	/** Resume this interrupted session instead of starting a new one. */
	resume?: SessionRecord;
}

/** Seconds without a heartbeat after which the heart rate shown is cleared. */
const HEART_RATE_STALE_S = 5;
/** A quiet second without samples from a streaming wearable means it is out of reach. */
const AWAY_AFTER_S = 2.5;

export class LiveSession {
	stage = $state<Stage>('starting');
	/** Session time the guided pattern began (after calibration); breaths before it are not coached. */
	private guidedFrom = 0;
	record = $state<SessionRecord | null>(null);
	coach = $state<CoachLine | null>(null);
	/** What the sensor says the person is doing now, in words. */
	doing = $state<string | null>(null);
	breaths = $state(0);
	adherence = $state<number | null>(null);
	heartRate = $state<number | null>(null);
	/** Session time of the last heartbeat. */
	private lastBeatT = -Infinity;
	breathsPerMin = $state<number | null>(null);
	/** Signal quality of the breathing sensor, in words (null: fine or none). */
	signalNote = $state<string | null>(null);
	/** A wearable out of reach right now, in words. */
	awayNote = $state<string | null>(null);
	storageProblem = $state<StorageProblem | null>(null);
	engineNote = $state<string | null>(null);
	elapsed = $state(0);
	summary = $state<SessionSummary | null>(null);
	readonly pacer: PacerState;
	readonly chart = new LiveChartData(60);
	readonly perf = new SessionPerf();
	readonly cues: CuePlayer;

	private startedAt = 0;
	private storage: SessionStorage | null = null;
	private engine: EngineClient | null = null;
	private readonly coachState: Coach;
	private readonly totals = new SummaryBuilder();
	private readonly screen = new ScreenOn();
	private unsubscribe: (() => void) | null = null;
	private heartbeat: ReturnType<typeof setInterval> | null = null;
	private offset = 0;
	// Plain records, not reactive on purpose: written per chunk, read once a second.
	private lastT: Record<string, number> = {};
	private lastArrival: Record<string, number> = {};
	private gapSeconds = 0;
	private breathingSource: Source | null;
	private devicesSeen: Record<string, SessionWearable> = {};

	constructor(readonly options: StartOptions) {
		this.pacer = new PacerState(
			() => this.now(),
			(cue) => this.onCue(cue),
			() => void this.finish()
		);
		this.cues = new CuePlayer({ ...options.cues });
		const devices = wearables().devices;
		this.breathingSource = devices.some((d) => d.kind === 'gdx-belt')
			? 'resp'
			: devices.some((d) => wearableAbility(d.kind).phases)
				? 'acc'
				: null;
		this.coachState = new Coach(this.breathingSource);
	}

	/** Session time now (s). */
	now(): number {
		return (Date.now() - this.startedAt) / 1000;
	}

	/** A wearable took part (or is connected now). */
	get hasWearable(): boolean {
		return wearables().devices.length > 0;
	}

	get plannedEnd(): number | null {
		return this.pacer.endT;
	}

	/** Call from the Start tap (sound may only begin after a tap). */
	async start(): Promise<void> {
		this.cues.unlock();
		const { resume, pattern, plannedSeconds } = this.options;
		this.startedAt = resume?.startedAt ?? Date.now();
		const w = wearables();
		this.offset = this.now() - w.clock.now();
		this.storage = await openSessionStorage((p) => (this.storageProblem = p));
		this.record = await this.storage.begin(this.options, this.startedAt, this.wearablesNow());
		this.unsubscribe = w.onChunk((chunk, device) => this.onChunk(chunk, device));
		await this.startEngine();
		void this.screen.start();
		this.heartbeat = setInterval(() => this.tick(), 1000);
		const plan: PacerPlan = resume
			? breathingPlan(
					pattern,
					plannedSeconds === null ? null : Math.max(60, plannedSeconds + 27 - resume.lastT),
					false
				)
			: breathingPlan(pattern, plannedSeconds, true);
		this.stage = resume ? 'guided' : 'calibration';
		this.coach = resume
			? null
			: { code: 'settling', text: 'Breathe naturally while Tidal learns your breathing' };
		if (!resume) {
			// A simulated person breathes with the guide, calibration first, as a real one would.
			const step = (phase: string) => CALIBRATION_STEPS.find((c) => c.phase === phase)?.seconds ?? 0;
			const breath = {
				inhale: step('inhale'),
				hold: step('hold'),
				exhale: step('exhale'),
				pause: step('pause')
			};
			w.simulatedFollowGuide(Array.from({ length: CALIBRATION_BREATHS }, () => breath));
		}
		this.pacer.start(plan, this.now());
	}

	/** End now (the person tapped End, or the plan ran out). */
	async finish(): Promise<void> {
		if (this.stage === 'ending' || this.stage === 'ended') return;
		this.stage = 'ending';
		this.pacer.stop();
		this.unsubscribe?.();
		if (this.heartbeat) clearInterval(this.heartbeat);
		const last = (await this.engine?.finish()) ?? [];
		this.handleEvents(last);
		// A plain object for storage: IndexedDB cannot clone the reactive proxy a $state field holds.
		const summary = this.totals.result(this.now(), this.gapSeconds);
		this.summary = summary;
		this.record = (await this.storage?.finish(summary)) ?? this.record;
		this.stage = 'ended';
		this.cues.close();
		void this.screen.stop();
	}

	async setPainAfter(rating: number): Promise<void> {
		await this.storage?.pain('after', rating, this.now());
		if (this.record) this.record = { ...this.record, pain: { ...this.record.pain, after: rating } };
	}

	/** Sound, volume, speech or vibration changed mid-session: applied and logged. */
	setCue<K extends keyof CueSettings>(key: K, value: CueSettings[K]): void {
		this.cues.settings = { ...this.cues.settings, [key]: value };
		this.storage?.log({ type: 'setting', t: this.now(), key: `cues.${key}`, value }, this.now());
	}

	/** Leaving the page without ending: everything is written; the next visit offers to resume. */
	async leave(): Promise<void> {
		this.pacer.stop();
		this.unsubscribe?.();
		if (this.heartbeat) clearInterval(this.heartbeat);
		this.engine?.dispose();
		this.cues.close();
		await this.storage?.flush();
		void this.screen.stop();
	}

	private async startEngine(): Promise<void> {
		const engine = new EngineClient(browserWorker, {
			events: (events, sentAt, trace) => {
				if (events.length) this.perf.latency(performance.now() - sentAt);
				if (trace) this.chart.addSignal(trace.t, trace.v, trace.turned);
				this.handleEvents(events);
			},
			history: () => this.history(),
			restarted: (reason, gaveUp) => {
				this.storage?.log(
					{ type: 'mark', t: this.now(), mark: 'engine-restarted', text: reason },
					this.now()
				);
				this.engineNote = gaveUp ? 'Breathing analysis stopped; the guide and the recording go on.' : null;
			}
		});
		this.engine = engine;
		const settings = { pattern: this.options.pattern.id };
		const started = this.options.resume
			? await engine.startFrom(settings, await this.history(), await this.storage?.polarity())
			: await engine.start(settings);
		if (!started.ok) this.engineNote = `Breathing analysis is not running: ${started.error}`;
	}

	/** Everything recorded so far, in time order, for a fresh worker. */
	private async history(): Promise<ResumeItem[]> {
		return (await this.storage?.history()) ?? [];
	}

	private onChunk(chunk: SampleChunk, device: DeviceState): void {
		if (chunk.n === 0 || this.stage === 'ending' || this.stage === 'ended') return;
		const sentAt = performance.now();
		const shifted = shiftChunk(chunk, this.offset);
		const key = `${device.id}/${chunk.kind}`;
		const first = shifted.t[0];
		const prev = this.lastT[key];
		const expected = chunk.kind === 'rr' ? chunk.rrMs[0] / 1000 : 0;
		if (prev !== undefined && first - prev - expected > GAP_SECONDS)
			this.noteGap(device, chunk.kind, prev, first);
		this.lastT[key] = shifted.t[shifted.n - 1];
		this.lastArrival[device.id] = sentAt;
		this.perf.received(shifted.t[shifted.n - 1], shifted.n);
		if (!this.devicesSeen[device.id]?.sources.includes(chunk.kind)) {
			const w = this.describe(device, [...(this.devicesSeen[device.id]?.sources ?? []), chunk.kind]);
			this.devicesSeen[device.id] = w;
			void this.storage?.wearable(w);
		}
		this.storage?.chunk(device.id, shifted);
		this.engine?.push(shifted, sentAt);
	}

	private noteGap(device: DeviceState, source: Source, start: number, end: number): void {
		const cause = device.gaps.at(-1)?.cause ?? 'paused';
		this.storage?.log({ type: 'gap', device: device.id, source, start, end, cause }, end);
		if (source === this.breathingSource || (this.breathingSource === null && source === 'rr')) {
			this.gapSeconds += end - start;
			this.chart.markGap(start, end);
		}
	}

	private onCue(cue: PacerCue): void {
		const calibrating = cue.part === 'calibration';
		this.storage?.log({ type: 'cue', ...cue }, cue.t);
		this.engine?.cue(cue.t, cue.phase, cue.seconds, calibrating);
		this.cues.cue(cue.phase, cue.seconds);
		this.chart.addCue(cue.t, cue.phase, cue.seconds);
		if (!calibrating && this.stage === 'calibration') void this.endCalibration(cue.t);
	}

	private async endCalibration(t: number): Promise<void> {
		this.stage = 'guided';
		this.guidedFrom = t;
		this.coach = this.coachState.current;
		const result = await this.engine?.calibrate();
		const text = result ? JSON.stringify(result) : undefined;
		this.storage?.log({ type: 'mark', t, mark: 'calibration-end', text }, t);
	}

	private handleEvents(events: EngineEvent[]): void {
		for (const e of events) {
			this.storage?.log({ type: 'engine', event: e } satisfies LogBody, 'at' in e ? e.at : undefined);
			this.totals.add(e);
			this.apply(e);
		}
		this.breaths = this.totals.breaths;
		this.adherence = this.totals.adherence;
	}

	private apply(e: EngineEvent): void {
		const guided = this.stage === 'guided';
		switch (e.type) {
			case 'phase':
				this.doing = doingWords(e.phase);
				break;
			case 'breath':
				// A calibration breath is reported after the guide has moved on: natural breaths are
				// not coached against the pattern (a second of slack for a person starting early).
				if (guided && e.breath.inhaleStart >= this.guidedFrom - 1)
					this.coach = this.coachState.breath(e.breath);
				break;
			case 'apnea-start':
				if (guided) this.coach = this.coachState.apnea();
				break;
			case 'quality':
				this.coachState.quality(e.source, e.reason === 'ok', e.at);
				if (e.source === this.breathingSource)
					this.signalNote =
						e.reason === 'ok'
							? null
							: e.reason === 'motion'
								? 'Moving: the signal settles when you are still'
								: e.reason === 'settling'
									? 'Settling in…'
									: 'Signal is poor';
				break;
			case 'gap':
				this.coachState.gap(e.source, e.start, e.end);
				break;
			case 'rate':
				this.heartRate = e.heartRate === null ? this.heartRate : Math.round(e.heartRate);
				this.breathsPerMin = e.breathsPerMin ?? e.rsaBreathsPerMin ?? this.breathsPerMin;
				break;
			case 'beat':
				this.lastBeatT = e.t;
				if (!e.artifact && e.rrMs > 0) this.chart.addBeat(e.t, 60000 / e.rrMs);
				break;
		}
	}

	/** Once a second: the clock, wearables out of reach (a gap growing), pruning the chart. */
	private tick(): void {
		const now = this.now();
		this.elapsed = now;
		// A heart rate from beats that stopped is no heart rate now: '–', as the chart breaks its line.
		if (now - this.lastBeatT > HEART_RATE_STALE_S) this.heartRate = null;
		const away: string[] = [];
		for (const d of wearables().devices) {
			const last = this.lastArrival[d.id];
			const quiet = last === undefined ? false : (performance.now() - last) / 1000 > AWAY_AFTER_S;
			if (d.status === 'reconnecting' || d.status === 'stopped' || quiet) {
				away.push(d.name);
				const lastT = Math.max(
					...Object.entries(this.lastT)
						.filter(([k]) => k.startsWith(`${d.id}/`))
						.map(([, v]) => v),
					-Infinity
				);
				if (Number.isFinite(lastT)) this.chart.markGap(lastT, now);
			}
		}
		this.awayNote = away.length
			? `${away.join(' and ')} ${away.length > 1 ? 'are' : 'is'} out of reach — keep breathing with the guide; Tidal marks the gap and carries on when it is back.`
			: null;
		this.chart.prune(now);
	}

	private wearablesNow(): SessionWearable[] {
		return wearables().devices.map((d) => this.describe(d, []));
	}

	private describe(d: DeviceState, sources: Source[]): SessionWearable {
		return { id: d.id, name: d.name, kind: d.kind, simulated: d.simulated, sources, joinedAt: this.now() };
	}
}
