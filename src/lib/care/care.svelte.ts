/**
 * The care plan's live state, shared by every page (so a timer started on /care still ends with
 * an alert on /stretch): the safety check, when the spasm started, the timers, and the timers
 * that have just ended. Every change is written to storage at once.
 */
import { exerciseGate, finishCheck, type Answers, type Gate, type SafetyCheck } from './red-flags';
import { thermalPhase, type TimerSpec } from './plan';
import { browserStorage, loadCare, saveCare } from './store';
import { cancelTimer, dueUnannounced, markAnnounced, nextEnd, startTimer, type CareTimer } from './timers';
import { notify } from './notify';

export class CareState {
	check = $state<SafetyCheck | null>(null);
	spasmStartedAt = $state<number | null>(null);
	timers = $state<CareTimer[]>([]);
	/** Timers that ended and the person has not dismissed yet (shown as alerts). */
	ended = $state<CareTimer[]>([]);
	/** Stored data could not be read (it was damaged); the person is told, nothing crashes. */
	damaged = $state(false);
	/** The last write failed (storage off or full): timers would not survive a reload. */
	unsaved = $state(false);
	now = $state(0);
	private wake: ReturnType<typeof setTimeout> | null = null;
	private ticking: ReturnType<typeof setInterval> | null = null;

	constructor(
		private readonly storage: Storage | null = browserStorage(),
		private readonly clock: () => number = () => Date.now()
	) {
		const { record, damaged } = loadCare(storage);
		this.check = record.check;
		this.spasmStartedAt = record.spasmStartedAt;
		this.timers = record.timers;
		this.damaged = damaged;
		this.now = clock();
	}

	get gate(): Gate {
		return exerciseGate(this.check, this.now);
	}

	get thermal() {
		return thermalPhase(this.spasmStartedAt, this.now);
	}

	timer(id: string): CareTimer | undefined {
		return this.timers.find((t) => t.id === id);
	}

	/** Store a finished red-flag check; null while it is incomplete. */
	recordCheck(answers: Answers): SafetyCheck | null {
		const check = finishCheck(answers, this.clock());
		if (!check) return null;
		this.check = check;
		this.save();
		return check;
	}

	setSpasmStart(at: number | null): void {
		this.spasmStartedAt = at;
		this.save();
	}

	start(spec: TimerSpec): void {
		this.now = this.clock();
		this.timers = startTimer(this.timers, spec, this.now);
		this.ended = this.ended.filter((t) => t.id !== spec.id);
		this.save();
		this.schedule();
	}

	cancel(id: string): void {
		this.timers = cancelTimer(this.timers, id);
		this.save();
		this.schedule();
	}

	dismiss(id: string): void {
		this.ended = this.ended.filter((t) => t.id !== id);
		this.timers = cancelTimer(this.timers, id);
		this.save();
	}

	/**
	 * Keep time while a page is open: a second-by-second clock for the countdowns, and a wake-up at
	 * the next timer's end to announce it (a background tab's timers are slowed, not lost: the
	 * end is announced at the next wake-up, and on opening the app again).
	 */
	run(): () => void {
		this.update();
		this.ticking = setInterval(() => this.update(), 1000);
		return () => {
			if (this.ticking !== null) clearInterval(this.ticking);
			if (this.wake !== null) clearTimeout(this.wake);
			this.ticking = this.wake = null;
		};
	}

	private update(): void {
		this.now = this.clock();
		const due = dueUnannounced(this.timers, this.now);
		if (due.length > 0) {
			this.timers = markAnnounced(
				this.timers,
				due.map((t) => t.id)
			);
			this.ended = [...this.ended.filter((e) => !due.some((d) => d.id === e.id)), ...due];
			this.save();
			for (const t of due) void notify('Tidal', t.label, `tidal-${t.id}`);
		}
		this.schedule();
	}

	private schedule(): void {
		if (this.wake !== null) clearTimeout(this.wake);
		this.wake = null;
		const next = nextEnd(this.timers);
		if (next === null || this.ticking === null) return;
		this.wake = setTimeout(() => this.update(), Math.max(0, next - this.clock()) + 50);
	}

	private save(): void {
		this.unsaved = !saveCare(this.storage, {
			check: this.check,
			spasmStartedAt: this.spasmStartedAt,
			timers: this.timers
		});
	}
}

let shared: CareState | null = null;

/** The app-wide care state (created on first use, in the browser). */
export function care(): CareState {
	shared ??= new CareState();
	return shared;
}
