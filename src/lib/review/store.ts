/** The page's one connection to the session store, opened on first use. */
import { SessionStore } from '$lib/storage/sessions';

let opening: Promise<SessionStore> | null = null;

export function sessionStore(): Promise<SessionStore> {
	opening ??= SessionStore.open().catch((e) => {
		opening = null;
		throw e;
	});
	return opening;
}
