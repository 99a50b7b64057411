/**
 * One browser test file's world: the built app served, Chromium launched, the Bluetooth emulator
 * attached with its peripherals, and one page open at `path`; plus the chooser and device-card
 * helpers the test files share.
 *
 *   let page: Page;
 *   let ble: BleEmulator;
 *   useScenario({ path: '/pair', peripherals: [strap] }, (s) => ({ page, ble } = s));
 */
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
	decodeGdxCommand,
	encodeGdxReply,
	GDX_COMMAND,
	GDX_RESPONSE,
	GDX_SERVICE
} from '../../../src/lib/core/protocols/gdx';
import { BleEmulator, type PeripheralSpec, type WriteRecord } from './ble-emulator';
import { MotionSensors } from './motion-sensors';
import {
	launchChromium,
	servePreview,
	watchPage,
	type Launched,
	type PageWatch,
	type Served
} from './harness';

export interface ScenarioOptions {
	/** Where the page opens, e.g. '/' or '/pair'. */
	path: string;
	/** Web Bluetooth on, with the CDP emulator attached (default). `false`: as in Firefox. */
	bluetooth?: boolean;
	/** Install the emulator's notification hook in the page (default: with `bluetooth`). */
	pageHook?: boolean;
	/** Emulated peripherals, added before the page opens. */
	peripherals?: PeripheralSpec[];
	/** Extra Chromium switches. */
	launchArgs?: string[];
	/**
	 * Virtual motion sensors (accelerometer, linear acceleration, gyroscope) made before the page
	 * opens, so it has a phone's motion sensors; `denied`: motion access is refused for the site.
	 */
	motion?: boolean | { denied: boolean };
}

export interface Scenario {
	served: Served;
	chromium: Launched;
	ble: BleEmulator;
	page: Page;
	watched: PageWatch;
	/** The virtual motion sensors, with `motion`. */
	sensors: MotionSensors | null;
	close(): Promise<void>;
}

/** A scenario without Web Bluetooth has no emulator. */
export type PlainScenario = Omit<Scenario, 'ble'>;

export async function openScenario(options: ScenarioOptions & { bluetooth: false }): Promise<PlainScenario>;
export async function openScenario(options: ScenarioOptions): Promise<Scenario>;
export async function openScenario({
	path,
	bluetooth = true,
	pageHook = bluetooth,
	peripherals = [],
	launchArgs,
	motion = false
}: ScenarioOptions): Promise<Scenario | PlainScenario> {
	let served: Served | undefined;
	let chromium: Launched | undefined;
	let ble: BleEmulator | undefined;
	const close = async () => {
		await ble?.close();
		await chromium?.close();
		await served?.close();
	};
	try {
		served = await servePreview();
		chromium = await launchChromium({ bluetooth, args: launchArgs });
		if (bluetooth) {
			ble = await BleEmulator.attach(chromium.browser);
			for (const peripheral of peripherals) await ble.addPeripheral(peripheral);
		}
		const page = await chromium.browser.newPage();
		const watched = watchPage(page);
		if (ble && pageHook) await ble.installPageHook(page);
		const sensors = motion
			? await MotionSensors.attach(page, served.url, typeof motion === 'object' && motion.denied)
			: null;
		await page.goto(`${served.url}${path}`, { waitUntil: 'networkidle0' });
		return { served, chromium, ble, page, watched, sensors, close };
	} catch (err) {
		await close();
		throw err;
	}
}

/**
 * Open the scenario before this file's tests (handing it to `bind`, which usually copies its parts
 * into the file's variables) and close it after them.
 */
export function useScenario(
	options: ScenarioOptions & { bluetooth: false },
	bind: (s: PlainScenario) => void
): void;
export function useScenario(options: ScenarioOptions, bind: (s: Scenario) => void): void;
export function useScenario(options: ScenarioOptions, bind: (s: Scenario) => void): void {
	let scenario: Scenario | undefined;
	beforeAll(async () => {
		scenario = await openScenario(options);
		bind(scenario);
	});
	afterAll(async () => {
		await scenario?.close();
	});
}

/** Selector of the card of the wearable called `name`. */
export const deviceCard = (name: string): string => `[data-testid="device"][data-name="${name}"]`;

/** An attribute of the card of the wearable called `name`. */
export async function deviceAttribute(page: Page, name: string, attribute: string): Promise<string | null> {
	return page.$eval(deviceCard(name), (el, a) => el.getAttribute(a), attribute);
}

/** Wait until the card of the wearable called `name` has `attribute="value"`. */
export async function waitForAttribute(
	page: Page,
	name: string,
	attribute: string,
	value: string,
	timeout = 10_000
): Promise<void> {
	await page.waitForFunction(
		(sel: string, a: string, v: string) => document.querySelector(sel)?.getAttribute(a) === v,
		{ timeout },
		deviceCard(name),
		attribute,
		value
	);
}

/** Click `trigger`, which opens the browser's chooser, and pick `address` in it. */
export async function chooseDevice(page: Page, trigger: string, address: string): Promise<void> {
	const prompt = page.waitForDevicePrompt({ timeout: 5000 });
	await page.click(trigger);
	const p = await prompt;
	await p.select(await p.waitForDevice((d) => d.id === address, { timeout: 5000 }));
}

/** Tap a pairing button and pick `address` in the browser's chooser. */
export async function pickDevice(page: Page, kind: string, address: string): Promise<void> {
	await chooseDevice(page, `button[data-kind="${kind}"]`, address);
}

/** An emulated Go Direct belt: its command and response characteristics. */
export function gdxBelt(address: string, name: string): PeripheralSpec {
	return {
		address,
		name,
		services: [
			{
				uuid: GDX_SERVICE,
				characteristics: [
					{ uuid: GDX_COMMAND, properties: { write: true, writeWithoutResponse: true } },
					{ uuid: GDX_RESPONSE, properties: { notify: true } }
				]
			}
		]
	};
}

/**
 * The belt's side of Go Direct, for `ble.onWrite`: gathers each command written to `address`
 * (possibly over several writes) and answers it with `payload(commandId)`.
 */
export function answerGdxCommands(
	ble: BleEmulator,
	page: Page,
	address: string,
	payload: (commandId: number) => number[]
): (w: WriteRecord) => void {
	let counter = 0;
	let pending: number[] = [];
	return (w) => {
		if (w.address !== address) return;
		pending.push(...w.bytes);
		if (pending.length < 2 || pending.length < pending[1]) return;
		const cmd = decodeGdxCommand(new DataView(Uint8Array.from(pending).buffer));
		pending = [];
		if (!cmd.ok) throw new Error(cmd.error);
		const { commandId, rollingCounter } = cmd.value;
		const reply = encodeGdxReply({
			deviceCounter: counter++,
			commandId,
			commandCounter: rollingCounter,
			payload: payload(commandId)
		});
		void ble.notify(page, address, GDX_RESPONSE, reply).catch((e: unknown) => ble.errors.push(e));
	};
}
