/**
 * The end-of-session figures, gathered from the engine's events as they come (constant memory):
 * breaths and adherence, the commonest issue, breathing rate, heart rate and RMSSD, stretch holds.
 * The live adherence figure reads from here too.
 */
import type { BreathIssue, EngineEvent } from '../types';
import type { SessionSummary } from './format';

export class SummaryBuilder {
	breaths = 0;
	okBreaths = 0;
	private issues: Partial<Record<BreathIssue, number>> = {};
	private rateSum = 0;
	private rateN = 0;
	private rsaSum = 0;
	private rsaN = 0;
	private rrSum = 0;
	private rrN = 0;
	private sqDiffSum = 0;
	private sqDiffN = 0;
	private prevBeat: { t: number; rrMs: number } | null = null;
	private holds = 0;
	private okHolds = 0;

	/** Share of breaths within the pattern so far, 0–1, or null before the first breath. */
	get adherence(): number | null {
		return this.breaths ? this.okBreaths / this.breaths : null;
	}

	add(e: EngineEvent): void {
		switch (e.type) {
			case 'breath':
				this.breaths++;
				if (e.breath.ok) this.okBreaths++;
				for (const i of e.breath.issues) this.issues[i] = (this.issues[i] ?? 0) + 1;
				break;
			case 'rate':
				if (e.breathsPerMin !== null) {
					this.rateSum += e.breathsPerMin;
					this.rateN++;
				}
				if (e.rsaBreathsPerMin !== null) {
					this.rsaSum += e.rsaBreathsPerMin;
					this.rsaN++;
				}
				break;
			case 'beat':
				this.beat(e.t, e.rrMs, e.artifact);
				break;
			case 'stretch-hold':
				this.holds++;
				if (e.hold.ok) this.okHolds++;
				break;
		}
	}

	result(durationSeconds: number, gapSeconds: number): SessionSummary {
		const ranked = Object.entries(this.issues).sort((a, b) => b[1] - a[1]);
		const summary: SessionSummary = {
			durationSeconds,
			breaths: this.breaths,
			okBreaths: this.okBreaths,
			adherence: this.adherence,
			issues: { ...this.issues },
			commonestIssue: (ranked[0]?.[0] as BreathIssue | undefined) ?? null,
			breathsPerMin: this.rateN ? this.rateSum / this.rateN : this.rsaN ? this.rsaSum / this.rsaN : null,
			heartRate: this.rrN ? 60000 / (this.rrSum / this.rrN) : null,
			rmssd: this.sqDiffN ? Math.sqrt(this.sqDiffSum / this.sqDiffN) : null,
			gapSeconds
		};
		if (this.holds) {
			summary.holds = this.holds;
			summary.okHolds = this.okHolds;
		}
		return summary;
	}

	private beat(t: number, rrMs: number, artifact: boolean): void {
		if (artifact || !(rrMs > 0)) {
			this.prevBeat = null;
			return;
		}
		this.rrSum += rrMs;
		this.rrN++;
		// Successive differences only between neighbouring clean beats (no missed beat between).
		const prev = this.prevBeat;
		if (prev && Math.abs(t - rrMs / 1000 - prev.t) < 0.25) {
			this.sqDiffSum += (rrMs - prev.rrMs) ** 2;
			this.sqDiffN++;
		}
		this.prevBeat = { t, rrMs };
	}
}

const ISSUE_WORDS: Record<BreathIssue, string> = {
	'inhale-short': 'breathing in too briefly',
	'inhale-long': 'breathing in for too long',
	'hold-short': 'not resting at the top of the breath',
	'hold-long': 'holding too long at the top',
	'exhale-short': 'breathing out too quickly',
	'exhale-long': 'breathing out for too long',
	'pause-after-exhale': 'pausing after breathing out',
	shallow: 'shallow breaths'
};

/** The issue in plain words, for the end screen and the review. */
export function issueWords(issue: BreathIssue): string {
	return ISSUE_WORDS[issue];
}
