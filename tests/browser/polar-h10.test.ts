/**
 * A Polar H10 in real Chromium: feature read, PMD start commands answered by indications, ACC and
 * ECG frames decoded with sample times from the frame timestamps, and the streams stopped when the
 * person forgets the strap (an H10 left streaming drains its battery).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { encodeHeartRateMeasurement } from '../../src/lib/core/protocols/heart-rate';
import {
	encodePmdAccFrame,
	encodePmdEcgFrame,
	PMD_CONTROL_POINT,
	PMD_DATA,
	PMD_SERVICE
} from '../../src/lib/core/protocols/pmd';
import { PmdDevice } from '../../src/lib/core/simulate/pmd-device';
import { uuid16, type BleEmulator, type PeripheralSpec, type WriteRecord } from './support/ble-emulator';
import { screenshot, type PageWatch } from './support/harness';
import { deviceCard, pickDevice, useScenario, waitForAttribute } from './support/scenario';

const H10 = 'A0:9E:1A:00:00:10';
const NAME = 'Polar H10 ABCD1234';
const HRM = uuid16(0x2a37);
const CARD = deviceCard(NAME);

let ble: BleEmulator;
let page: Page;
let watched: PageWatch;
const commands: string[] = [];
/** Resolves once the sensor has received `n` commands (no polling: called from the write hook). */
let commandWaiter: { n: number; resolve: () => void } | null = null;
function commandsReceived(n: number): Promise<void> {
	if (commands.length >= n) return Promise.resolve();
	return new Promise((resolve, reject) => {
		// A bound for a clear failure message, not a wait: success resolves as soon as it happens.
		const bound = setTimeout(
			() => reject(new Error(`only ${commands.length} of ${n} commands arrived`)),
			10_000
		);
		commandWaiter = {
			n,
			resolve: () => {
				clearTimeout(bound);
				resolve();
			}
		};
	});
}

/** The strap's side of PMD: the app's one H10 simulator. */
const pmd = new PmdDevice();

const SENSOR: PeripheralSpec = {
	address: H10,
	name: NAME,
	services: [
		{ uuid: uuid16(0x180d), characteristics: [{ uuid: HRM, properties: { notify: true } }] },
		{
			uuid: uuid16(0x180f),
			characteristics: [{ uuid: uuid16(0x2a19), properties: { read: true }, value: [95] }]
		},
		{
			uuid: PMD_SERVICE,
			characteristics: [
				{
					uuid: PMD_CONTROL_POINT,
					properties: { read: true, write: true, indicate: true },
					value: Array.from(pmd.features())
				},
				{ uuid: PMD_DATA, properties: { notify: true } }
			]
		}
	]
};

/** The sensor's side of the control point: every command answered by the simulator's indication. */
function answerPmdCommand(w: WriteRecord): void {
	if (w.uuid !== PMD_CONTROL_POINT) return;
	const reply = pmd.command(Uint8Array.from(w.bytes), 0);
	const cmd = pmd.received.at(-1);
	if (!reply || !cmd) return;
	commands.push(
		`${cmd.op} ${cmd.measurement}${cmd.settings?.sampleRateHz ? ` ${cmd.settings.sampleRateHz} Hz` : ''}`
	);
	if (commandWaiter && commands.length >= commandWaiter.n) commandWaiter.resolve();
	void ble.notify(page, H10, PMD_CONTROL_POINT, reply).catch((e: unknown) => ble.errors.push(e));
}

useScenario({ path: '/pair', peripherals: [SENSOR] }, (s) => {
	({ ble, page, watched } = s);
	ble.onWrite = answerPmdCommand;
});

describe('Polar H10', () => {
	it('starts ACC and ECG and decodes their frames', async () => {
		await pickDevice(page, 'polar-h10', H10);
		await page.waitForSelector(`${CARD}[data-status="streaming"]`, { timeout: 10_000 });
		expect(commands).toEqual(['start ACC 200 Hz', 'start ECG 130 Hz']);

		const base = 820_454_400_000_000_000n;
		for (let f = 1; f <= 3; f++) {
			const n = 36;
			const x = Array.from({ length: n }, (_, i) => Math.round(300 + 20 * Math.sin((f * n + i) / 40)));
			await ble.notify(
				page,
				H10,
				PMD_DATA,
				encodePmdAccFrame({
					timestampNs: base + BigInt(f * 180_000_000), // 36 samples at 200 Hz
					x,
					y: x.map(() => -60),
					z: x.map(() => 950)
				})
			);
			const uv = Array.from({ length: 73 }, (_, i) => (i % 40 === 0 ? 1100 : 20));
			await ble.notify(
				page,
				H10,
				PMD_DATA,
				encodePmdEcgFrame({ timestampNs: base + BigInt(Math.round((f * 73 * 1e9) / 130)), microVolts: uv })
			);
			await ble.notify(page, H10, HRM, encodeHeartRateMeasurement({ heartRateBpm: 60 + f, rrRaw: [1000] }));
		}
		// 3 × 36 ACC + 3 × 73 ECG + 3 RR samples.
		await waitForAttribute(page, NAME, 'data-samples', String(3 * 36 + 3 * 73 + 3), 5000);
		expect(await page.$eval(CARD, (e) => e.getAttribute('data-heart-rate'))).toBe('63');
		expect(await page.$eval(CARD, (e) => e.getAttribute('data-gaps'))).toBe('0');
		expect(await page.$eval(CARD, (e) => e.textContent)).toContain('Battery 95%');
		await screenshot(page, 'connected-h10');
	});

	it('stops the streams on the strap when it is forgotten', async () => {
		await page.click(`${CARD} [data-testid="forget"]`);
		await page.click(`${CARD} [data-testid="forget-yes"]`);
		await page.waitForSelector(CARD, { hidden: true });
		// The stop commands reach the sensor after the card is gone; wait for them, not for a clock.
		await commandsReceived(4);
		expect(commands.slice(2).sort()).toEqual(['stop ACC', 'stop ECG']);
		expect(ble.errors).toEqual([]);
		expect(watched.errors).toEqual([]);
	});
});
