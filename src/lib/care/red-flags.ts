/**
 * The red-flag check: signs that a back pain needs a doctor now, not self-care. Pure rules; the
 * screen asks each question, the outcome decides whether the exercises may start.
 */

export interface RedFlag {
	id: string;
	/** The question, asked plainly; "yes" is the worrying answer for every one. */
	question: string;
}

export const RED_FLAGS: readonly RedFlag[] = [
	{ id: 'bladder-bowel', question: 'Have you lost control of your bladder or bowels, or cannot pass urine?' },
	{ id: 'saddle-numbness', question: 'Is there numbness or tingling in your groin, buttocks or genitals?' },
	{ id: 'leg-weakness', question: 'Is one or both of your legs newly weak, numb, or giving way?' },
	{ id: 'fever-unwell', question: 'Do you have a fever, or feel generally unwell?' },
	{ id: 'fall-accident', question: 'Did the pain start after a fall, an accident or a blow to your back?' },
	{ id: 'sharp-worsening', question: 'Is the pain sharp and getting worse, even when you lie still?' },
	{ id: 'cancer-history', question: 'Have you ever had cancer?' }
];

/** true = yes, false = no, missing = not answered yet. */
export type Answers = Readonly<Record<string, boolean | undefined>>;

export type Outcome =
	| { kind: 'incomplete'; unanswered: string[] }
	| { kind: 'see-doctor'; flags: RedFlag[] }
	| { kind: 'self-care' };

/**
 * Any "yes" is a red flag, even before every question is answered: the person should not have
 * to finish a questionnaire to be told to get help.
 */
export function assess(answers: Answers): Outcome {
	const flags = RED_FLAGS.filter((f) => answers[f.id] === true);
	if (flags.length > 0) return { kind: 'see-doctor', flags };
	const unanswered = RED_FLAGS.filter((f) => answers[f.id] !== false).map((f) => f.id);
	if (unanswered.length > 0) return { kind: 'incomplete', unanswered };
	return { kind: 'self-care' };
}

/** A finished check as it is stored. */
export interface SafetyCheck {
	/** Epoch ms. */
	at: number;
	outcome: 'see-doctor' | 'self-care';
	/** Ids of the flags answered "yes". */
	flags: string[];
}

/** Symptoms change: a clear check is asked again after a week. */
export const CHECK_VALID_MS = 7 * 24 * 3600 * 1000;

export type Gate =
	| { kind: 'needs-check'; reason: 'never' | 'expired' }
	| { kind: 'stopped'; check: SafetyCheck }
	| { kind: 'clear'; check: SafetyCheck };

/**
 * May an exercise start now? Only after a clear check in the last week. A "see a doctor" outcome
 * stops the flow until the person takes the check again and it comes out clear.
 */
export function exerciseGate(check: SafetyCheck | null, now: number): Gate {
	if (!check) return { kind: 'needs-check', reason: 'never' };
	if (check.outcome === 'see-doctor') return { kind: 'stopped', check };
	if (now - check.at > CHECK_VALID_MS || now < check.at) return { kind: 'needs-check', reason: 'expired' };
	return { kind: 'clear', check };
}

/** The stored form of a finished check; null while answers are incomplete. */
export function finishCheck(answers: Answers, now: number): SafetyCheck | null {
	const outcome = assess(answers);
	if (outcome.kind === 'incomplete') return null;
	return {
		at: now,
		outcome: outcome.kind,
		flags: outcome.kind === 'see-doctor' ? outcome.flags.map((f) => f.id) : []
	};
}
