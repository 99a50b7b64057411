import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in `<root>/tests/support/`). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Path inside the shared data (real recordings, reference analyses, byte vectors): the copy in
 * `tests/fixtures/shared` (see its README), so a fresh clone tests itself; `$TIDAL_SHARED` points
 * elsewhere. Example: `sharedPath('data', 'physio', 'ecg1.npy')`.
 */
export function sharedPath(...parts: string[]): string {
	return path.join(process.env.TIDAL_SHARED ?? path.join(repoRoot, 'tests', 'fixtures', 'shared'), ...parts);
}
