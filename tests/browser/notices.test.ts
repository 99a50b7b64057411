/**
 * What a new user sees on a simulated wearable's card when its data has holes: a scripted 3 s
 * drop-out told with its measured length, in the kind's own words; then, during a disconnection,
 * the reconnecting notice alone (one calm notice at a time); and axe finding nothing in any state.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { axeViolations } from './support/axe';
import { screenshot, type PageWatch } from './support/harness';
import { deviceAttribute, deviceCard, useScenario, waitForAttribute } from './support/scenario';

let page: Page;
let watched: PageWatch;
const H10 = 'Simulated H10';
const card = deviceCard(H10);

// Packets lost for 3 s from 4 s in (link kept), then the link lost for 4 s from 12 s in.
useScenario(
	{ path: '/pair?sim=dropout@4+3,disconnect@12+4', bluetooth: false },
	(s) => ({ page, watched } = s)
);

const notices = () => page.$$eval(`${card} .notices > *`, (els) => els.map((e) => e.textContent?.trim()));

describe('notices on a simulated wearable', () => {
	it('a 3 s drop-out is told with its measured length, in the kind’s own noun', async () => {
		await page.click('button[data-kind="simulated"]');
		await waitForAttribute(page, H10, 'data-status', 'streaming');
		await waitForAttribute(page, H10, 'data-gaps', '1', 12_000);
		const [start, end] = (await deviceAttribute(page, H10, 'data-last-gap'))!.split('-').map(Number);
		// Chest movement comes in frames of 0.72 s, sent on a 50 ms tick: 3 s of lost packets are
		// 3 s of samples give or take a tick, plus up to one frame.
		expect(end - start).toBeGreaterThan(2.85);
		expect(end - start).toBeLessThan(3.8);
		const text = await page.$eval(`${card} [data-testid="gap"]`, (e) => e.textContent);
		expect(text).toBe(
			`Nothing came in for ${(end - start).toFixed(1)} s, though the simulated strap stayed connected. That part is missing; nothing was filled in.`
		);
		expect(await page.$eval(`${card} [data-testid="forget"]`, (e) => e.textContent?.trim())).toBe(
			'Forget this simulated strap…'
		);
		await screenshot(page, 'notice-dropout');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('while reconnecting, the reconnecting notice stands alone', async () => {
		await waitForAttribute(page, H10, 'data-status', 'reconnecting', 12_000);
		expect(await notices()).toEqual([
			'Strap out of reach — reconnecting… Everything received so far is kept.'
		]);
		expect(await page.$(`${card} [data-testid="gap"]`)).toBeNull();
		await screenshot(page, 'notice-reconnecting');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('back again: the newest gap is told, once', async () => {
		await waitForAttribute(page, H10, 'data-status', 'streaming', 15_000);
		await waitForAttribute(page, H10, 'data-gaps', '2', 10_000);
		const list = await notices();
		expect(list).toHaveLength(1);
		expect(list[0]).toMatch(
			/^The simulated strap was out of reach for \d+(\.\d)? s\. That part is missing; nothing was filled in\.$/
		);
		expect(await axeViolations(page)).toEqual([]);
		expect(watched.errors).toEqual([]);
	});
});
