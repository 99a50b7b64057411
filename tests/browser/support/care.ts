/** Helpers the care, stretch and offline browser tests share. */
import type { Page } from 'puppeteer-core';
import { screenshot } from './harness';

/** Answer the safety check: yes to `yes`, no to every other question, and submit. */
export async function answerSafetyCheck(page: Page, yes: string[]): Promise<void> {
	await page.waitForSelector('form fieldset');
	const names = await page.$$eval('fieldset input[data-answer="yes"]', (els) =>
		els.map((e) => (e as HTMLInputElement).name)
	);
	for (const name of names) {
		await page.click(`label:has(input[name="${name}"][data-answer="${yes.includes(name) ? 'yes' : 'no'}"])`);
	}
	await page.click('button[type="submit"]');
}

/**
 * Phone size without touch emulation: switching puppeteer's isMobile reloads the page, which
 * would end a simulated wearable mid-programme; the layout follows the width either way.
 */
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: false, hasTouch: false };
export const DESKTOP = { width: 1280, height: 800, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

/** Screenshots at phone and desktop sizes; the page is left at desktop size. */
export async function atSizes(page: Page, name: string): Promise<void> {
	await page.setViewport(PHONE);
	await screenshot(page, `${name}-phone`);
	await page.setViewport(DESKTOP);
	await screenshot(page, `${name}-desktop`);
}
