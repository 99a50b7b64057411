/**
 * Browser benchmarks: the built app in headless Chromium. Runs every measurement module in
 * scripts/bench-browser/ (each exports `measure(ctx)` returning named figures) and prints them,
 * or with --json one JSON object holding every module's keys.
 *
 *   npm run bench:browser                 # builds, then measures (a 10-minute session, 4× CPU throttle)
 *   npm run bench:browser -- --json
 *   npm run bench:browser -- --minutes 2  # a shorter session while working on it
 *   npm run bench:browser -- --only session
 *   npm run bench:browser -- --no-build   # measure the build/ that is there
 */
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium, servePreview } from '../tests/browser/support/harness';

export interface BenchContext {
	browser: Browser;
	/** A fresh page (its own tab) at the phone size the app is designed for. */
	newPage(): Promise<Page>;
	/** Where the built app is served, e.g. http://127.0.0.1:4321 */
	baseUrl: string;
	/** Session length to simulate, minutes (default 10). */
	minutes: number;
	/** Progress lines (to stderr, so --json output stays clean). */
	log(line: string): void;
}

export type Measure = (ctx: BenchContext) => Promise<Record<string, number>>;

function args(argv: string[]) {
	const get = (name: string) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	return {
		json: argv.includes('--json'),
		noBuild: argv.includes('--no-build'),
		minutes: Number(get('--minutes') ?? 10),
		only: get('--only')
	};
}

async function main(): Promise<void> {
	const opts = args(process.argv.slice(2));
	if (!(opts.minutes > 0)) throw new Error('--minutes must be a positive number');
	const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-browser');
	const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
	const chosen = opts.only ? files.filter((f) => f.replace(/\.ts$/, '') === opts.only) : files;
	// The built app, as a person gets it; build output goes to stderr so --json prints only JSON.
	if (!opts.noBuild) {
		const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: ['ignore', 2, 2] });
		if (built.status !== 0) throw new Error('vite build failed');
	}
	const served = await servePreview();
	const chromium = await launchChromium({ bluetooth: false });
	const log = (line: string) => process.stderr.write(`[bench:browser] ${line}\n`);
	const ctx: BenchContext = {
		browser: chromium.browser,
		baseUrl: served.url,
		minutes: opts.minutes,
		log,
		newPage: async () => {
			const page = await chromium.browser.newPage();
			await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
			return page;
		}
	};
	const results: Record<string, number> = {};
	try {
		for (const file of chosen) {
			const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { measure?: Measure };
			if (typeof mod.measure !== 'function') continue;
			log(`${file}…`);
			Object.assign(results, await mod.measure(ctx));
		}
	} finally {
		await chromium.close();
		await served.close();
	}
	if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`);
	else
		for (const [k, v] of Object.entries(results))
			console.log(`${k.padEnd(24)} ${Number.isInteger(v) ? v : v.toFixed(2)}`);
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
