import type { Breath } from '../../src/lib/core/types';

/** True breath edges, as the synthetic generators report them. */
export interface TrueEdges {
	inhaleStart: number;
	inhaleEnd: number;
	exhaleStart: number;
	exhaleEnd: number;
}

/** The breath found for a true one: its inhale starts within 1.5 s. */
export function matchBreath(truth: TrueEdges, breaths: Breath[]): Breath | undefined {
	return breaths.find((b) => Math.abs(b.inhaleStart - truth.inhaleStart) < 1.5);
}

/** Breath recall and the p50/p95 of |error| over all four phase edges of the matched breaths. */
export function edgeErrors(
	truth: TrueEdges[],
	breaths: Breath[]
): { recall: number; p50: number; p95: number } {
	const errors: number[] = [];
	let found = 0;
	for (const t of truth) {
		const b = matchBreath(t, breaths);
		if (!b) continue;
		found++;
		errors.push(
			Math.abs(b.inhaleStart - t.inhaleStart),
			Math.abs(b.inhaleEnd - t.inhaleEnd),
			Math.abs(b.exhaleStart - t.exhaleStart),
			Math.abs(b.exhaleEnd - t.exhaleEnd)
		);
	}
	errors.sort((a, b) => a - b);
	return {
		recall: found / truth.length,
		p50: errors[errors.length >> 1],
		p95: errors[Math.floor(errors.length * 0.95)]
	};
}

/** Pearson correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	let ma = 0;
	let mb = 0;
	for (let i = 0; i < n; i++) {
		ma += a[i] / n;
		mb += b[i] / n;
	}
	let ab = 0;
	let aa = 0;
	let bb = 0;
	for (let i = 0; i < n; i++) {
		ab += (a[i] - ma) * (b[i] - mb);
		aa += (a[i] - ma) ** 2;
		bb += (b[i] - mb) ** 2;
	}
	return ab / Math.sqrt(aa * bb);
}
