/**
 * The IndexedDB database behind Tidal's sessions (via `idb`), with its schema versions and the
 * upgrade path between them. Each step runs once, in order, for a database older than it, so a
 * device that skipped versions upgrades through every step and keeps its data.
 *
 * Stores:
 * - sessions: SessionRecord by id; indexes by-started (startedAt), by-status (status),
 *   by-kind-started ([kind, startedAt]).
 * - chunks: StoredChunk by [sessionId, seq] — a session's samples are one key range.
 * - log: LogEntry by [sessionId, seq].
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type {
	LogEntry,
	SessionKind,
	SessionRecord,
	SessionStatus,
	StoredChunk
} from '$lib/core/session/format';

export const DB_NAME = 'tidal';

export interface TidalDB extends DBSchema {
	sessions: {
		key: string;
		value: SessionRecord;
		indexes: { 'by-started': number; 'by-status': SessionStatus; 'by-kind-started': [SessionKind, number] };
	};
	chunks: { key: [string, number]; value: StoredChunk };
	log: { key: [string, number]; value: LogEntry };
}

type UpgradeTx = IDBPTransaction<TidalDB, StoreNames<TidalDB>[], 'versionchange'>;
type UpgradeStep = (db: IDBPDatabase<TidalDB>, tx: UpgradeTx) => void;

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
	}
];

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
		for (let v = event.oldVersion; v < version; v++) UPGRADE_STEPS[v](db, tx);
	});
	const db = (await wrap(request)) as IDBPDatabase<TidalDB>;
	db.addEventListener('versionchange', () => {
		db.close();
		options.onVersionChange?.();
	});
	return db;
}
