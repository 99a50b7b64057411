/**
 * The choices before a session: pattern (a preset or a custom one), length, the pain rating
 * before, and how the pacer speaks. Remembered on this device for next time (not the pain).
 */
import { customPattern, PATTERN_PRESETS, type BreathPattern } from '$lib/core/engine/pattern';
import { DEFAULT_CUES, type CueSettings } from '$lib/core/session/format';

export type LengthChoice = 180 | 300 | 600 | null;
export const LENGTHS: { value: LengthChoice; label: string }[] = [
	{ value: 180, label: '3 min' },
	{ value: 300, label: '5 min' },
	{ value: 600, label: '10 min' },
	{ value: null, label: 'Open-ended' }
];

export interface CustomSeconds {
	inhale: number;
	hold: number;
	exhale: number;
	pause: number;
}

const KEY = 'tidal.session-setup';

export class SessionSetup {
	patternId = $state('5-1-4');
	custom = $state<CustomSeconds>({ inhale: 5, hold: 1, exhale: 4, pause: 0 });
	length = $state<LengthChoice>(300);
	painBefore = $state<number | null>(null);
	cues = $state<CueSettings>({ ...DEFAULT_CUES });

	/** Why the custom pattern cannot be used, or null. */
	get customError(): string | null {
		const { inhale, hold, exhale, pause } = this.custom;
		const all = [inhale, hold, exhale, pause];
		if (all.some((v) => !Number.isFinite(v) || v < 0 || v > 60))
			return 'Each phase is between 0 and 60 seconds.';
		if (inhale < 1 || exhale < 1) return 'Breathing in and out each take at least 1 second.';
		return null;
	}

	get pattern(): BreathPattern {
		if (this.patternId !== 'custom')
			return PATTERN_PRESETS.find((p) => p.id === this.patternId) ?? PATTERN_PRESETS[0];
		const { inhale, hold, exhale, pause } = this.custom;
		return customPattern(inhale, hold, exhale, pause, 'Your pattern');
	}

	get canStart(): boolean {
		return this.patternId !== 'custom' || this.customError === null;
	}

	load(): void {
		try {
			const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SessionSetup> | null;
			if (!raw) return;
			if (
				typeof raw.patternId === 'string' &&
				(raw.patternId === 'custom' || PATTERN_PRESETS.some((p) => p.id === raw.patternId))
			)
				this.patternId = raw.patternId;
			if (raw.custom && typeof raw.custom === 'object') this.custom = { ...this.custom, ...raw.custom };
			if (raw.length === null || LENGTHS.some((l) => l.value === raw.length))
				this.length = raw.length as LengthChoice;
			if (raw.cues && typeof raw.cues === 'object') this.cues = { ...DEFAULT_CUES, ...raw.cues };
		} catch {
			// Nothing remembered (or unreadable): the defaults.
		}
	}

	save(): void {
		try {
			localStorage.setItem(
				KEY,
				JSON.stringify({
					patternId: this.patternId,
					custom: this.custom,
					length: this.length,
					cues: this.cues
				})
			);
		} catch {
			// Not remembered; the session still runs.
		}
	}
}
