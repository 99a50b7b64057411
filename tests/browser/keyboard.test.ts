/**
 * Keyboard only (Tab, Shift+Tab, Enter): someone who cannot reach a touch screen or mouse from the
 * floor, or uses a switch device, can reach the pairing screen, add the simulated wearable, meet a
 * problem with focus already on the way forward, and forget a wearable with the two-step confirm.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { screenshot, type PageWatch } from './support/harness';
import { useScenario } from './support/scenario';

let page: Page;
let watched: PageWatch;

const focused = (selector: string) =>
	page.evaluate((s: string) => document.activeElement?.matches(s) ?? false, selector);

/** Press Tab until `selector` has focus (as a person would), failing after `max` presses. */
async function tabTo(selector: string, max = 40): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await focused(selector)) return;
	}
	throw new Error(`Tab never reached ${selector}`);
}

// Web Bluetooth on, with no wearables around: the chooser opens and can only be cancelled.
useScenario({ path: '/', pageHook: false }, (s) => ({ page, watched } = s));

describe('keyboard only', () => {
	it('reaches the pairing screen from the home page', async () => {
		// The big link starts a session now (issue 9); the pairing screen is the next link.
		await tabTo('main a[href="/pair"]');
		await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await page.waitForSelector('button[data-kind="hr-strap"]');
		expect(new URL(page.url()).pathname).toBe('/pair');
	});

	it('adds the simulated wearable with Tab and Enter', async () => {
		await tabTo('button[data-kind="simulated"]');
		await page.keyboard.press('Enter');
		await page.waitForSelector('[data-testid="device"][data-status="streaming"]', { timeout: 10_000 });
		await page.waitForFunction(
			() => Number(document.querySelector('[data-testid="device"]')?.getAttribute('data-heart-rate')) > 40,
			{ timeout: 10_000 }
		);
	});

	it('a problem takes focus to its way forward, which Enter follows', async () => {
		await tabTo('button[data-kind="hr-strap"]');
		let prompt = page.waitForDevicePrompt({ timeout: 5000 });
		await page.keyboard.press('Enter');
		await (await prompt).cancel();
		await page.waitForSelector('[data-testid="error"][data-code="cancelled"]');
		await page.waitForFunction(() => document.activeElement?.closest('[data-testid="error"]') !== null);
		expect(await focused('[data-testid="error"] button.secondary')).toBe(true);
		await screenshot(page, 'keyboard-error-focus');
		// Enter on the focused "Choose again" opens the chooser again.
		prompt = page.waitForDevicePrompt({ timeout: 5000 });
		await page.keyboard.press('Enter');
		await (await prompt).cancel();
		await page.waitForFunction(() =>
			document.activeElement?.matches('[data-testid="error"] button.secondary')
		);
		// Tab to Close and dismiss.
		await page.keyboard.press('Tab');
		expect(await focused('[data-testid="error"] button.quiet')).toBe(true);
		await page.keyboard.press('Enter');
		await page.waitForSelector('[data-testid="error"]', { hidden: true });
	});

	it('forgets a wearable only after confirming, keeping focus in place', async () => {
		await tabTo('[data-testid="forget"]');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement?.matches('[data-testid="forget-keep"]'));
		// "Keep" is the safe default: Enter keeps it, and focus returns to the Forget button.
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement?.matches('[data-testid="forget"]'));
		expect(await page.$('[data-testid="device"]')).not.toBeNull();
		await page.keyboard.press('Enter');
		await tabTo('[data-testid="forget-yes"]', 3);
		await page.keyboard.press('Enter');
		await page.waitForSelector('[data-testid="device"]', { hidden: true });
		expect(watched.errors).toEqual([]);
	});
});
