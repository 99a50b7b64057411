import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI the way `npm run analyze` does (tsx), from the repository root. */
export function analyze(...args: string[]): { code: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], {
		cwd: repoRoot,
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
