import { HeartRhythm } from '../../src/lib/core/engine/heart';
import type { EngineEvent } from '../../src/lib/core/types';

type Beat = Extract<EngineEvent, { type: 'beat' }>;
type Rate = Extract<EngineEvent, { type: 'rate' }>;

/** Feeds beat times and R-R intervals through HeartRhythm: its beats, rate events and last snapshot. */
export function feedBeats(t: ArrayLike<number>, rr: ArrayLike<number>) {
	const beats: Beat[] = [];
	const rates: Rate[] = [];
	const h = new HeartRhythm((e) => {
		if (e.type === 'beat') beats.push(e);
		else if (e.type === 'rate') rates.push(e);
	});
	for (let i = 0; i < t.length; i++) h.pushBeat(t[i], rr[i]);
	const snap = h.snapshot();
	h.finish(t[t.length - 1]);
	return { h, beats, rates, snap };
}
