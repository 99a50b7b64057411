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
 *   npm run audit -- --runs 3            Lighthouse three times per route: median and range
 *   npm run audit -- --only /session,/stretch --reports dir   some routes; Lighthouse JSON kept
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { Page } from 'puppeteer-core';
import { launchChromium, ROOT } from '../tests/browser/support/harness';
import { axeViolations } from '../tests/browser/support/axe';
import { serveBuild } from './audit-serve';
import { AUDIT_STATES } from './audit-states';

const json = process.argv.includes('--json');
/** The value after a flag (`--runs 3`), if given. */
function flag(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
const runs = Math.max(1, Number(flag('--runs') ?? 1));
const only = flag('--only')?.split(',');
const reportsDir = flag('--reports');
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

/** A route's scores (medians over the runs), their ranges, and axe's count. */
interface RouteReport {
	mobile: Scores;
	desktop: Scores;
	range: { mobile: Record<Category, [number, number]>; desktop: Record<Category, [number, number]> };
	axe: number;
}

/** The machine's load averages (1, 5, 15 min): Lighthouse's timings depend on them. */
function loadNow(): string {
	return os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
}

/** One axe finding in a line. */
function describe(v: { rule: string; impact: string | null; help: string; targets: string[] }): string {
	return `${v.rule} (${v.impact ?? 'n/a'}): ${v.help} — ${v.targets.join(', ')}`;
}

async function lighthouseScores(
	page: Page,
	url: string,
	preset: 'mobile' | 'desktop',
	save: string | null
): Promise<Scores> {
	const result = await lighthouse(
		url,
		{ logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES] },
		preset === 'desktop' ? desktopConfig : undefined,
		page
	);
	await page.close();
	if (save && result) writeFileSync(save, JSON.stringify(result.lhr));
	const cats = result?.lhr.categories ?? {};
	const scores = {} as Scores;
	for (const c of CATEGORIES) scores[c] = Math.round((cats[c]?.score ?? 0) * 100);
	const failing = Object.values(result?.lhr.audits ?? {}).filter(
		(a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary'
	);
	if (failing.length) log(`    ${preset} ${url}: ${failing.map((a) => a.id).join(', ')}`);
	return scores;
}

/** Scores per category: the median of the runs, and their lowest and highest. */
/** What one audit found: the --json output. */
interface AuditReport {
	runs: number;
	load: string;
	routes: Record<string, RouteReport>;
	states: Record<string, number>;
	installable: { ok: boolean; errors: string[] };
	axeViolations: string[];
	pass: boolean;
}

interface Measured {
	median: Scores;
	range: Record<Category, [number, number]>;
}

function summarise(all: Scores[]): Measured {
	const median = {} as Scores;
	const range = {} as Measured['range'];
	for (const c of CATEGORIES) {
		const v = all.map((s) => s[c]).sort((a, b) => a - b);
		median[c] = v[Math.floor((v.length - 1) / 2)];
		range[c] = [v[0], v[v.length - 1]];
	}
	return { median, range };
}

async function main(): Promise<void> {
	if (!process.argv.includes('--no-build')) {
		log('Building…');
		execSync('npx vite build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const served = await serveBuild(path.join(ROOT, 'build'));
	const chromium = await launchChromium({ bluetooth: false });
	const report: AuditReport = {
		runs,
		load: loadNow(),
		routes: {},
		states: {},
		installable: { ok: false, errors: [] },
		axeViolations: [],
		pass: true
	};
	try {
		if (reportsDir) mkdirSync(reportsDir, { recursive: true });
		for (const route of routes().filter((r) => !only || only.includes(r))) {
			log(`Lighthouse ${route}`);
			const url = `${served.url}${route}`;
			const measured: Record<'mobile' | 'desktop', Scores[]> = { mobile: [], desktop: [] };
			for (let run = 0; run < runs; run++) {
				for (const preset of ['mobile', 'desktop'] as const) {
					const name = `${route.slice(1).replaceAll('/', '-') || 'home'}.${preset}.${run + 1}.json`;
					const save = reportsDir ? path.join(reportsDir, name) : null;
					measured[preset].push(await lighthouseScores(await chromium.browser.newPage(), url, preset, save));
				}
			}
			const mobile = summarise(measured.mobile);
			const desktop = summarise(measured.desktop);
			const page = await chromium.browser.newPage();
			await page.goto(url, { waitUntil: 'networkidle0' });
			const violations = (await axeViolations(page)).map(describe);
			report.axeViolations.push(...violations.map((v) => `${route}: ${v}`));
			report.routes[route] = {
				mobile: mobile.median,
				desktop: desktop.median,
				range: { mobile: mobile.range, desktop: desktop.range },
				axe: violations.length
			};
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
	report.load = `${report.load} → ${loadNow()}`;
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

function printTable(report: AuditReport): void {
	const head = ['route', 'perf m/d', 'a11y m/d', 'best m/d', 'seo m/d', 'axe'];
	// With several runs, each figure is the median and [lowest–highest].
	const shown = (r: RouteReport, preset: 'mobile' | 'desktop', c: Category) => {
		const [lo, hi] = r.range[preset][c];
		return report.runs > 1 && lo !== hi ? `${r[preset][c]}[${lo}–${hi}]` : String(r[preset][c]);
	};
	const rows = Object.entries(report.routes).map(([route, r]) => [
		route,
		...CATEGORIES.map((c) => `${shown(r, 'mobile', c)}/${shown(r, 'desktop', c)}`),
		String(r.axe)
	]);
	console.log(`${report.runs} run(s) per route; load averages ${report.load}`);
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
