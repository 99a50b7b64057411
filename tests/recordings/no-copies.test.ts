import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared-data';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function* filesUnder(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* filesUnder(p);
		else if (entry.isFile()) yield p;
	}
}

describe('the shared recordings stay in ../shared', () => {
	it('no file the project tracks is a copy of a shared recording, reference or byte vector', () => {
		const shared = new Map<string, string>();
		for (const top of ['data', 'docs'])
			for (const f of filesUnder(sharedPath(top)))
				if (statSync(f).size > 2048) shared.set(hash(f), path.relative(sharedPath(), f));
		expect(shared.size).toBeGreaterThan(20);
		const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
			.split('\0')
			.filter(Boolean);
		expect(tracked.length).toBeGreaterThan(50);
		const copies = tracked
			.map((f) => path.join(repoRoot, f))
			.filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() && shared.has(hash(f)))
			.map((f) => `${path.relative(repoRoot, f)} = shared/${shared.get(hash(f))}`);
		expect(copies).toEqual([]);
	});
});
