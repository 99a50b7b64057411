/**
 * How the simulated person moves in a stretch programme (`/stretch?sim=…`), shared by the app's
 * simulated chest strap and the engine's tests, so the tests check the moves the app makes.
 */
import type { PostureStep } from './chest';

export const STRETCH_POSTURES = {
	/**
	 * For 25 s holds and 10 s rests: still for 20 s, then a good hold, a rest, a 3 s hold (too
	 * short), a rest, and a hold that goes straight into a deeper one (the rest skipped).
	 */
	mistakes: [
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 35, seconds: 22 },
		{ angleDeg: 0, seconds: 8 },
		{ angleDeg: 35, seconds: 3 },
		{ angleDeg: 0, seconds: 20 },
		{ angleDeg: 30, seconds: 10 },
		{ angleDeg: 60, seconds: 14 },
		{ angleDeg: 0, seconds: 60 }
	],
	/** Lying twists done well: rolls of 30° for 30 s with 30 s rests. */
	twists: [
		{ angleDeg: 0, seconds: 20 },
		...Array.from({ length: 3 }, () => [
			{ angleDeg: 30, azimuthDeg: 90, seconds: 28, rampSeconds: 3 },
			{ angleDeg: 0, seconds: 27, rampSeconds: 3 }
		]).flat()
	]
} satisfies Record<string, PostureStep[]>;
