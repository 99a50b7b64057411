/**
 * What can go wrong with storage on the device, in the person's words. The session keeps running
 * whatever happens here; the person is told before anything is lost.
 */
export type StorageProblemCode = 'full' | 'denied' | 'unavailable' | 'failed';

export interface StorageProblem {
	code: StorageProblemCode;
	/** One calm sentence for the page. */
	message: string;
	/** The browser's own words, for the console and a bug report. */
	detail: string;
}

const MESSAGES: Record<StorageProblemCode, string> = {
	full: 'This device is out of storage space, so the session is only kept in this tab for now. Keep this page open; free some space and it will be saved.',
	denied:
		'This browser does not let Tidal save sessions (private browsing or blocked site data). The session runs, but it is only kept while this page stays open.',
	unavailable:
		'Saving sessions is not available in this browser. The session runs, but it is only kept while this page stays open.',
	failed: 'Saving the session failed for now; Tidal keeps trying. Keep this page open.'
};

export function storageProblem(e: unknown): StorageProblem {
	const name = e instanceof DOMException || e instanceof Error ? e.name : '';
	const detail = e instanceof Error || e instanceof DOMException ? `${e.name}: ${e.message}` : String(e);
	const code: StorageProblemCode =
		name === 'QuotaExceededError'
			? 'full'
			: name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError'
				? 'denied'
				: name === 'NotSupportedError'
					? 'unavailable'
					: 'failed';
	return { code, message: MESSAGES[code], detail };
}
