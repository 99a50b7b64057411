/**
 * Sessions on the device: the one way to create, append to, finish, list, load and delete them.
 * Every kind of session (breathing, stretch) goes through here into the same stores.
 *
 * Appends are small transactions (a writer batches about half a second of chunks and log entries
 * into each), so a reload or crash loses at most what was not yet appended. A finished session's
 * samples are compacted into large blocks (blocks.ts) and its sparkline stored, so reading it back
 * is a few records, not tens of thousands.
 */
import type { IDBPDatabase } from 'idb';
import {
	newSessionRecord,
	type FullSession,
	type LogBody,
	type LogEntry,
	type NewSession,
	type PainRatings,
	type SessionKind,
	type SessionRecord,
	type SessionSummary,
	type SessionWearable,
	type StoredChunk
} from '$lib/core/session/format';
import { migrateSessionRecord } from '$lib/core/session/migrate';
import { toBlocks } from './blocks';
import { compactInto, openTidalDB, type OpenOptions, type TidalDB, type WriteTx } from './db';
import { sessionSparkline, type Sparkline } from './sparkline';

/** A chunk to append: which wearable sent it and the samples (arrays trimmed to n). */
export type NewChunk = Pick<StoredChunk, 'device' | 'chunk'>;

export interface Append {
	chunks?: NewChunk[];
	log?: LogBody[];
	/** Session time of the newest thing appended (kept in the header for a resume). */
	lastT?: number;
}

function randomId(): string {
	return (
		globalThis.crypto?.randomUUID?.() ?? `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
	);
}

export class SessionStore {
	/** Next free seq per session and store, read from the database on first use. */
	private readonly nextSeq = new Map<string, number>();
	private queue: Promise<void> = Promise.resolve();

	constructor(
		readonly db: IDBPDatabase<TidalDB>,
		private readonly now: () => number = () => Date.now()
	) {}

	static async open(options: OpenOptions = {}, now?: () => number): Promise<SessionStore> {
		return new SessionStore(await openTidalDB(options), now);
	}

	close(): void {
		this.db.close();
	}

	async create(init: NewSession): Promise<SessionRecord> {
		const record = newSessionRecord(init, this.now(), randomId);
		await this.db.add('sessions', record);
		this.nextSeq.set(`chunks/${record.id}`, 0);
		this.nextSeq.set(`log/${record.id}`, 0);
		return record;
	}

	async get(id: string): Promise<SessionRecord | undefined> {
		const raw = await this.db.get('sessions', id);
		return raw && readable(raw);
	}

	/** Newest first; optionally one kind only. */
	async list(kind?: SessionKind): Promise<SessionRecord[]> {
		const all = kind
			? await this.db.getAllFromIndex(
					'sessions',
					'by-kind-started',
					IDBKeyRange.bound([kind, -Infinity], [kind, Infinity])
				)
			: await this.db.getAllFromIndex('sessions', 'by-started');
		return all.reverse().flatMap((raw) => readable(raw) ?? []);
	}

	/** Sessions that never finished: still marked running (the page died) or interrupted. */
	async unfinished(): Promise<SessionRecord[]> {
		const running = await this.db.getAllFromIndex('sessions', 'by-status', 'running');
		const interrupted = await this.db.getAllFromIndex('sessions', 'by-status', 'interrupted');
		return [...running, ...interrupted]
			.flatMap((raw) => readable(raw) ?? [])
			.sort((a, b) => b.startedAt - a.startedAt);
	}

	/**
	 * Append samples and log entries in one transaction, and note the time in the header. Appends
	 * run one after another, so each gets the next sequence numbers.
	 */
	append(id: string, entries: Append): Promise<void> {
		const run = this.queue.then(() => this.appendNow(id, entries));
		this.queue = run.catch(() => {});
		return run;
	}

	private async appendNow(id: string, { chunks = [], log = [], lastT }: Append): Promise<void> {
		const chunkSeq = await this.seq('chunks', id);
		const logSeq = await this.seq('log', id);
		const tx = this.db.transaction(['sessions', 'chunks', 'log'], 'readwrite');
		const header = await tx.objectStore('sessions').get(id);
		if (!header) {
			tx.abort();
			throw new Error(`No session ${id} to append to.`);
		}
		const writes: Promise<unknown>[] = [];
		chunks.forEach((c, i) =>
			writes.push(tx.objectStore('chunks').put({ sessionId: id, seq: chunkSeq + i, ...c }))
		);
		log.forEach((body, i) =>
			writes.push(tx.objectStore('log').put({ sessionId: id, seq: logSeq + i, ...body }))
		);
		header.updatedAt = this.now();
		if (lastT !== undefined && lastT > header.lastT) header.lastT = lastT;
		writes.push(tx.objectStore('sessions').put(header));
		await Promise.all([...writes, tx.done]);
		this.nextSeq.set(`chunks/${id}`, chunkSeq + chunks.length);
		this.nextSeq.set(`log/${id}`, logSeq + log.length);
	}

	/** Change header fields (status, wearables, settings…) in one read-modify-write. */
	async update(id: string, change: (s: SessionRecord) => void): Promise<SessionRecord> {
		const tx = this.db.transaction('sessions', 'readwrite');
		const raw = await tx.store.get(id);
		if (!raw) throw new Error(`No session ${id}.`);
		const s = migrateSessionRecord(raw);
		if ('error' in s) throw new Error(s.error);
		change(s);
		s.updatedAt = this.now();
		await Promise.all([tx.store.put(s), tx.done]);
		return s;
	}

	/** A pain rating, in the header and in the log (so the review knows when it was given). */
	async setPain(id: string, when: keyof PainRatings, rating: number, t: number): Promise<void> {
		await this.update(id, (s) => {
			s.pain[when] = rating;
		});
		await this.append(id, { log: [{ type: 'pain', t, when, rating }] });
	}

	async addWearable(id: string, w: SessionWearable): Promise<void> {
		await this.update(id, (s) => {
			const known = s.wearables.find((x) => x.id === w.id);
			if (known) known.sources = [...new Set([...known.sources, ...w.sources])];
			else s.wearables.push(w);
		});
	}

	async markInterrupted(id: string): Promise<void> {
		await this.update(id, (s) => {
			if (s.status === 'running') s.status = 'interrupted';
		});
	}

	/** Back to running (resumed after an interruption). */
	async markRunning(id: string): Promise<void> {
		await this.update(id, (s) => {
			s.status = 'running';
		});
	}

	/** Marks it finished, then compacts its samples and stores its sparkline. */
	async finish(id: string, summary: SessionSummary, endedAt = this.now()): Promise<SessionRecord> {
		const done = await this.update(id, (s) => {
			s.status = 'finished';
			s.summary = summary;
			s.endedAt = endedAt;
		});
		await this.compact(done);
		return done;
	}

	/** Rewrites a session's samples as large blocks (after any append still queued). */
	private compact(header: SessionRecord): Promise<void> {
		const run = this.queue.then(async () => {
			const tx = this.db.transaction(['chunks', 'log', 'sparklines'], 'readwrite');
			await Promise.all([compactInto(tx as unknown as WriteTx, header), tx.done]);
			this.nextSeq.delete(`chunks/${header.id}`);
		});
		this.queue = run.catch(() => {});
		return run;
	}

	/** Every stored sparkline, by session id (finished sessions only). */
	async sparklines(): Promise<Map<string, Sparkline>> {
		return new Map((await this.db.getAll('sparklines')).map((s) => [s.id, s]));
	}

	async chunks(id: string): Promise<StoredChunk[]> {
		return this.db.getAll('chunks', sessionRange(id));
	}

	async log(id: string): Promise<LogEntry[]> {
		return this.db.getAll('log', sessionRange(id));
	}

	async load(id: string): Promise<FullSession | undefined> {
		const session = await this.get(id);
		if (!session) return undefined;
		return { session, chunks: await this.chunks(id), log: await this.log(id) };
	}

	/** Store a whole session (an import); replaces one with the same id. Finished: compacted. */
	async put(full: FullSession): Promise<void> {
		const id = full.session.id;
		await this.delete(id);
		const finished = full.session.status === 'finished';
		const chunks = finished ? toBlocks(full.chunks) : full.chunks;
		const tx = this.db.transaction(['sessions', 'chunks', 'log', 'sparklines'], 'readwrite');
		await Promise.all([
			tx.objectStore('sessions').put(full.session),
			...chunks.map((c, seq) =>
				tx.objectStore('chunks').put({ device: c.device, chunk: c.chunk, sessionId: id, seq })
			),
			...full.log.map((e, seq) => tx.objectStore('log').put({ ...e, sessionId: id, seq })),
			...(finished ? [tx.objectStore('sparklines').put(sessionSparkline(full.session, full.log))] : []),
			tx.done
		]);
		this.nextSeq.delete(`chunks/${id}`);
		this.nextSeq.delete(`log/${id}`);
	}

	async delete(id: string): Promise<void> {
		const tx = this.db.transaction(['sessions', 'chunks', 'log', 'sparklines'], 'readwrite');
		await Promise.all([
			tx.objectStore('sessions').delete(id),
			tx.objectStore('sparklines').delete(id),
			tx.objectStore('chunks').delete(sessionRange(id)),
			tx.objectStore('log').delete(sessionRange(id)),
			tx.done
		]);
		this.nextSeq.delete(`chunks/${id}`);
		this.nextSeq.delete(`log/${id}`);
	}

	private async seq(store: 'chunks' | 'log', id: string): Promise<number> {
		const key = `${store}/${id}`;
		const known = this.nextSeq.get(key);
		if (known !== undefined) return known;
		const cursor = await this.db.transaction(store).store.openKeyCursor(sessionRange(id), 'prev');
		const next = cursor ? (cursor.key as [string, number])[1] + 1 : 0;
		this.nextSeq.set(key, next);
		return next;
	}
}

function sessionRange(id: string): IDBKeyRange {
	return IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
}

/** A stored header in the current format, or nothing (with a console note) if it cannot be read. */
function readable(raw: unknown): SessionRecord | undefined {
	const s = migrateSessionRecord(raw);
	if ('error' in s) {
		console.info('[tidal] a stored session was skipped:', s.error);
		return undefined;
	}
	return s;
}
