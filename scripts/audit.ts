/**
 * `npm run audit`: build the app, serve it as a static host would, and measure every route from
 * outside: Lighthouse 12.8 (mobile and desktop presets: performance, accessibility, best
 * practices, SEO), installability (Chromium's own check), and axe-core (WCAG 2.2 A/AA) on every
 * route and on the main states of /session, /stretch and /care. Prints a table, or with `--json`
 * one JSON object of scores per route. Exits 1 when a target is missed.
 *
 *   npm run audit             build, then audit
 *   npm run audit -- --json   the same, JSON on stdout (progress on stderr)
 *   npm run audit -- --no-build
 */
import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { Page } from 'puppeteer-core';
import { launchChromium, ROOT } from '../tests/browser/support/harness';
import { axeViolations } from '../tests/browser/support/axe';
import { serveBuild } from './audit-serve';
import { AUDIT_STATES } from './audit-states';

const json = process.argv.includes('--json');
const log = (...a: unknown[]) => console.error(...a);

/** Targets from issue 11. */
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 90 } as const;
type Category = keyof typeof TARGETS;
const CATEGORIES = Object.keys(TARGETS) as Category[];

/** Every page route in src/routes (directories with a +page.svelte), as URL paths. */
export function routes(dir = path.join(ROOT, 'src/routes'), base = ''): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const full = path.join(dir, name);
		if (name === '+page.svelte') out.push(base || '/');
		else if (statSync(full).isDirectory() && !name.startsWith('(') && !name.includes('['))
			out.push(...routes(full, `${base}/${name}`));
	}
	return out;
}

type Scores = Record<Category, number>;

/** One axe finding in a line. */
function describe(v: { rule: string; impact: string | null; help: string; targets: string[] }): string {
	return `${v.rule} (${v.impact ?? 'n/a'}): ${v.help} — ${v.targets.join(', ')}`;
}

async function lighthouseScores(page: Page, url: string, preset: 'mobile' | 'desktop'): Promise<Scores> {
	const result = await lighthouse(
		url,
		{ logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES] },
		preset === 'desktop' ? desktopConfig : undefined,
		page
	);
	const cats = result?.lhr.categories ?? {};
	const scores = {} as Scores;
	for (const c of CATEGORIES) scores[c] = Math.round((cats[c]?.score ?? 0) * 100);
	const failing = Object.values(result?.lhr.audits ?? {}).filter(
		(a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary'
	);
	if (failing.length) log(`    ${preset} ${url}: ${failing.map((a) => a.id).join(', ')}`);
	return scores;
}

async function main(): Promise<void> {
	if (!process.argv.includes('--no-build')) {
		log('Building…');
		execSync('npx vite build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const served = await serveBuild(path.join(ROOT, 'build'));
	const chromium = await launchChromium({ bluetooth: false });
	const report: {
		routes: Record<string, { mobile: Scores; desktop: Scores; axe: number }>;
		states: Record<string, number>;
		installable: { ok: boolean; errors: string[] };
		axeViolations: string[];
		pass: boolean;
	} = { routes: {}, states: {}, installable: { ok: false, errors: [] }, axeViolations: [], pass: true };
	try {
		for (const route of routes()) {
			log(`Lighthouse ${route}`);
			const url = `${served.url}${route}`;
			const mobile = await lighthouseScores(await chromium.browser.newPage(), url, 'mobile');
			const desktop = await lighthouseScores(await chromium.browser.newPage(), url, 'desktop');
			const page = await chromium.browser.newPage();
			await page.goto(url, { waitUntil: 'networkidle0' });
			const violations = (await axeViolations(page)).map(describe);
			report.axeViolations.push(...violations.map((v) => `${route}: ${v}`));
			report.routes[route] = { mobile, desktop, axe: violations.length };
			await page.close();
		}
		log('axe on the main states');
		for (const state of AUDIT_STATES) {
			const context = await chromium.browser.createBrowserContext();
			const page = await context.newPage();
			await page.setViewport({ width: 1280, height: 900 });
			await state.reach(page, served.url);
			const violations = (await axeViolations(page)).map(describe);
			report.axeViolations.push(...violations.map((v) => `${state.name}: ${v}`));
			report.states[state.name] = violations.length;
			await context.close();
		}
		const page = await chromium.browser.newPage();
		await page.goto(`${served.url}/`, { waitUntil: 'networkidle0' });
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 15_000 });
		const cdp = await page.createCDPSession();
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		report.installable = {
			ok: installabilityErrors.length === 0,
			errors: installabilityErrors.map((e) => e.errorId)
		};
	} finally {
		await chromium.close();
		await served.close();
	}
	for (const r of Object.values(report.routes)) {
		for (const c of CATEGORIES) {
			if (r.mobile[c] < TARGETS[c]) report.pass = false;
			if (c !== 'performance' && r.desktop[c] < TARGETS[c]) report.pass = false;
		}
	}
	if (report.axeViolations.length || !report.installable.ok) report.pass = false;
	if (json) console.log(JSON.stringify(report, null, 2));
	else printTable(report);
	process.exitCode = report.pass ? 0 : 1;
}

function printTable(report: {
	routes: Record<string, { mobile: Scores; desktop: Scores; axe: number }>;
	states: Record<string, number>;
	installable: { ok: boolean; errors: string[] };
	axeViolations: string[];
	pass: boolean;
}): void {
	const head = ['route', 'perf m/d', 'a11y m/d', 'best m/d', 'seo m/d', 'axe'];
	const rows = Object.entries(report.routes).map(([route, r]) => [
		route,
		...CATEGORIES.map((c) => `${r.mobile[c]}/${r.desktop[c]}`),
		String(r.axe)
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	for (const r of [head, ...rows]) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  '));
	console.log('\naxe violations on the main states:');
	for (const [name, n] of Object.entries(report.states)) console.log(`  ${n}  ${name}`);
	console.log(
		`\ninstallable: ${report.installable.ok ? 'yes' : `no (${report.installable.errors.join(', ')})`}`
	);
	for (const v of report.axeViolations) console.log(`  ${v}`);
	console.log(report.pass ? '\nAll targets met.' : '\nSome targets are missed.');
}

await main();
