/**
 * The main states of the exercise screens for the axe run: each is reached from a fresh browser
 * context (its own storage), the way a person gets there.
 */
import type { Page } from 'puppeteer-core';

export interface AuditState {
	name: string;
	reach(page: Page, origin: string): Promise<void>;
}

async function press(page: Page, label: string): Promise<void> {
	const button = await page.waitForSelector(`xpath/.//button[contains(., "${label}")]`);
	await button!.click();
}

async function safetyCheck(page: Page, origin: string, yes: string | null): Promise<void> {
	await page.goto(`${origin}/care/check`, { waitUntil: 'networkidle0' });
	const names = await page.$$eval('fieldset input[data-answer="yes"]', (els) =>
		els.map((e) => (e as HTMLInputElement).name)
	);
	for (const name of names)
		await page.click(`label:has(input[name="${name}"][data-answer="${name === yes ? 'yes' : 'no'}"])`);
	await page.click('button[type="submit"]');
	await page.waitForSelector(yes ? '#see-doctor' : '#clear');
}

async function stretchReady(page: Page, origin: string): Promise<void> {
	await safetyCheck(page, origin, null);
	await page.goto(`${origin}/stretch`, { waitUntil: 'networkidle0' });
	await press(page, 'Start the programme');
	await page.waitForSelector('#ready');
}

export const AUDIT_STATES: AuditState[] = [
	{
		name: '/care/check: see a doctor now',
		reach: (page, origin) => safetyCheck(page, origin, 'leg-weakness')
	},
	{
		name: '/care: a timer running',
		async reach(page, origin) {
			await safetyCheck(page, origin, null);
			await page.goto(`${origin}/care`, { waitUntil: 'networkidle0' });
			await press(page, 'Start a cold pack');
			await page.waitForSelector('[role="timer"]');
		}
	},
	{
		name: '/stretch: stopped by the safety check',
		async reach(page, origin) {
			await safetyCheck(page, origin, 'fever-unwell');
			await page.goto(`${origin}/stretch`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('#see-doctor');
		}
	},
	{
		name: '/stretch: set up',
		async reach(page, origin) {
			await safetyCheck(page, origin, null);
			await page.goto(`${origin}/stretch`, { waitUntil: 'networkidle0' });
			await page.waitForSelector('article');
		}
	},
	{ name: '/stretch: ready for an exercise', reach: stretchReady },
	{
		name: '/stretch: mid-hold',
		async reach(page, origin) {
			await stretchReady(page, origin);
			await press(page, 'in position');
			await page.waitForSelector('[data-phase="hold"]');
		}
	},
	{
		name: '/stretch: mid-rest',
		async reach(page, origin) {
			await stretchReady(page, origin);
			await press(page, 'in position');
			await press(page, 'End this hold');
			await page.waitForSelector('[data-phase="rest"]');
		}
	},
	{
		name: '/session: live with a simulated wearable',
		async reach(page, origin) {
			await page.goto(`${origin}/session`, { waitUntil: 'networkidle0' });
			await press(page, 'imulated');
			await page.waitForFunction(() => !document.querySelector('button.start')?.hasAttribute('disabled'), {
				timeout: 10_000
			});
			await page.click('button.start');
			await page.waitForSelector('[data-testid="pacer-words"]', { timeout: 10_000 });
		}
	}
];
