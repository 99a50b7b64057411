/**
 * Installable and offline: after one visit the service worker has cached the whole app, so it
 * opens and runs a simulated session with the network off; a new version waits behind an update
 * prompt, and taking it deletes the old version's cache.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { ROOT, screenshot, servePreview, type PageWatch, type Served } from './support/harness';
import { useScenario } from './support/scenario';
import { DESKTOP, PHONE } from './support/care';

let served: Served;
let page: Page;
let watched: PageWatch;

useScenario({ path: '/', bluetooth: false }, (s) => ({ served, page, watched } = s));
beforeAll(() => page.setViewport(DESKTOP));

/** The service worker file `vite preview` serves. */
const SW_FILE = path.join(ROOT, '.svelte-kit/output/client/service-worker.js');
let originalSw: string | null = null;
afterAll(async () => {
	if (originalSw !== null) await writeFile(SW_FILE, originalSw);
});

const cacheKeys = () => page.evaluate(() => caches.keys());

describe('offline after the first visit', () => {
	it('the service worker takes control on the first visit and caches the app under its version', async () => {
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 15_000 });
		const keys = await cacheKeys();
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatch(/^tidal-\d+$/);
		const cached = await page.evaluate(async (key) => {
			const cache = await caches.open(key);
			return (await cache.keys()).map((r) => new URL(r.url).pathname);
		}, keys[0]);
		for (const p of ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/illustrations/seated-twist.svg'])
			expect(cached).toContain(p);
		expect(cached.some((p) => p.startsWith('/_app/immutable/entry/'))).toBe(true);
	});

	it('is installable: a manifest Chromium accepts, with icons', async () => {
		const cdp = await page.createCDPSession();
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors).toEqual([]);
		const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
		expect(manifest.errors).toEqual([]);
		expect(manifest.url).toMatch(/manifest\.webmanifest$/);
		await cdp.detach();
	});

	it('opens every screen and runs a simulated wearable with the server gone and the network off', async () => {
		// Its own server, visited once, then shut down: nothing but the service worker can answer.
		const own = await servePreview();
		await page.goto(`${own.url}/`, { waitUntil: 'networkidle0' });
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 15_000 });
		await own.close();
		await page.setOfflineMode(true);
		try {
			for (const [route, heading] of [
				['/', 'Tidal'],
				['/care', 'Care plan'],
				['/care/check', 'Safety check'],
				['/stretch', 'Stretches'],
				['/pair', 'Wearables'],
				['/session', 'Breathe']
			]) {
				await page.goto(`${own.url}${route}`, { waitUntil: 'load' });
				await page.waitForSelector('h1');
				expect(await page.$eval('h1', (e) => e.textContent)).toBe(heading);
			}
			// Proof the network really is off: a request the service worker does not serve fails.
			const direct = await page.evaluate(() =>
				fetch('/not-cached-' + Date.now()).then(
					() => 'reached',
					() => 'failed'
				)
			);
			expect(direct).toBe('failed');
			// The installed app, opened from its own window with no server: installed.test.ts.
			await page.goto(`${own.url}/pair`, { waitUntil: 'load' });
			await (await page.waitForSelector('button[data-kind="simulated"]'))!.click();
			await page.waitForFunction(
				() => Number(document.querySelector('[data-testid="device"]')?.getAttribute('data-samples')) > 100,
				{ timeout: 15_000 }
			);
		} finally {
			await page.setOfflineMode(false);
		}
		expect(watched.errors).toEqual([]);
	});

	it('offers a new version instead of forcing it, and taking it removes the old cache', async () => {
		await page.goto(`${served.url}/care`, { waitUntil: 'networkidle0' });
		const [oldKey] = await cacheKeys();
		// A new build: the same service worker with another version.
		originalSw = await readFile(SW_FILE, 'utf8');
		const version = oldKey.slice('tidal-'.length);
		expect(originalSw).toContain(version);
		await writeFile(SW_FILE, originalSw.replaceAll(version, '9' + version));
		await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			await reg?.update();
		});
		await page.waitForSelector('::-p-text(A new version of Tidal is ready)', { timeout: 15_000 });
		// Both versions are cached until the person chooses.
		expect((await cacheKeys()).sort()).toEqual([oldKey, `tidal-9${version}`].sort());
		await page.setViewport(PHONE);
		await page.waitForSelector('::-p-text(A new version of Tidal is ready)', { timeout: 15_000 });
		await screenshot(page, 'update-prompt-phone');
		await page.setViewport(DESKTOP);
		await page.waitForSelector('::-p-text(A new version of Tidal is ready)', { timeout: 15_000 });
		await Promise.all([page.waitForNavigation(), page.click('xpath/.//button[contains(., "Update now")]')]);
		await page.waitForFunction(async () => (await caches.keys()).length === 1, { timeout: 10_000 });
		expect(await cacheKeys()).toEqual([`tidal-9${version}`]);
		expect(await page.$eval('h1', (e) => e.textContent)).toBe('Care plan');
	});
});
