/**
 * Privacy, measured from outside: on every screen, with a simulated wearable streaming and the
 * care and stretch screens in use, no request leaves the served origin, and the Content-Security-
 * Policy that forbids it is in force (no third-party origin anywhere, no inline script but the
 * one SvelteKit hashes) and is never violated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, type PageWatch, type Served } from './support/harness';
import { useScenario } from './support/scenario';
import { answerSafetyCheck, DESKTOP } from './support/care';

let served: Served;
let page: Page;
let watched: PageWatch;
const requests: string[] = [];

useScenario({ path: '/', bluetooth: false }, (s) => ({ served, page, watched } = s));
beforeAll(async () => {
	await page.setViewport(DESKTOP);
	page.on('request', (r: HTTPRequest) => requests.push(r.url()));
	// Count CSP violations from the first script on, on every page load.
	await page.evaluateOnNewDocument(() => {
		const w = window as unknown as { cspViolations: string[] };
		w.cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});
});

const ROUTES = ['/', '/pair', '/session', '/care', '/care/check', '/stretch'];

describe('nothing leaves the device', () => {
	it('serves a strict Content-Security-Policy with no third-party origin', async () => {
		// `vite preview` sends it as a header; the static build (what a plain host serves) as a <meta>.
		const response = await page.goto(`${served.url}/`, { waitUntil: 'networkidle0' });
		const header = response?.headers()['content-security-policy'];
		const html = await readFile(path.join(ROOT, 'build', 'index.html'), 'utf8');
		const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1];
		expect(header).toBeTruthy();
		expect(meta).toBeTruthy();
		for (const policy of [header!, meta!]) {
			const directives = Object.fromEntries(
				policy
					.split(';')
					.map((d) => d.trim().split(/\s+/))
					.filter((d) => d[0])
					.map(([name, ...values]) => [name, values])
			);
			expect(directives['default-src']).toEqual(["'self'"]);
			expect(directives['connect-src']).toEqual(["'self'"]);
			expect(directives['object-src']).toEqual(["'none'"]);
			// Scripts: this origin and hashed inline bootstrap only; never 'unsafe-inline' or 'unsafe-eval'.
			expect(directives['script-src'][0]).toBe("'self'");
			for (const v of directives['script-src'].slice(1)) expect(v).toMatch(/^'sha256-[A-Za-z0-9+/=]+'$/);
			for (const values of Object.values(directives) as string[][])
				for (const v of values)
					expect(v).toMatch(/^('self'|'none'|'unsafe-inline'|'sha256-.+'|data:|blob:)$/);
			expect(directives['style-src']).toEqual(["'self'"]);
		}
	});

	it('keeps every request on the served origin across every screen and a simulated session', async () => {
		await page.setCacheEnabled(false);
		for (const route of ROUTES) {
			await page.goto(`${served.url}${route}`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('h1');
		}
		await page.goto(`${served.url}/pair`, { waitUntil: 'networkidle0' });
		await page.click('button[data-kind="simulated"]');
		await page.waitForSelector('[data-testid="device"][data-status="streaming"]', { timeout: 10_000 });
		await page.goto(`${served.url}/care/check?next=/stretch`, { waitUntil: 'networkidle0' });
		await answerSafetyCheck(page, []);
		await page.waitForFunction(() => location.pathname === '/stretch');
		await (await page.waitForSelector('xpath/.//button[contains(., "Start the programme")]'))!.click();
		await (await page.waitForSelector('xpath/.//button[contains(., "in position")]'))!.click();
		await page.waitForSelector('[data-phase="hold"]');
		await new Promise((r) => setTimeout(r, 1500));

		const origin = new URL(served.url).origin;
		const elsewhere = requests.filter(
			(u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin
		);
		expect(requests.length).toBeGreaterThan(10);
		expect(elsewhere).toEqual([]);
		expect(
			await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
		).toEqual([]);
		expect(watched.errors).toEqual([]);
		expect(watched.console.filter((m) => m.includes('Content Security Policy'))).toEqual([]);
	});
});
