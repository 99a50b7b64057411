/**
 * Pairing in real headless Chromium against emulated peripherals (CDP BluetoothEmulation):
 * chooser, heart rate on screen, a dropped link with calm reconnection and a visible gap, a
 * cancelled chooser, and two wearables at once; axe finds nothing in each of these states.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { encodeHeartRateMeasurement } from '../../src/lib/core/protocols/heart-rate';
import { encodeGdxMeasurement, GDX_RESPONSE, GdxCommandId } from '../../src/lib/core/protocols/gdx';
import { uuid16, type BleEmulator, type PeripheralSpec } from './support/ble-emulator';
import { axeViolations } from './support/axe';
import { screenshot, type PageWatch } from './support/harness';
import {
	answerGdxCommands,
	deviceAttribute,
	deviceCard as card,
	gdxBelt,
	pickDevice,
	useScenario,
	waitForAttribute
} from './support/scenario';

const STRAP = 'C0:FF:EE:00:00:01';
const BELT = 'C0:FF:EE:00:00:02';
const STRAP_NAME = 'Tidal Test Strap';
const BELT_NAME = 'GDX-RB 0K4000J6';
const HRM = uuid16(0x2a37);

const hr = (bpm: number, ...rrRaw: number[]) => encodeHeartRateMeasurement({ heartRateBpm: bpm, rrRaw });

const STRAP_SPEC: PeripheralSpec = {
	address: STRAP,
	name: STRAP_NAME,
	services: [
		{
			uuid: uuid16(0x180d),
			characteristics: [
				{ uuid: HRM, properties: { notify: true } },
				{ uuid: uuid16(0x2a38), properties: { read: true }, value: [0x01] }
			]
		},
		{
			uuid: uuid16(0x180f),
			characteristics: [{ uuid: uuid16(0x2a19), properties: { read: true, notify: true }, value: [87] }]
		}
	]
};

let ble: BleEmulator;
let page: Page;
let watched: PageWatch;
useScenario(
	{ path: '/pair', peripherals: [STRAP_SPEC, gdxBelt(BELT, BELT_NAME)] },
	(s) => ({ ble, page, watched } = s)
);

const attr = (name: string, attribute: string) => deviceAttribute(page, name, attribute);
const waitAttr = (name: string, attribute: string, value: string, timeout?: number) =>
	waitForAttribute(page, name, attribute, value, timeout);
const pick = (kind: string, address: string) => pickDevice(page, kind, address);

describe('pairing screen', () => {
	it('offers one big button per kind of wearable, and the simulated one', async () => {
		await page.waitForSelector('button[data-kind="hr-strap"]');
		const labels = await page.$$eval('button[data-kind] .label', (els) =>
			els.map((e) => e.textContent?.trim())
		);
		expect(labels).toEqual([
			'Heart-rate strap',
			'Polar H10',
			'Breathing belt',
			'This phone',
			'Simulated wearable'
		]);
		expect(await page.$('[data-testid="unsupported"]')).toBeNull();
		await screenshot(page, 'pairing-screen');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('explains a cancelled chooser calmly', async () => {
		const prompt = page.waitForDevicePrompt({ timeout: 5000 });
		await page.click('button[data-kind="hr-strap"]');
		await (await prompt).cancel();
		await page.waitForSelector('[data-testid="error"][data-code="cancelled"]');
		const title = await page.$eval('[data-testid="error"] h2', (e) => e.textContent);
		expect(title).toBe('No wearable chosen');
		await page.click('[data-testid="error"] button.quiet');
		await page.waitForSelector('[data-testid="error"]', { hidden: true });
	});
});

describe('heart-rate strap', () => {
	it('pairs through the chooser and shows heart rate decoded from notifications', async () => {
		await pick('hr-strap', STRAP);
		await page.waitForSelector(card(STRAP_NAME));
		await waitAttr(STRAP_NAME, 'data-status', 'streaming');
		expect(await page.$eval(card(STRAP_NAME), (e) => e.textContent)).toContain('Battery 87%');
		// RR values (1/1024 s) far shorter than the heart rate says: the test sends these within a
		// fraction of a second, and a real strap cannot report beats faster than they happen. Beats
		// that ran seconds ahead of real time would (rightly) hide the gap after the drop below.
		const frames: [number, ...number[]][] = [
			[75, 80, 85],
			[76, 90],
			[78, 70, 75],
			[80, 88],
			[77, 81, 79]
		];
		for (const [bpm, ...rr] of frames) await ble.notify(page, STRAP, HRM, hr(bpm, ...rr));
		await waitAttr(STRAP_NAME, 'data-heart-rate', '77');
		expect(await page.$eval(`${card(STRAP_NAME)} [data-testid="heart-rate"]`, (e) => e.textContent)).toBe(
			'77'
		);
		expect(await attr(STRAP_NAME, 'data-samples')).toBe('8'); // every RR value kept
		expect(await attr(STRAP_NAME, 'data-gaps')).toBe('0');
		// Remembered for next time.
		const stored = await page.evaluate(() => localStorage.getItem('tidal.wearables.v1'));
		expect(JSON.parse(stored ?? '[]')).toMatchObject([{ name: STRAP_NAME, kind: 'hr-strap' }]);
		await screenshot(page, 'connected-strap');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('skips a damaged packet with a count, and keeps going', async () => {
		await ble.notify(page, STRAP, HRM, [0x10]); // flags only: truncated
		await ble.notify(page, STRAP, HRM, hr(79, 76));
		await waitAttr(STRAP_NAME, 'data-heart-rate', '79');
		expect(await attr(STRAP_NAME, 'data-skipped')).toBe('1');
		expect(await attr(STRAP_NAME, 'data-samples')).toBe('9');
		expect(await page.$eval(`${card(STRAP_NAME)} [data-testid="skipped"]`, (e) => e.textContent)).toMatch(
			/1 damaged packet skipped/
		);
		expect(watched.errors).toEqual([]);
	});

	it('stays calm when the strap drops, reconnects by itself, and shows the gap', async () => {
		// Refuse the first two attempts (HCI 0x3e): back-off 0.5 s, 1 s, 2 s → back after ~3.5 s.
		ble.failNextConnections(STRAP, [0x3e, 0x3e]);
		const before = ble.connections(STRAP);
		await ble.disconnect(STRAP);
		await waitAttr(STRAP_NAME, 'data-status', 'reconnecting', 3000);
		const notice = await page.$eval(`${card(STRAP_NAME)} .notice`, (e) => e.textContent);
		expect(notice).toBe('Strap out of reach — reconnecting…');
		await screenshot(page, 'reconnecting');
		expect(await axeViolations(page)).toEqual([]);
		await waitAttr(STRAP_NAME, 'data-status', 'streaming', 10_000);
		expect(ble.connections(STRAP)).toBe(before + 1);
		// Data resumes on the new subscription; the missing span stays missing.
		for (const [bpm, rr] of [
			[70, 877],
			[68, 903],
			[69, 890]
		]) {
			await ble.notify(page, STRAP, HRM, hr(bpm, rr));
		}
		await waitAttr(STRAP_NAME, 'data-heart-rate', '69');
		expect(await attr(STRAP_NAME, 'data-samples')).toBe('12');
		expect(await attr(STRAP_NAME, 'data-gaps')).toBe('1');
		const [start, end] = (await attr(STRAP_NAME, 'data-last-gap'))!.split('-').map(Number);
		expect(end - start).toBeGreaterThan(2.5);
		expect(end - start).toBeLessThan(10);
		expect(await page.$eval(`${card(STRAP_NAME)} [data-testid="gap"]`, (e) => e.textContent)).toMatch(
			/^The strap was out of reach for \d+(\.\d)? s\. That part is missing; nothing was filled in\.$/
		);
		await screenshot(page, 'reconnected-with-gap');
		expect(await axeViolations(page)).toEqual([]);
	});
});

describe('two wearables at once', () => {
	it('pairs a breathing belt next to the strap, both streaming on one clock', async () => {
		// The belt answers Go Direct commands: INIT, status, period, start.
		ble.onWrite = answerGdxCommands(ble, page, BELT, (commandId) =>
			commandId === GdxCommandId.GET_STATUS ? [0, 0, 1, 20, 0, 0, 2, 0, 0, 7, 64, 0] : [0]
		);
		await pick('gdx-belt', BELT);
		await page.waitForSelector(card(BELT_NAME));
		await waitAttr(BELT_NAME, 'data-status', 'streaming');
		const commands = ble.writes.filter((w) => w.address === BELT).map((w) => w.bytes[4]);
		expect(commands).toContain(GdxCommandId.INIT);
		expect(commands).toContain(GdxCommandId.SET_MEASUREMENT_PERIOD);
		expect(commands).toContain(GdxCommandId.START_MEASUREMENTS);
		expect(await page.$eval(card(BELT_NAME), (e) => e.textContent)).toContain('Battery 64%');

		// Interleave belt packets (one split over two notifications) with strap beats.
		for (let i = 0; i < 20; i++) {
			const force = [2 + Math.sin(i / 3), 2 + Math.sin((i + 0.5) / 3)];
			const packet = encodeGdxMeasurement({ deviceCounter: i, sensors: [1], values: [force] });
			if (i === 5) {
				await ble.notify(page, BELT, GDX_RESPONSE, packet.slice(0, 8));
				await ble.notify(page, BELT, GDX_RESPONSE, packet.slice(8));
			} else await ble.notify(page, BELT, GDX_RESPONSE, packet);
			if (i % 5 === 0) await ble.notify(page, STRAP, HRM, hr(90 + i / 5, 700));
		}
		await waitAttr(BELT_NAME, 'data-samples', '40');
		await waitAttr(STRAP_NAME, 'data-heart-rate', '93');
		expect(await attr(STRAP_NAME, 'data-status')).toBe('streaming');
		expect(await attr(BELT_NAME, 'data-status')).toBe('streaming');
		expect(ble.errors).toEqual([]);
		await screenshot(page, 'two-devices');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('forgetting the strap takes a second tap, and leaves the belt running', async () => {
		await page.click(`${card(STRAP_NAME)} [data-testid="forget"]`);
		await page.waitForSelector(`${card(STRAP_NAME)} [data-testid="forget-confirm"]`);
		expect(
			await page.$eval(`${card(STRAP_NAME)} [data-testid="forget-confirm"]`, (e) => e.textContent)
		).toMatch(/Forget this strap\? Its data from this visit is discarded\./);
		await screenshot(page, 'forget-confirm');
		expect(await axeViolations(page)).toEqual([]);
		// "Keep" changes nothing.
		await page.click(`${card(STRAP_NAME)} [data-testid="forget-keep"]`);
		await page.waitForSelector(`${card(STRAP_NAME)} [data-testid="forget"]`);
		expect(await attr(STRAP_NAME, 'data-status')).toBe('streaming');
		await page.click(`${card(STRAP_NAME)} [data-testid="forget"]`);
		await page.click(`${card(STRAP_NAME)} [data-testid="forget-yes"]`);
		await page.waitForSelector(card(STRAP_NAME), { hidden: true });
		expect(await attr(BELT_NAME, 'data-status')).toBe('streaming');
		const stored = await page.evaluate(() => localStorage.getItem('tidal.wearables.v1'));
		expect(JSON.parse(stored ?? '[]').map((r: { name: string }) => r.name)).toEqual([BELT_NAME]);
		expect(watched.errors).toEqual([]);
	});
});
