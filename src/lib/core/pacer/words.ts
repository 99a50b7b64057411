/** What the pacer says for each step, on screen, to a screen reader and aloud. */
import type { BreathPhase } from '../types';
import type { PacerPhase } from '../session/format';

const WORDS: Record<PacerPhase, string> = {
	inhale: 'Breathe in',
	hold: 'Hold',
	exhale: 'Breathe out',
	pause: 'Rest',
	'stretch-hold': 'Stretch and hold',
	'stretch-rest': 'Let go and rest'
};

export function phaseWords(phase: PacerPhase): string {
	return WORDS[phase];
}

/** What the sensor says the person is doing, phase by phase. */
const DOING: Record<BreathPhase, string> = {
	inhale: 'Breathing in',
	hold: 'Holding',
	exhale: 'Breathing out',
	pause: 'Pausing'
};

export function doingWords(phase: BreathPhase): string {
	return DOING[phase];
}
