/**
 * A session recorded live with the simulated wearable (which drops out for 8 s at 20 s), ended, and
 * opened from history: the review shows the breaths the session counted and the dropout as a gap.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { drawAllCharts } from './support/charts';
import {
	launchChromium,
	screenshot,
	servePreview,
	watchPage,
	type Launched,
	type Served
} from './support/harness';

let served: Served;
let chromium: Launched;

beforeAll(async () => {
	served = await servePreview();
	chromium = await launchChromium({ bluetooth: false });
});
afterAll(async () => {
	await chromium?.close();
	await served?.close();
});

/** Polls from Node (one long waitForFunction would outlive the harness's protocol timeout). */
async function until(page: Page, fn: () => boolean, timeoutMs: number): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await page.evaluate(fn))) {
		if (Date.now() > end) throw new Error(`Timed out waiting for ${fn.toString()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent?.trim() ?? '');

describe('a recorded session in review', () => {
	it('shows the breaths the session counted and its dropout as a gap', async () => {
		const page = await chromium.browser.newPage();
		await page.setViewport({ width: 1000, height: 900 });
		const errors = watchPage(page).errors;
		await page.goto(`${served.url}/session?sim=disconnect@20+8`);
		await page.waitForSelector('[data-testid="session-wearable"]');
		await page.click('button.start');
		await page.waitForSelector('[data-stage]');
		// Through the dropout and back, then some breaths after it.
		await until(page, () => document.querySelector('[data-testid="away"]') !== null, 45_000);
		await until(page, () => document.querySelector('[data-testid="away"]') === null, 40_000);
		await new Promise((r) => setTimeout(r, 25_000));
		await page.click('button.end');
		await page.waitForSelector('[data-testid="summary"]');
		const counted = Number(await text(page, '[data-testid="summary-breaths"]'));
		expect(counted).toBeGreaterThan(0);

		await page.goto(`${served.url}/history`);
		await page.waitForSelector('[data-testid="history"][data-loaded="true"] li[data-id] a.open');
		expect(await text(page, '[data-testid="count"]')).toBe('1 of 1 sessions');
		await page.click('li[data-id] a.open');
		await page.waitForSelector('[data-testid="review"][data-status="ready"]');
		expect(Number(await text(page, '[data-testid="breath-count"]'))).toBe(counted);
		expect(Number(await text(page, '[data-testid="gap-count"]'))).toBeGreaterThanOrEqual(1);
		expect(await text(page, '[data-testid="gaps"]')).toMatch(/without signal/);
		await drawAllCharts(page);
		await screenshot(page, 'review-recorded');
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	}, 150_000);
});
