import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in `<root>/tests/support/`). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Path inside the shared folder (real recordings, docs): `$TIDAL_SHARED` when set, else
 * `<repo root>/../shared`. Example: `sharedPath('data', 'physio', 'ecg1.npy')`.
 */
export function sharedPath(...parts: string[]): string {
	return path.join(process.env.TIDAL_SHARED ?? path.resolve(repoRoot, '../shared'), ...parts);
}
