import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in `<root>/tests/support/`). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared folder: real recordings, reference analyses and byte vectors that come from other
 * repositories, so the project reads them in place and never carries a copy. It sits beside the
 * project (`../shared`); `$TIDAL_SHARED` points elsewhere.
 */
export const sharedRoot = path.resolve(process.env.TIDAL_SHARED ?? path.join(repoRoot, '..', 'shared'));

/** Path inside the shared folder. Example: `sharedPath('data', 'physio', 'ecg1.npy')`. */
export function sharedPath(...parts: string[]): string {
	return path.join(sharedRoot, ...parts);
}

/** What the recording tests need from the shared folder; missing ones, as one line, or null. */
export function missingShared(): string | null {
	const needed = [path.join('data', 'SOURCES.md'), path.join('docs', 'ble-vectors.json')];
	const missing = needed.filter((p) => !existsSync(sharedPath(p)));
	if (!missing.length) return null;
	const where = process.env.TIDAL_SHARED ? 'TIDAL_SHARED' : 'beside the project';
	return `The real recordings are missing: expected ${missing.join(' and ')} under ${sharedRoot} (${where}); put the shared folder there or set TIDAL_SHARED to a copy of it.`;
}
