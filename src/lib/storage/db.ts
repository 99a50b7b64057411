/**
 * The IndexedDB database behind Tidal's sessions (via `idb`), with its schema versions and the
 * upgrade path between them. Each step runs once, in order, for a database older than it, so a
 * device that skipped versions upgrades through every step and keeps its data.
 *
 * Stores:
 * - sessions: SessionRecord by id; indexes by-started (startedAt), by-status (status),
 *   by-kind-started ([kind, startedAt]).
 * - chunks: StoredChunk by [sessionId, seq] — a session's samples are one key range. A running
 *   session's chunks are a block per channel per flush; a finished one's, large blocks (blocks.ts).
 * - log: LogEntry by [sessionId, seq].
 * - sparklines: Sparkline by id — the history's small breathing-rate line of a finished session.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type {
	LogEntry,
	SessionKind,
	SessionRecord,
	SessionStatus,
	StoredChunk
} from '$lib/core/session/format';
import { toBlocks } from './blocks';
import { sessionSparkline, type Sparkline } from './sparkline';

export const DB_NAME = 'tidal';

export interface TidalDB extends DBSchema {
	sessions: {
		key: string;
		value: SessionRecord;
		indexes: { 'by-started': number; 'by-status': SessionStatus; 'by-kind-started': [SessionKind, number] };
	};
	chunks: { key: [string, number]; value: StoredChunk };
	log: { key: [string, number]; value: LogEntry };
	sparklines: { key: string; value: Sparkline };
}

type UpgradeTx = IDBPTransaction<TidalDB, StoreNames<TidalDB>[], 'versionchange'>;
/** A step may return a promise (a data step); the steps after it wait for it, in the same transaction. */
type UpgradeStep = (db: IDBPDatabase<TidalDB>, tx: UpgradeTx) => void | Promise<void>;

/** The schema, one step per version. Never edit a released step: add the next one. */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
	// v1: the session headers, samples and log.
	(db) => {
		db.createObjectStore('sessions', { keyPath: 'id' });
		db.createObjectStore('chunks', { keyPath: ['sessionId', 'seq'] });
		db.createObjectStore('log', { keyPath: ['sessionId', 'seq'] });
	},
	// v2: find interrupted sessions and list the history by date and by kind without a full scan.
	(_db, tx) => {
		const sessions = tx.objectStore('sessions');
		sessions.createIndex('by-started', 'startedAt');
		sessions.createIndex('by-status', 'status');
		sessions.createIndex('by-kind-started', ['kind', 'startedAt']);
	},
	// v3: finished sessions' samples as large blocks, and a sparkline per finished session, so a long
	// review and a long history open fast. Sessions still running keep their chunks as they are.
	async (db, tx) => {
		db.createObjectStore('sparklines', { keyPath: 'id' });
		for (const header of await tx.objectStore('sessions').getAll()) {
			if (header.status !== 'finished') continue;
			await compactInto(tx, header);
		}
	}
];

/** A transaction over every store that can write: an upgrade's, or one the store opens. */
export type WriteTx = IDBPTransaction<TidalDB, StoreNames<TidalDB>[], 'readwrite' | 'versionchange'>;

/**
 * Rewrites one finished session's samples as blocks (seq from 0) and stores its sparkline, in the
 * transaction given (which holds chunks, log and sparklines).
 */
export async function compactInto(
	t: WriteTx,
	header: Pick<SessionRecord, 'id' | 'summary' | 'lastT' | 'startedAt' | 'endedAt'>
): Promise<void> {
	const range = IDBKeyRange.bound([header.id, -Infinity], [header.id, Infinity]);
	const [chunks, log] = await Promise.all([
		t.objectStore('chunks').getAll(range),
		t.objectStore('log').getAll(range)
	]);
	const writes: Promise<unknown>[] = [t.objectStore('sparklines').put(sessionSparkline(header, log))];
	const blocks = toBlocks(chunks);
	if (blocks.length < chunks.length || blocks.some((b, i) => b.chunk !== chunks[i].chunk)) {
		writes.push(t.objectStore('chunks').delete(range));
		blocks.forEach((b, seq) => writes.push(t.objectStore('chunks').put({ sessionId: header.id, seq, ...b })));
	}
	await Promise.all(writes);
}

export const DB_VERSION = UPGRADE_STEPS.length;

export interface OpenOptions {
	/** The IndexedDB to use (tests pass fake-indexeddb's); defaults to the browser's. */
	indexedDB?: IDBFactory;
	name?: string;
	/** Open at an older version (only to test the upgrade path). */
	version?: number;
	/** Another tab wants a newer version: this connection should close. */
	onVersionChange?: () => void;
}

export async function openTidalDB(options: OpenOptions = {}): Promise<IDBPDatabase<TidalDB>> {
	const factory = options.indexedDB ?? globalThis.indexedDB;
	if (!factory) throw new DOMException('IndexedDB is not available here.', 'NotSupportedError');
	const version = options.version ?? DB_VERSION;
	// What idb's openDB does, on the factory given (so tests can use a fresh fake one).
	const request = factory.open(options.name ?? DB_NAME, version);
	request.addEventListener('upgradeneeded', (event) => {
		const db = wrap(request.result) as IDBPDatabase<TidalDB>;
		const tx = wrap(request.transaction as IDBTransaction) as unknown as UpgradeTx;
		let pending: Promise<void> | undefined;
		for (let v = event.oldVersion; v < version; v++) {
			const step = UPGRADE_STEPS[v];
			pending = pending ? pending.then(() => step(db, tx)) : (step(db, tx) ?? undefined);
		}
		// A failed data step aborts the upgrade: the database stays as it was, and opening fails.
		pending?.catch(() => {
			try {
				tx.abort();
			} catch {
				// Already ended: the open request reports the failure.
			}
		});
	});
	const db = (await wrap(request)) as IDBPDatabase<TidalDB>;
	db.addEventListener('versionchange', () => {
		db.close();
		options.onVersionChange?.();
	});
	return db;
}
