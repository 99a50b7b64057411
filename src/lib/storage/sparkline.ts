/**
 * A session's breathing rate in a few dozen points, kept beside its header when it finishes, so
 * the history draws 500 sparklines from 500 small records instead of reading 500 logs.
 */
import type { LogBody, SessionRecord } from '$lib/core/session/format';

export interface Sparkline {
	/** The session id. */
	id: string;
	/** Session seconds the line spans (the x axis). */
	durationS: number;
	/** [session seconds, breaths per minute], in time order, at most SPARK_POINTS of them. */
	points: [number, number][];
}

export const SPARK_POINTS = 48;

/** The breath-by-breath rate from the engine's logged breaths, averaged into SPARK_POINTS bins. */
export function sparklineFromLog(id: string, log: readonly LogBody[], durationS: number): Sparkline {
	const span = Math.max(durationS, 1);
	const sum = new Float64Array(SPARK_POINTS);
	const tSum = new Float64Array(SPARK_POINTS);
	const count = new Uint32Array(SPARK_POINTS);
	for (const e of log) {
		if (e.type !== 'engine' || e.event.type !== 'breath') continue;
		const b = e.event.breath;
		const cycle = b.exhaleEnd + b.pause - b.inhaleStart;
		if (!(cycle > 0)) continue;
		const bin = Math.min(SPARK_POINTS - 1, Math.max(0, Math.floor((b.inhaleStart / span) * SPARK_POINTS)));
		sum[bin] += 60 / cycle;
		tSum[bin] += b.inhaleStart;
		count[bin]++;
	}
	const points: [number, number][] = [];
	for (let i = 0; i < SPARK_POINTS; i++)
		if (count[i]) points.push([round(tSum[i] / count[i]), round(sum[i] / count[i])]);
	return { id, durationS: round(span), points };
}

/** The sparkline of a finished session, over its length as its header gives it. */
export function sessionSparkline(
	header: Pick<SessionRecord, 'id' | 'summary' | 'lastT' | 'startedAt' | 'endedAt'>,
	log: readonly LogBody[]
): Sparkline {
	const durationS =
		header.summary?.durationSeconds ??
		Math.max(header.lastT, header.endedAt !== null ? (header.endedAt - header.startedAt) / 1000 : 0);
	return sparklineFromLog(header.id, log, durationS);
}

const round = (x: number) => Math.round(x * 100) / 100;
