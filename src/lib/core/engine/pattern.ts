/**
 * Breathing patterns are data: target durations per phase and the range each may fall in.
 * 5-1-4 is Tidal's default; presets and custom "a-b-c[-d]" patterns share one shape.
 */

export interface PhaseRange {
	min: number;
	max: number;
}

export interface BreathPattern {
	id: string;
	name: string;
	description: string;
	/** Target seconds per phase. */
	inhale: number;
	hold: number;
	exhale: number;
	pause: number;
	/** Accepted seconds per phase. */
	range: { inhale: PhaseRange; hold: PhaseRange; exhale: PhaseRange; pause: PhaseRange };
	/** A breath shallower than this fraction of the person's recent breaths is flagged. */
	shallowFraction: number;
}

const SHALLOW_FRACTION = 0.5;

/**
 * Range for a custom phase: ±20 % of the target, but at least ±0.75 s because phase edges of a
 * real signal are only known to a few tenths of a second. A target of 0 allows up to 1 s.
 */
function rangeAround(target: number): PhaseRange {
	if (target <= 0) return { min: 0, max: 1 };
	const slack = Math.max(0.75, target * 0.2);
	return { min: Math.max(0, target - slack), max: target + slack };
}

export function customPattern(
	inhale: number,
	hold: number,
	exhale: number,
	pause: number,
	name?: string
): BreathPattern {
	const id = [inhale, hold, exhale, pause].join('-');
	return {
		id,
		name: name ?? id,
		description: `Inhale ${inhale} s, hold ${hold} s, exhale ${exhale} s, pause ${pause} s.`,
		inhale,
		hold,
		exhale,
		pause,
		range: {
			inhale: rangeAround(inhale),
			hold: rangeAround(hold),
			exhale: rangeAround(exhale),
			pause: rangeAround(pause)
		},
		shallowFraction: SHALLOW_FRACTION
	};
}

/** The default: inhale 5 s, hold 1 s, exhale 3–4 s, no pause after the exhale (≈ 6 breaths/min). */
export const PATTERN_514: BreathPattern = {
	id: '5-1-4',
	name: '5-1-4',
	description: 'Inhale slowly for 5 s, pause 1 s, exhale for 3–4 s, no pause after the exhale.',
	inhale: 5,
	hold: 1,
	exhale: 3.5,
	pause: 0,
	range: {
		inhale: { min: 4, max: 6 },
		hold: { min: 0.5, max: 2 },
		exhale: { min: 2.25, max: 4.75 },
		pause: { min: 0, max: 1 }
	},
	shallowFraction: SHALLOW_FRACTION
};

export const PATTERN_PRESETS: readonly BreathPattern[] = [
	PATTERN_514,
	{
		...customPattern(5.5, 0, 5.5, 0),
		id: 'coherent',
		name: 'Coherent 5.5-5.5',
		description: 'Inhale 5.5 s, exhale 5.5 s, no pauses (about 5.5 breaths/min).'
	},
	{
		...customPattern(4, 7, 8, 0),
		id: '4-7-8',
		name: '4-7-8',
		description: 'Inhale 4 s, hold 7 s, exhale 8 s.'
	},
	{
		...customPattern(4, 4, 4, 4),
		id: 'box',
		name: 'Box 4-4-4-4',
		description: 'Inhale 4 s, hold 4 s, exhale 4 s, pause 4 s.'
	}
];

/**
 * Finds a preset by id or name, or reads a custom pattern written as seconds joined by dashes:
 * "5-1-4" (inhale-hold-exhale), "4-4-4-4" (with a pause), "5.5-5.5" (inhale-exhale).
 * Returns an error message instead of throwing, so callers can show it.
 */
export function parsePattern(text: string): BreathPattern | { error: string } {
	const key = text.trim().toLowerCase();
	const preset = PATTERN_PRESETS.find((p) => p.id === key || p.name.toLowerCase() === key);
	if (preset) return preset;
	const parts = key.split('-');
	const numbers = parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : NaN));
	if (parts.length < 2 || parts.length > 4 || numbers.some((v) => !Number.isFinite(v) || v > 60)) {
		return {
			error: `"${text}" is not a pattern: use a preset (${PATTERN_PRESETS.map((p) => p.id).join(', ')}) or seconds like 5-1-4 or 4-4-4-4.`
		};
	}
	const [inhale, a, b, c] = numbers;
	const exhale = parts.length === 2 ? a : b;
	if (inhale < 1 || exhale < 1) return { error: `"${text}": inhale and exhale must each last at least 1 s.` };
	if (parts.length === 2) return customPattern(inhale, 0, exhale, 0);
	return customPattern(inhale, a, exhale, c ?? 0);
}
