/**
 * The stretch programme's live state for the page: the plan the person chose, the programme in
 * progress (saved on every change and every few seconds, so a reload resumes it), and the clock
 * that moves it on. Phase changes are reported to `onPhase` (cues, the recording).
 */
import { browserStorage } from '$lib/care/store';
import { exerciseById, type Exercise } from './exercises';
import {
	begin,
	createProgramme,
	pause,
	phaseRemainingMs,
	phaseTargetMs,
	restore,
	resume,
	skip,
	tick,
	type Phase,
	type ProgrammeItem,
	type ProgrammeState
} from './programme';
import { DEFAULT_PLAN, loadStretch, saveStretch } from './store';

export interface PhaseChange {
	phase: Phase;
	/** Epoch ms the phase began. */
	at: number;
	/** Planned length, seconds (0 for ready and done). */
	seconds: number;
	item: number;
	rep: number;
}

/** How often the lastSeen heartbeat is saved while a phase runs. */
const SAVE_EVERY_MS = 3000;

export class StretchState {
	/** Every exercise with its targets; `enabled` says which are in the next programme. */
	plan = $state<(ProgrammeItem & { enabled: boolean })[]>([]);
	programme = $state<ProgrammeState | null>(null);
	/** The session store id of the recording that goes with the programme. */
	sessionId = $state<string | null>(null);
	now = $state(0);
	private handle: ReturnType<typeof setInterval> | null = null;
	private lastSaved = 0;
	onPhase: (change: PhaseChange) => void = () => {};

	constructor(
		private readonly storage: Storage | null = browserStorage(),
		private readonly clock: () => number = () => Date.now()
	) {
		const saved = loadStretch(storage);
		this.plan = DEFAULT_PLAN.map((d) => {
			const chosen = saved.plan.find((p) => p.exercise === d.exercise);
			return { ...(chosen ?? d), enabled: saved.plan.length === 0 || chosen !== undefined };
		});
		this.now = clock();
		this.programme = saved.programme && restore(saved.programme, this.now);
		this.sessionId = saved.sessionId;
	}

	get exercise(): Exercise | null {
		const p = this.programme;
		return p ? (exerciseById(p.items[p.item].exercise) ?? null) : null;
	}
	get phase(): Phase | null {
		return this.programme?.phase ?? null;
	}
	get paused(): boolean {
		return this.programme?.pausedAt != null;
	}
	get remainingMs(): number {
		return this.programme ? phaseRemainingMs(this.programme, this.now) : 0;
	}
	get targetMs(): number {
		return this.programme ? phaseTargetMs(this.programme) : 0;
	}

	/** Start a programme with the chosen exercises: the first one waits until the person is ready. */
	start(sessionId: string | null): void {
		const items = this.plan.filter((p) => p.enabled).map(({ enabled: _, ...item }) => item);
		if (items.length === 0) return;
		this.now = this.clock();
		this.sessionId = sessionId;
		this.set(createProgramme(items, this.now));
	}

	/** The recording that goes with the programme (null: not recorded). */
	setSession(id: string | null): void {
		this.sessionId = id;
		this.save();
	}

	/** "I'm in position": the first hold begins. */
	go(): void {
		this.change((p, now) => begin(p, now));
	}
	pause(): void {
		this.change((p, now) => pause(p, now));
	}
	resume(): void {
		this.change((p, now) => resume(p, now));
	}
	skip(): void {
		this.change((p, now) => skip(p, now));
	}

	/** Leave the programme (finished or stopped): nothing is left to resume. */
	clear(): void {
		this.programme = null;
		this.sessionId = null;
		this.save();
	}

	setTargets(
		exercise: string,
		change: Partial<Omit<ProgrammeItem, 'exercise'>> & { enabled?: boolean }
	): void {
		this.plan = this.plan.map((p) => (p.exercise === exercise ? { ...p, ...change } : p));
		this.save();
	}

	run(): () => void {
		this.update();
		this.handle = setInterval(() => this.update(), 200);
		return () => {
			if (this.handle !== null) clearInterval(this.handle);
			this.handle = null;
			this.save();
		};
	}

	private update(): void {
		this.change((p, now) => tick(p, now));
	}

	private change(step: (p: ProgrammeState, now: number) => ProgrammeState): void {
		this.now = this.clock();
		const before = this.programme;
		if (!before) return;
		const after = step(before, this.now);
		this.set(after, before);
	}

	private set(after: ProgrammeState, before: ProgrammeState | null = null): void {
		this.programme = after;
		// Each phase that began since the last look, in order (a late tick can pass several).
		const fresh = before ? after.steps.slice(before.steps.length) : [];
		const moved =
			!before || before.phase !== after.phase || before.rep !== after.rep || before.item !== after.item;
		// fresh[0] is the phase that was running; the others began and ended unseen.
		for (const s of fresh.slice(1))
			this.report({ phase: s.phase, at: s.start, item: s.item, rep: s.rep }, after);
		if (moved)
			this.report({ phase: after.phase, at: after.phaseStart, item: after.item, rep: after.rep }, after);
		if (moved || after.pausedAt !== before?.pausedAt || this.now - this.lastSaved >= SAVE_EVERY_MS)
			this.save();
	}

	private report(c: Omit<PhaseChange, 'seconds'>, p: ProgrammeState): void {
		const it = p.items[c.item];
		const seconds = c.phase === 'hold' ? it.holdSeconds : c.phase === 'rest' ? it.restSeconds : 0;
		this.onPhase({ ...c, seconds });
	}

	private save(): void {
		this.lastSaved = this.now;
		saveStretch(this.storage, {
			plan: this.plan.filter((p) => p.enabled).map(({ enabled: _, ...item }) => item),
			programme: this.programme,
			sessionId: this.sessionId
		});
	}
}
