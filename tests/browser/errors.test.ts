/**
 * Pairing problems in real Chromium, each with its own plain-language message: a wearable busy
 * with another app (connection refused), the wrong device picked, and no Bluetooth adapter (off or missing).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { GdxCommandId } from '../../src/lib/core/protocols/gdx';
import { uuid16, type BleEmulator } from './support/ble-emulator';
import { axeViolations } from './support/axe';
import { screenshot, type Launched } from './support/harness';
import {
	answerGdxCommands,
	chooseDevice,
	deviceCard,
	gdxBelt,
	pickDevice,
	useScenario
} from './support/scenario';

const STRAP = 'C0:FF:EE:00:00:11';
const NOT_A_BELT = 'C0:FF:EE:00:00:12';
const STUBBORN_BELT = 'C0:FF:EE:00:00:13';
const STUBBORN_NAME = 'GDX-RB STUBBORN';
/** The stubborn belt refuses to start measuring while this is true. */
let refuseStart = true;

let chromium: Launched;
let ble: BleEmulator;
let page: Page;

const pick = (kind: string, address: string) => pickDevice(page, kind, address);

async function errorShown(): Promise<{ code: string | null; title: string | null; action: string | null }> {
	await page.waitForSelector('[data-testid="error"]', { timeout: 10_000 });
	return page.$eval('[data-testid="error"]', (e) => ({
		code: e.getAttribute('data-code'),
		title: e.querySelector('h2')?.textContent ?? null,
		action: e.querySelector('button')?.textContent ?? null
	}));
}

useScenario(
	{
		path: '/pair',
		peripherals: [
			{
				address: STRAP,
				name: 'Busy Strap',
				services: [
					{ uuid: uuid16(0x180d), characteristics: [{ uuid: uuid16(0x2a37), properties: { notify: true } }] }
				]
			},
			// Named like a Go Direct belt, but without the belt's service.
			{
				address: NOT_A_BELT,
				name: 'GDX-RB NOTABELT',
				services: [
					{
						uuid: uuid16(0x180f),
						characteristics: [{ uuid: uuid16(0x2a19), properties: { read: true }, value: [50] }]
					}
				]
			},
			gdxBelt(STUBBORN_BELT, STUBBORN_NAME)
		]
	},
	(s) => {
		({ chromium, ble, page } = s);
		// The belt's side: answer every command; START with a refusal (status 1) while refuseStart.
		ble.onWrite = answerGdxCommands(ble, page, STUBBORN_BELT, (commandId) => [
			commandId === GdxCommandId.START_MEASUREMENTS && refuseStart ? 1 : 0
		]);
	}
);

describe('pairing problems', () => {
	it('a wearable that refuses the connection (busy with another app)', async () => {
		ble.failNextConnections(STRAP, [0x3e]);
		await pick('hr-strap', STRAP);
		const e = await errorShown();
		expect(e).toEqual({ code: 'busy', title: 'The wearable did not answer', action: 'Try again' });
		expect(await page.$('[data-testid="device"]')).toBeNull();
		await screenshot(page, 'error-busy');
		expect(await axeViolations(page)).toEqual([]);
		// "Try again" opens the chooser again and now connects.
		await chooseDevice(page, '[data-testid="error"] button.secondary', STRAP);
		await page.waitForSelector('[data-testid="device"][data-status="streaming"]', { timeout: 10_000 });
		expect(await page.$('[data-testid="error"]')).toBeNull();
	});

	it('the wrong device picked', async () => {
		await pick('gdx-belt', NOT_A_BELT);
		const e = await errorShown();
		expect(e.code).toBe('wrong-device');
		expect(e.title).toBe('That is a different kind of device');
		// Nothing half-connected is left behind.
		const names = await page.$$eval('[data-testid="device"]', (els) =>
			els.map((x) => x.getAttribute('data-name'))
		);
		expect(names).toEqual(['Busy Strap']);
		await page.click('[data-testid="error"] button.quiet');
	});

	it('a belt that refuses to start measuring: a calm notice and "Try again", not silence', async () => {
		await pick('gdx-belt', STUBBORN_BELT);
		const card = deviceCard(STUBBORN_NAME);
		await page.waitForSelector(`${card} [data-testid="stream-notice"]`, { timeout: 10_000 });
		expect(await page.$eval(`${card} [data-testid="stream-notice"]`, (e) => e.textContent?.trim())).toBe(
			'The belt did not start measuring. Check it is switched on, then try again.'
		);
		expect(await page.$eval(card, (e) => e.getAttribute('data-skipped'))).toBe('0');
		expect(await page.$eval(`${card} [data-testid="status"]`, (e) => e.textContent)).toContain(
			'Not measuring'
		);
		await screenshot(page, 'belt-refused-start');
		expect(await axeViolations(page)).toEqual([]);
		refuseStart = false;
		await page.click(`${card} [data-testid="restart"]`);
		await page.waitForSelector(`${card} [data-testid="stream-notice"]`, { hidden: true, timeout: 10_000 });
		await page.waitForSelector(`${card}[data-status="streaming"]`, { timeout: 10_000 });
		expect(await page.$eval(`${card} [data-testid="status"]`, (e) => e.textContent)).toContain('Receiving');
		expect(ble.errors).toEqual([]);
	});

	it('no Bluetooth adapter (switched off or missing)', async () => {
		const cdp = await chromium.browser.target().createCDPSession();
		await ble.close();
		// 'absent' is what Chrome reports without a usable adapter; with 'powered-off' the emulated
		// chooser waits for the radio (a real browser then shows its own "turn Bluetooth on" hint).
		await cdp.send('BluetoothEmulation.enable', { state: 'absent', leSupported: true });
		await page.click('button[data-kind="polar-h10"]');
		const e = await errorShown();
		expect(e.code).toBe('bluetooth-off');
		expect(e.title).toBe('Bluetooth is off');
		await screenshot(page, 'error-bluetooth-off');
		expect(await axeViolations(page)).toEqual([]);
		await cdp.send('BluetoothEmulation.disable').catch(() => {});
	});
});
