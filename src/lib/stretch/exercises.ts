/**
 * The stretches in Tidal's guidance, and what a wearable can honestly tell about each.
 * A chest accelerometer sees gravity: a bend or a roll tilts it, a turn about the vertical does not.
 */
import type { Source } from '$lib/core/types';

/** How the body moves in the stretch, as gravity sees it. */
export type Motion = 'bend' | 'roll' | 'turn';

export interface Exercise {
	id: string;
	name: string;
	/** Illustration in static/illustrations/. */
	image: string;
	/** What the illustration shows, for people who cannot see it. */
	alt: string;
	motion: Motion;
	/** Getting into position, one instruction per line. */
	steps: string[];
	holdSeconds: number;
	restSeconds: number;
	reps: number;
}

export const EXERCISES: readonly Exercise[] = [
	{
		id: 'side-lying-hunch',
		name: 'Side-lying hunch',
		image: '/illustrations/side-lying-hunch.svg',
		alt: 'A person lying on their side, arms crossed over the chest, knees drawn up, back rounded forward.',
		motion: 'bend',
		steps: [
			'Lie on your side with your knees bent and a pillow under your head.',
			'Cross your arms over your chest.',
			'Slowly curl forward: bring your chin and knees towards each other until you feel a gentle stretch along your back.',
			'Stay there, breathing slowly. To rest, uncurl gently and let your back go soft.'
		],
		holdSeconds: 30,
		restSeconds: 30,
		reps: 3
	},
	{
		id: 'lying-twist',
		name: 'Lying twist',
		image: '/illustrations/lying-twist.svg',
		alt: 'A person lying on their back, knees bent and lowered together to one side, shoulders flat, arms out.',
		motion: 'roll',
		steps: [
			'Lie on your back with your knees bent and your feet flat.',
			'Stretch your arms out to the sides, shoulders resting on the floor.',
			'Let both knees sink slowly to one side, only as far as is comfortable.',
			'Stay there, breathing slowly. To rest, bring your knees back to the middle.'
		],
		holdSeconds: 30,
		restSeconds: 30,
		reps: 3
	},
	{
		id: 'seated-twist',
		name: 'Seated twist',
		image: '/illustrations/seated-twist.svg',
		alt: 'A person sitting upright on a chair, turning the shoulders to one side, one hand on the back of the chair.',
		motion: 'turn',
		steps: [
			'Sit upright on a firm chair, feet flat on the floor.',
			'Turn your shoulders slowly to one side; rest one hand on the back of the chair.',
			'Keep your hips facing forward and your back tall.',
			'Stay there, breathing slowly. To rest, turn back to the front.'
		],
		holdSeconds: 30,
		restSeconds: 30,
		reps: 3
	}
];

/** The guidance that goes with every stretch. */
export const STRETCH_GUIDANCE =
	'Go only as far as a gentle stretch. Each time, increase it by a tiny amount at most; never overstretch, and stop if it hurts more.';

export function exerciseById(id: string): Exercise | undefined {
	return EXERCISES.find((e) => e.id === id);
}

export interface Sensing {
	/** 'sensed': holds and rests are seen; 'timed': the programme times them. */
	mode: 'sensed' | 'timed';
	/** Breathing is checked during holds. */
	breathing: boolean;
	/** What the screen says, plainly. */
	text: string;
}

/**
 * What the connected sensors can tell about an exercise. `sources`: the signals streaming now
 * ('acc' = a chest accelerometer, 'resp' = a belt, 'rr'/'ecg' = a heart-rate strap).
 */
export function sensing(exercise: Exercise, sources: readonly Source[]): Sensing {
	const chest = sources.includes('acc');
	const breathing = chest || sources.includes('resp') || sources.includes('rr') || sources.includes('ecg');
	if (chest && exercise.motion !== 'turn') {
		return {
			mode: 'sensed',
			breathing: true,
			text:
				exercise.motion === 'bend'
					? 'Your chest sensor feels the forward curl through gravity: it checks that each hold starts, lasts long enough and does not drift back, and that you stay soft during the rest. Breathing is checked too.'
					: 'Your chest sensor feels the roll of your body through gravity: it checks that each hold starts, lasts long enough and does not drift back, and that you stay soft during the rest. Breathing is checked too.'
		};
	}
	if (chest) {
		return {
			mode: 'timed',
			breathing: true,
			text: 'A chest sensor cannot see a turn around your upright spine: gravity points the same way whichever way you face, and it has no gyroscope. So holds and rests are timed, and your breathing and stillness are checked.'
		};
	}
	if (breathing) {
		return {
			mode: 'timed',
			breathing: true,
			text: 'A belt or heart-rate strap cannot see how you move, so holds and rests are timed. Your breathing during them is still checked.'
		};
	}
	return {
		mode: 'timed',
		breathing: false,
		text: 'No wearable is connected: holds and rests are timed. Connect one to have your breathing checked.'
	};
}
