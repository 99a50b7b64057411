/**
 * `npm run test:recordings` starts here: without the shared folder the recording tests cannot
 * run, and that is said in one line (not skipped, not a stack trace).
 */
import { missingShared } from '../tests/support/shared-data';

const missing = missingShared();
if (missing) {
	console.error(`test:recordings: ${missing}`);
	process.exit(1);
}
