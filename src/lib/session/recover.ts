/**
 * Sessions a previous visit left unfinished (a reload, a crash, a closed lid): found, described,
 * and either resumed (the live session picks up the record) or finished from what was recorded.
 */
import type { SessionRecord } from '$lib/core/session/format';
import { SummaryBuilder } from '$lib/core/session/summary';
import type { SessionStore } from '$lib/storage/sessions';

export interface Interrupted {
	record: SessionRecord;
	/** Seconds recorded before it stopped. */
	recordedSeconds: number;
}

/** Breathing sessions left unfinished, newest first; each is marked interrupted. */
export async function findInterrupted(store: SessionStore): Promise<Interrupted[]> {
	const left = (await store.unfinished()).filter((s) => s.kind === 'breathing');
	for (const s of left) if (s.status === 'running') await store.markInterrupted(s.id);
	return left.map((s) => ({ record: { ...s, status: 'interrupted' }, recordedSeconds: s.lastT }));
}

/** Finish an interrupted session from its recording: the summary of what the engine found. */
export async function finishFromRecording(store: SessionStore, id: string): Promise<SessionRecord> {
	const log = await store.log(id);
	const totals = new SummaryBuilder();
	let gapSeconds = 0;
	let lastT = 0;
	for (const e of log) {
		if (e.type === 'engine') totals.add(e.event);
		if (e.type === 'gap') gapSeconds += e.end - e.start;
		const t = e.type === 'engine' ? e.event.at : e.type === 'gap' ? e.end : 't' in e ? e.t : 0;
		if (t > lastT) lastT = t;
	}
	const record = await store.get(id);
	const duration = Math.max(lastT, record?.lastT ?? 0);
	return store.finish(
		id,
		totals.result(duration, gapSeconds),
		(record?.startedAt ?? Date.now()) + duration * 1000
	);
}
