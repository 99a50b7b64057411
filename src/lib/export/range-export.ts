/**
 * A date range exported as one ZIP: for each session a folder with the same files its own review
 * exports (a CSV per channel with units, breaths and holds CSVs, the JSON session, R-R text for
 * Kubios), plus `sessions.csv`, one summary row per session. Written with fflate's streaming ZIP,
 * a file at a time, giving the page a turn between files so a long range never freezes it.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { FullSession } from '../core/session/format';
import { reviewModel } from '../review/review-model';
import { sessionsCsv } from './csv-writers';
import { exportBase, sessionExports } from './session-exports';

/** A turn for the page (rendering, input) between files. */
export type Yield = () => Promise<void>;
const nextTask: Yield = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Each session's folder name: its export base, with its id's start when two would clash. */
function folders(sessions: readonly FullSession[]): string[] {
	const bases = sessions.map((f) => exportBase(f.session.startedAt, f.session.kind));
	return bases.map((b, i) =>
		bases.indexOf(b) !== bases.lastIndexOf(b) ? `${b}-${sessions[i].session.id.slice(0, 8)}` : b
	);
}

/**
 * The ZIP of `sessions` (oldest first), as the parts of one file. `onFile` hears each file's
 * path as it is added (for a progress line).
 */
export async function rangeZip(
	sessions: readonly FullSession[],
	options: { onFile?: (path: string, session: number) => void; yieldToPage?: Yield } = {}
): Promise<Uint8Array[]> {
	const parts: Uint8Array[] = [];
	let failed: Error | null = null;
	const zip = new Zip((err, data) => {
		if (err) failed = err;
		else parts.push(data);
	});
	const add = (path: string, text: string) => {
		const entry = new ZipDeflate(path, { level: 6 });
		zip.add(entry);
		entry.push(strToU8(text), true);
	};
	const yieldToPage = options.yieldToPage ?? nextTask;
	add('sessions.csv', sessionsCsv(sessions.map((f) => f.session)));
	const names = folders(sessions);
	for (let i = 0; i < sessions.length; i++) {
		const full = sessions[i];
		for (const file of sessionExports(full, reviewModel(full))) {
			const path = `${names[i]}/${file.name}`;
			options.onFile?.(path, i);
			add(path, file.text());
			await yieldToPage();
		}
	}
	zip.end();
	if (failed) throw failed;
	return parts;
}
