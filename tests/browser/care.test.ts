/**
 * The care plan and the safety check in the built app: a "see a doctor" answer stops the
 * exercises, a clear check lets them start; care timers are stored, so they keep counting through
 * a reload and announce an end that happened while the tab was closed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { screenshot, type PageWatch, type Served } from './support/harness';
import { useScenario } from './support/scenario';
import { answerSafetyCheck, atSizes, DESKTOP } from './support/care';
import { axeViolations } from './support/axe';

let served: Served;
let page: Page;
let watched: PageWatch;

useScenario({ path: '/stretch', bluetooth: false }, (s) => ({ served, page, watched } = s));
beforeAll(() => page.setViewport(DESKTOP));

const text = (sel: string) => page.$eval(sel, (e) => (e as HTMLElement).innerText);

describe('safety check', () => {
	it('is asked before the first stretch', async () => {
		await page.waitForSelector('a[href$="/care/check?next=/stretch"]');
		expect(await page.$('button.big')).toBeNull();
		await Promise.all([page.waitForNavigation(), page.click('a[href$="/care/check?next=/stretch"]')]);
		expect(await text('main')).toContain('Tidal is a self-care aid, not a diagnosis.');
		// Said once, plainly: not repeated on the page.
		expect((await text('body')).split('not a diagnosis').length).toBe(2);
		expect(await axeViolations(page)).toEqual([]);
	});

	it('asks for every answer before giving a clear result', async () => {
		await page.click('label:has(input[name="bladder-bowel"][data-answer="no"])');
		await page.click('button[type="submit"]');
		await page.waitForSelector('.missing[role="alert"]');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-saddle-numbness');
	});

	it('a yes stops the exercise flow with "see a doctor now"', async () => {
		await answerSafetyCheck(page, ['leg-weakness']);
		await page.waitForSelector('#see-doctor');
		expect(await text('.stop')).toMatch(/See a doctor now/);
		expect(await text('.stop')).toMatch(/newly weak/);
		expect(await axeViolations(page)).toEqual([]);
		await atSizes(page, 'care-red-flag-outcome');
		// The stretches are stopped, and stay stopped after a reload.
		await page.goto(`${served.url}/stretch`, { waitUntil: 'networkidle0' });
		await page.waitForSelector('#see-doctor');
		expect(await page.$('button.big')).toBeNull();
		await page.reload({ waitUntil: 'networkidle0' });
		await page.waitForSelector('#see-doctor');
		expect(await text('main')).not.toContain('Start the programme');
		await screenshot(page, 'stretch-stopped');
	});

	it('a clear check (taken again) goes back to the stretches', async () => {
		await page.goto(`${served.url}/care/check?next=/stretch`, { waitUntil: 'networkidle0' });
		// The stored outcome is still shown: the form comes back only when asked for.
		await page.waitForSelector('#see-doctor');
		await page.click('xpath/.//button[contains(., "check again")]');
		await answerSafetyCheck(page, []);
		await page.waitForFunction(() => location.pathname === '/stretch');
		await page.waitForSelector('button.big:not([disabled])');
		expect(await text('button.big')).toContain('Start the programme');
	});
});

describe('care plan timers', () => {
	it('switches from cold to heat 72 hours after the spasm started', async () => {
		await page.goto(`${served.url}/care`, { waitUntil: 'networkidle0' });
		expect(await text('.steps')).toContain('Cold pack');
		await setSpasmStart(page, Date.now() - 71 * 3600_000);
		expect(await text('.steps')).toContain('Cold until');
		await setSpasmStart(page, Date.now() - 73 * 3600_000);
		await page.waitForFunction(() => document.querySelector('.steps')?.textContent?.includes('Moist heat'));
		expect(await text('.steps')).not.toContain('Cold pack wrapped');
	});

	it('a running timer survives a reload and counts from when it started', async () => {
		await setSpasmStart(page, Date.now() - 3600_000);
		await page.click('xpath/.//button[contains(., "Start a cold pack")]');
		await page.waitForSelector('[role="timer"]');
		await new Promise((r) => setTimeout(r, 2200));
		await page.reload({ waitUntil: 'networkidle0' });
		await page.waitForSelector('[role="timer"]');
		const left = await text('[role="timer"]');
		const [m, s] = left.split(':').map(Number);
		expect(m * 60 + s).toBeLessThanOrEqual(20 * 60 - 2);
		expect(m * 60 + s).toBeGreaterThan(19 * 60);
		expect(await axeViolations(page)).toEqual([]);
		await atSizes(page, 'care-plan-running-timer');
	});

	it('a timer that ended while the tab was closed is announced on opening, and notified where allowed', async () => {
		const context = page.browserContext();
		await context.overridePermissions(served.url, ['notifications']);
		// Move the stored start back, as if the tab had been closed for 25 minutes.
		await page.evaluate(() => {
			const care = JSON.parse(localStorage.getItem('tidal.care.v1')!);
			for (const t of care.timers) t.startedAt -= 25 * 60_000;
			localStorage.setItem('tidal.care.v1', JSON.stringify(care));
		});
		await page.reload({ waitUntil: 'networkidle0' });
		await page.waitForSelector('.alert');
		expect(await text('[role="alert"]')).toContain('Take the cold pack off now');
		const shown = await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.ready;
			for (let i = 0; i < 20; i++) {
				const list = await reg.getNotifications();
				if (list.length) return list.map((n) => n.body);
				await new Promise((r) => setTimeout(r, 100));
			}
			return [];
		});
		expect(shown).toContain('Take the cold pack off now');
		expect(await axeViolations(page)).toEqual([]);
		await page.click('.alert button');
		expect(await page.$('.alert')).toBeNull();
		expect(watched.errors).toEqual([]);
	});
});

async function setSpasmStart(page: Page, ms: number): Promise<void> {
	const local = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
	await page.$eval(
		'#spasm-start',
		(el, v) => {
			const input = el as HTMLInputElement;
			input.value = v;
			input.dispatchEvent(new Event('input', { bubbles: true }));
			input.dispatchEvent(new Event('change', { bubbles: true }));
		},
		local
	);
}
