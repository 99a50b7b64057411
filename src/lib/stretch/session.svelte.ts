/**
 * The recording and live feedback of a stretch programme: wearable chunks → the engine in its
 * worker → holds, rests and breathing prompts; everything (samples, the programme's cues, the
 * engine's events, pain ratings) goes into the same session store as breathing sessions, as kind
 * 'stretch'. The session clock is seconds since `startedAt`, so a programme picked up after a
 * reload keeps appending to the same session. Nothing here stops the programme: storage or the
 * analysis failing gets a calm line while the holds and rests go on.
 */
import { CuePlayer } from '$lib/audio/cues';
import { PATTERN_514 } from '$lib/core/engine/pattern';
import {
	DEFAULT_CUES,
	STRETCH_TARGETS_SETTING,
	type LogBody,
	type SessionRecord
} from '$lib/core/session/format';
import { SummaryBuilder } from '$lib/core/session/summary';
import type { EngineEvent, SampleChunk, StretchHold, StretchRest } from '$lib/core/types';
import { recordedHistory, shiftChunk } from '$lib/session/recording';
import type { DeviceState } from '$lib/state/wearables.svelte';
import { wearables } from '$lib/state/wearables.svelte';
import { SessionStore } from '$lib/storage/sessions';
import { SessionWriter } from '$lib/storage/writer';
import { EngineClient, browserWorker } from '$workers/engine-client';
import { exerciseById } from './exercises';
import { StretchCoach, type Prompt } from './feedback';
import type { ProgrammeItem } from './programme';
import type { PhaseChange } from './stretch.svelte';
import { TargetsFollower } from './targets';

export class StretchSession {
	prompt = $state<Prompt | null>(null);
	holds = $state<StretchHold[]>([]);
	rests = $state<StretchRest[]>([]);
	/** The sensor sees the body in a stretch right now (a hold has started and not ended). */
	inStretch = $state(false);
	/** Storage or analysis trouble, in words (the programme goes on). */
	note = $state<string | null>(null);
	record = $state<SessionRecord | null>(null);
	readonly cues = new CuePlayer({ ...DEFAULT_CUES });
	private store: SessionStore | null = null;
	private writer: SessionWriter | null = null;
	private engine: EngineClient | null = null;
	private unsubscribe: (() => void) | null = null;
	private startedAt = 0;
	private offset = 0;
	private readonly coach = new StretchCoach(false);
	private readonly totals = new SummaryBuilder();
	private items: ProgrammeItem[] = [];
	/** The engine's hold and rest targets, following the exercise running. */
	private targets: TargetsFollower | null = null;
	/** Sources seen per wearable (plain, not reactive: read only here). */
	private readonly seen: Record<string, SampleChunk['kind'][]> = {};

	constructor(private readonly sensed: () => boolean) {}

	/** Session time now, seconds. */
	now(): number {
		return (Date.now() - this.startedAt) / 1000;
	}

	/**
	 * Open the recording: the programme's own session after a reload (`sessionId`), else a new one.
	 * `item`: the exercise the programme is on (not the first after a reload mid-programme).
	 * Returns the session id, or null when nothing can be stored.
	 */
	async open(
		sessionId: string | null,
		items: ProgrammeItem[],
		painBefore: number | null,
		item = 0
	): Promise<string | null> {
		this.cues.unlock();
		const first = items[0];
		this.items = items;
		this.targets = new TargetsFollower(items[item], (targets) => {
			// Logged, so analysing the session again judges each exercise by its own targets.
			this.log({ type: 'setting', t: this.now(), key: STRETCH_TARGETS_SETTING, value: targets });
			void this.engine?.updateStretchTargets(targets).then((updated) => {
				if (!updated.ok) this.note = `The stretch analysis kept the previous targets: ${updated.error}`;
			});
		});
		try {
			this.store = await SessionStore.open();
			const old = sessionId ? await this.store.get(sessionId) : undefined;
			if (old) {
				await this.store.markRunning(old.id);
				this.record = old;
			} else {
				this.record = await this.store.create({
					kind: 'stretch',
					settings: {
						pattern: PATTERN_514,
						plannedSeconds: null,
						calibration: false,
						programme: {
							holdSeconds: first.holdSeconds,
							restSeconds: first.restSeconds,
							repetitions: items.reduce((n, i) => n + i.reps, 0),
							exercise: items.map((i) => exerciseById(i.exercise)?.name ?? i.exercise).join(', ')
						},
						cues: { ...DEFAULT_CUES }
					},
					pain: { before: painBefore }
				});
			}
			this.startedAt = this.record.startedAt;
			this.writer = new SessionWriter(this.store, this.record.id, {
				onProblem: (p) => (this.note = p ? `Not saving right now: ${p.message}` : null)
			});
			if (old) this.log({ type: 'mark', t: this.now(), mark: 'resumed' });
			else if (painBefore !== null) this.log({ type: 'pain', t: 0, when: 'before', rating: painBefore });
		} catch {
			this.startedAt = Date.now();
			this.note = 'This browser is not storing data, so this programme is not recorded.';
		}
		const w = wearables();
		this.offset = this.now() - w.clock.now();
		this.unsubscribe = w.onChunk((chunk, device) => this.onChunk(chunk, device));
		await this.startEngine(isResumed(this.record, sessionId));
		return this.record?.id ?? null;
	}

	/** The programme began a phase: the cue is heard, felt and recorded. */
	onPhase(change: PhaseChange): void {
		const t = (change.at - this.startedAt) / 1000;
		if (this.items[change.item]) this.targets?.follow(this.items[change.item]);
		if (change.phase === 'hold' || change.phase === 'rest') {
			const phase = change.phase === 'hold' ? 'stretch-hold' : 'stretch-rest';
			this.log({ type: 'cue', t, phase, seconds: change.seconds, part: 'guided' });
			// A cue already past (a reload picked the programme up late) is recorded, not played.
			if (Date.now() - change.at < 2000) this.cues.cue(phase, change.seconds);
		}
		this.prompt = this.coach.enter(change.phase, this.sensed());
	}

	/** End of the programme (or Stop): the analysis finishes, the session is closed with its figures. */
	async finish(): Promise<void> {
		this.unsubscribe?.();
		this.unsubscribe = null;
		this.handle((await this.engine?.finish()) ?? []);
		const summary = {
			...this.totals.result(this.now(), 0),
			holds: this.holds.length,
			okHolds: this.holds.filter((h) => h.ok).length
		};
		await this.writer?.close();
		if (this.store && this.record)
			this.record = await this.store.finish(this.record.id, summary).catch(() => this.record);
		this.cues.close();
	}

	async painAfter(rating: number): Promise<void> {
		if (!this.store || !this.record) return;
		await this.store.setPain(this.record.id, 'after', rating, this.now()).catch(() => {});
		this.record = { ...this.record, pain: { ...this.record.pain, after: rating } };
	}

	/** Leaving the page mid-programme: everything is written; the next visit picks it up. */
	async leave(): Promise<void> {
		this.unsubscribe?.();
		this.unsubscribe = null;
		this.engine?.dispose();
		this.cues.close();
		await this.writer?.flush();
	}

	private async startEngine(resumed: boolean): Promise<void> {
		const engine = new EngineClient(browserWorker, {
			events: (events) => this.handle(events),
			history: async () => (this.store && this.record ? recordedHistory(this.store, this.record.id) : []),
			restarted: (reason, gaveUp) => {
				this.log({ type: 'mark', t: this.now(), mark: 'engine-restarted', text: reason });
				if (gaveUp) this.note = 'The stretch analysis stopped; the holds and rests go on, timed.';
			}
		});
		this.engine = engine;
		const settings = { ...this.targets!.current };
		// After a reload the body's neutral posture is learnt again: the samples before are history.
		const started = await engine.start(settings);
		if (!started.ok) this.note = `The stretch analysis is not running: ${started.error}`;
		if (resumed) this.log({ type: 'mark', t: this.now(), mark: 'engine-restarted', text: 'page reloaded' });
	}

	private onChunk(chunk: SampleChunk, device: DeviceState): void {
		if (chunk.n === 0) return;
		const shifted = shiftChunk(chunk, this.offset);
		const sources = (this.seen[device.id] ??= []);
		if (!sources.includes(chunk.kind)) {
			sources.push(chunk.kind);
			const w = { id: device.id, name: device.name, kind: device.kind, simulated: device.simulated };
			void this.store
				?.addWearable(this.record!.id, {
					...w,
					sources: [...sources],
					joinedAt: this.now()
				})
				.catch(() => {});
		}
		this.writer?.addOwnedChunk(device.id, shifted);
		this.engine?.push(shifted);
	}

	private handle(events: EngineEvent[]): void {
		for (const e of events) {
			this.log({ type: 'engine', event: e }, 'at' in e ? e.at : undefined);
			this.totals.add(e);
			if (e.type === 'stretch-hold-start') this.inStretch = true;
			if (e.type === 'stretch-hold') {
				this.holds = [...this.holds, e.hold];
				this.inStretch = false;
			}
			if (e.type === 'stretch-rest') this.rests = [...this.rests, e.rest];
			this.prompt = this.coach.event(e);
		}
	}

	private log(body: LogBody, t?: number): void {
		this.writer?.addLog(body, t ?? ('t' in body ? body.t : undefined));
	}
}

function isResumed(record: SessionRecord | null, sessionId: string | null): boolean {
	return record !== null && record.id === sessionId;
}
