/**
 * Pairing problems in real Chromium, each with its own plain-language message: a wearable busy
 * with another app (connection refused), the wrong device picked, and no Bluetooth adapter (off or missing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BleEmulator, uuid16 } from './support/ble-emulator';
import {
	launchChromium,
	screenshot,
	servePreview,
	watchPage,
	type Launched,
	type Served
} from './support/harness';

const STRAP = 'C0:FF:EE:00:00:11';
const NOT_A_BELT = 'C0:FF:EE:00:00:12';

let served: Served;
let chromium: Launched;
let ble: BleEmulator;
let page: Page;

async function pick(kind: string, address: string): Promise<void> {
	const prompt = page.waitForDevicePrompt({ timeout: 5000 });
	await page.click(`button[data-kind="${kind}"]`);
	const p = await prompt;
	await p.select(await p.waitForDevice((d) => d.id === address, { timeout: 5000 }));
}

async function errorShown(): Promise<{ code: string | null; title: string | null; action: string | null }> {
	await page.waitForSelector('[data-testid="error"]', { timeout: 10_000 });
	return page.$eval('[data-testid="error"]', (e) => ({
		code: e.getAttribute('data-code'),
		title: e.querySelector('h2')?.textContent ?? null,
		action: e.querySelector('button')?.textContent ?? null
	}));
}

beforeAll(async () => {
	served = await servePreview();
	chromium = await launchChromium();
	ble = await BleEmulator.attach(chromium.browser);
	await ble.addPeripheral({
		address: STRAP,
		name: 'Busy Strap',
		services: [
			{ uuid: uuid16(0x180d), characteristics: [{ uuid: uuid16(0x2a37), properties: { notify: true } }] }
		]
	});
	// Named like a Go Direct belt, but without the belt's service.
	await ble.addPeripheral({
		address: NOT_A_BELT,
		name: 'GDX-RB NOTABELT',
		services: [
			{
				uuid: uuid16(0x180f),
				characteristics: [{ uuid: uuid16(0x2a19), properties: { read: true }, value: [50] }]
			}
		]
	});
	page = await chromium.browser.newPage();
	watchPage(page);
	await ble.installPageHook(page);
	await page.goto(`${served.url}/pair`, { waitUntil: 'networkidle0' });
});

afterAll(async () => {
	await ble?.close();
	await chromium?.close();
	await served?.close();
});

describe('pairing problems', () => {
	it('a wearable that refuses the connection (busy with another app)', async () => {
		ble.failNextConnections(STRAP, [0x3e]);
		await pick('hr-strap', STRAP);
		const e = await errorShown();
		expect(e).toEqual({ code: 'busy', title: 'The wearable did not answer', action: 'Try again' });
		expect(await page.$('[data-testid="device"]')).toBeNull();
		await screenshot(page, 'error-busy');
		// "Try again" opens the chooser again and now connects.
		const prompt = page.waitForDevicePrompt({ timeout: 5000 });
		await page.click('[data-testid="error"] button.secondary');
		const p = await prompt;
		await p.select(await p.waitForDevice((d) => d.id === STRAP, { timeout: 5000 }));
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
		await cdp.send('BluetoothEmulation.disable').catch(() => {});
	});
});
