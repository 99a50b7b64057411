/**
 * What the person hears and reads during a stretch, from the engine's events and the programme's
 * phase: a calm prompt when breathing stops or speeds up during a hold, and, where the sensor can
 * see the stretch, whether each hold and rest happened as led. Pure; one prompt at a time, the
 * breathing ones first (they matter most for a spasm).
 */
import type { EngineEvent } from '$lib/core/types';
import type { Phase } from './programme';

export type PromptCode =
	'breath-held' | 'fast-breathing' | 'hold-seen' | 'hold-short' | 'drifting' | 'rest-skipped' | 'tensing';

export interface Prompt {
	code: PromptCode;
	text: string;
	/** 'calm' asks for something; 'good' confirms. */
	tone: 'calm' | 'good';
}

export const PROMPTS: Record<PromptCode, Prompt> = {
	'breath-held': {
		code: 'breath-held',
		tone: 'calm',
		text: 'Keep breathing: slowly in through your nose, and out. Let the breath carry the stretch.'
	},
	'fast-breathing': {
		code: 'fast-breathing',
		tone: 'calm',
		text: 'Breathe more slowly: in for five, out for four. Ease off the stretch a little if you need to.'
	},
	'hold-seen': { code: 'hold-seen', tone: 'good', text: 'Stretch seen. Hold it gently and keep breathing.' },
	'hold-short': {
		code: 'hold-short',
		tone: 'calm',
		text: 'That hold ended early. Next time stay in the gentle stretch until the tone.'
	},
	drifting: {
		code: 'drifting',
		tone: 'calm',
		text: 'You have eased out of the stretch. Go gently back into it, or rest if it hurts.'
	},
	'rest-skipped': {
		code: 'rest-skipped',
		tone: 'calm',
		text: 'You went into the next stretch without resting. Let the muscle go soft for the whole rest.'
	},
	tensing: {
		code: 'tensing',
		tone: 'calm',
		text: 'You moved during the rest. Lie still and let your back go soft.'
	}
};

/** Breathing faster than this during a hold prompts; back under the lower figure clears it. */
const FAST_PER_MIN = 20;
const CALM_PER_MIN = 16;

export class StretchCoach {
	current: Prompt | null = null;
	private phase: Phase = 'ready';
	private fast = false;
	private held = false;
	/** When the held breath began (signal clock). */
	private heldSince = -Infinity;

	/** `sensed`: the sensor sees this exercise's holds and rests (else only breathing is checked). */
	constructor(private sensed: boolean) {}

	/** The programme moved to `phase`; `sensed` may change with the exercise. */
	enter(phase: Phase, sensed: boolean): Prompt | null {
		this.phase = phase;
		this.sensed = sensed;
		this.fast = this.held = false;
		// A result of the hold that just ended stays into the rest; everything else starts afresh.
		if (!(phase === 'rest' && this.current && ['hold-short', 'rest-skipped'].includes(this.current.code)))
			this.current = null;
		return this.current;
	}

	/** When a hold's or rest's outcome was reported: events of that same moment do not hide it. */
	private resultAt = NaN;

	event(e: EngineEvent): Prompt | null {
		const hold = this.phase === 'hold';
		switch (e.type) {
			case 'apnea-start':
				if (hold) {
					this.held = true;
					this.heldSince = e.t;
				}
				break;
			case 'apnea-end':
				this.held = false;
				break;
			case 'breath':
				// Only a breath taken after the breath was held ends it: the engine may report the
				// breath before the pause once it is sure of it, after the pause was seen.
				if (e.breath.inhaleStart > this.heldSince) this.held = false;
				break;
			case 'rate':
				if (e.breathsPerMin !== null && e.breathsPerMin > FAST_PER_MIN) this.fast = hold;
				else if (e.breathsPerMin === null || e.breathsPerMin < CALM_PER_MIN) this.fast = false;
				break;
			case 'stretch-hold-start':
				if (this.sensed && e.at !== this.resultAt)
					this.current = hold ? PROMPTS['hold-seen'] : PROMPTS.tensing;
				break;
			case 'stretch-rest-start':
				if (this.sensed && hold && e.at !== this.resultAt) this.current = PROMPTS.drifting;
				break;
			case 'stretch-hold':
				if (this.sensed && e.hold.issues.includes('hold-too-short')) {
					this.current = PROMPTS['hold-short'];
					this.resultAt = e.at;
				}
				break;
			case 'stretch-rest':
				if (this.sensed && !e.rest.ok) {
					this.current = PROMPTS['rest-skipped'];
					this.resultAt = e.at;
				}
				break;
		}
		if (this.held) return PROMPTS['breath-held'];
		if (this.fast) return PROMPTS['fast-breathing'];
		return this.current;
	}
}
