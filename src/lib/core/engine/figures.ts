/**
 * A session's figures, gathered from the engine's events as they come: breaths and adherence,
 * issue counts, breathing rate, heart rate and RMSSD, stretch holds. One definition of each
 * figure for the live end screen, the stored summary, the review and `npm run analyze`, so the
 * person, the physiotherapist and the command line read the same numbers.
 * Memory grows per breath (its cycle length, for the median rate), never per sample.
 */
import { median } from '../dsp/median';
import type { BreathIssue, EngineEvent } from '../types';

export interface Figures {
	breaths: number;
	okBreaths: number;
	/** okBreaths / breaths, 0–1, or null with no breaths. */
	adherence: number | null;
	issues: Partial<Record<BreathIssue, number>>;
	/** The issue seen most often (first seen wins a tie), or null. */
	commonestIssue: BreathIssue | null;
	/**
	 * Breaths per minute: the median breath-to-breath cycle when two or more breaths were found
	 * (one long apnea does not drag it down); otherwise the mean rate the heart gave (RSA); else null.
	 */
	ratePerMin: number | null;
	/** Mean heart rate over the clean beats, bpm. */
	heartRate: number | null;
	/** RMSSD over successive clean beats, ms. */
	rmssd: number | null;
	holds: number;
	okHolds: number;
}

export class FigureCollector {
	breaths = 0;
	okBreaths = 0;
	private readonly issues: Partial<Record<BreathIssue, number>> = {};
	private readonly cycles: number[] = [];
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
			case 'breath': {
				const b = e.breath;
				this.breaths++;
				if (b.ok) this.okBreaths++;
				for (const i of b.issues) this.issues[i] = (this.issues[i] ?? 0) + 1;
				const cycle = b.exhaleEnd + b.pause - b.inhaleStart;
				if (cycle > 0) this.cycles.push(cycle);
				break;
			}
			case 'rate':
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

	figures(): Figures {
		let commonest: BreathIssue | null = null;
		for (const [code, n] of Object.entries(this.issues) as [BreathIssue, number][])
			if (commonest === null || n > (this.issues[commonest] ?? 0)) commonest = code;
		return {
			breaths: this.breaths,
			okBreaths: this.okBreaths,
			adherence: this.adherence,
			issues: { ...this.issues },
			commonestIssue: commonest,
			ratePerMin:
				this.cycles.length >= 2 ? 60 / median(this.cycles) : this.rsaN ? this.rsaSum / this.rsaN : null,
			heartRate: this.rrN ? 60000 / (this.rrSum / this.rrN) : null,
			rmssd: this.sqDiffN ? Math.sqrt(this.sqDiffSum / this.sqDiffN) : null,
			holds: this.holds,
			okHolds: this.okHolds
		};
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
