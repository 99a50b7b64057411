/**
 * A browser without Web Bluetooth (like Firefox, Safari or any iOS browser): the pairing page
 * explains where it works and offers the simulated wearable, which runs the real decoders.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { axeViolations } from './support/axe';
import { screenshot, type PageWatch, type Served } from './support/harness';
import { useScenario } from './support/scenario';

let served: Served;
let page: Page;
let watched: PageWatch;

// No --enable-features=WebBluetooth: navigator.bluetooth is undefined, as in Firefox.
useScenario({ path: '/', bluetooth: false }, (s) => ({ served, page, watched } = s));

describe('unsupported browser', () => {
	it('home page keeps its patterns and links to the pairing screen', async () => {
		expect(await page.$$eval('section li', (els) => els.length)).toBeGreaterThan(0);
		await screenshot(page, 'home');
		// The big link starts a session now (issue 9); the pairing screen is one link away.
		await Promise.all([page.waitForNavigation().catch(() => {}), page.click('main a[href="/pair"]')]);
		await page.waitForSelector('[data-testid="unsupported"]');
		expect(new URL(page.url()).pathname).toBe('/pair');
	});

	it('says where Web Bluetooth works and shows no Bluetooth buttons', async () => {
		expect(await page.evaluate(() => 'bluetooth' in navigator && navigator.bluetooth !== undefined)).toBe(
			false
		);
		await page.waitForSelector('[data-testid="unsupported"]');
		const text = await page.$eval('[data-testid="unsupported"]', (e) => e.textContent ?? '');
		for (const word of ['Chrome', 'Edge', 'Opera', 'Android', 'Bluefy']) expect(text).toContain(word);
		expect(await page.$('button[data-kind="hr-strap"]')).toBeNull();
		expect(await page.$('button[data-kind="gdx-belt"]')).toBeNull();
		await screenshot(page, 'unsupported-browser');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('runs the simulated wearable through the real decoders', async () => {
		await page.click('button[data-kind="simulated"]');
		await page.waitForSelector('[data-testid="device"][data-status="streaming"]', { timeout: 10_000 });
		// The simulated H10 sends heart-rate packets once a second and chest ACC frames.
		await page.waitForFunction(
			() => Number(document.querySelector('[data-testid="device"]')?.getAttribute('data-heart-rate')) > 40,
			{
				timeout: 10_000
			}
		);
		await page.waitForFunction(
			() => Number(document.querySelector('[data-testid="device"]')?.getAttribute('data-samples')) > 100,
			{
				timeout: 10_000
			}
		);
		const name = await page.$eval('[data-testid="device"]', (e) => e.getAttribute('data-name'));
		expect(name).toBe('Simulated H10');
		// Let the trace fill a little for the picture: a few seconds of chest movement on screen.
		await page.waitForFunction(
			() => Number(document.querySelector('[data-testid="device"]')?.getAttribute('data-trace-points')) >= 25,
			{ timeout: 10_000 }
		);
		await screenshot(page, 'simulated-wearable');
		expect(await axeViolations(page)).toEqual([]);
		expect(watched.errors).toEqual([]);
	});

	it('adds a simulated breathing belt next to it, both on one clock', async () => {
		await page.click('button[data-kind="simulated"]');
		const belt = '[data-testid="device"][data-name="Simulated belt"]';
		await page.waitForSelector(`${belt}[data-status="streaming"]`, { timeout: 10_000 });
		await page.waitForFunction(
			(sel: string) => Number(document.querySelector(sel)?.getAttribute('data-samples')) > 20,
			{ timeout: 10_000 },
			belt
		);
		const statuses = await page.$$eval('[data-testid="device"]', (els) =>
			els.map((e) => e.getAttribute('data-status'))
		);
		expect(statuses).toEqual(['streaming', 'streaming']);
		await screenshot(page, 'simulated-two-devices');
		expect(await axeViolations(page)).toEqual([]);
		expect(watched.errors).toEqual([]);
	});

	it('a scripted disconnection of the simulated wearable: calm, then back, gap kept', async () => {
		await page.goto(`${served.url}/pair?sim=disconnect@4+3`, { waitUntil: 'networkidle0' });
		await page.click('button[data-kind="simulated"]');
		const card = '[data-testid="device"]';
		await page.waitForSelector(`${card}[data-status="streaming"]`, { timeout: 10_000 });
		await page.waitForSelector(`${card}[data-status="reconnecting"]`, { timeout: 10_000 });
		expect(await page.$eval(`${card} .notice`, (e) => e.textContent)).toBe(
			'Strap out of reach — reconnecting…'
		);
		await screenshot(page, 'simulated-reconnecting');
		expect(await axeViolations(page)).toEqual([]);
		await page.waitForSelector(`${card}[data-status="streaming"]`, { timeout: 10_000 });
		await page.waitForFunction(
			(sel: string) => Number(document.querySelector(sel)?.getAttribute('data-gaps')) >= 1,
			{ timeout: 10_000 },
			card
		);
		const [start, end] = (await page.$eval(card, (e) => e.getAttribute('data-last-gap')))!
			.split('-')
			.map(Number);
		expect(end - start).toBeGreaterThan(2.5);
		expect(end - start).toBeLessThan(10);
		expect(watched.errors).toEqual([]);
	});
});
