/**
 * "This phone" in real headless Chromium at phone size: a synthetic phone-on-chest trace (rounded
 * by Chromium itself, as on a phone) fed as motion events through the DevTools virtual sensors,
 * breathing seen in the card's trace, a phone standing up told how to lie, motion events that stop
 * and come back, the phone and a heart-rate strap on one clock; and the plain answers when motion
 * access is refused or there is no motion sensor. Every state is checked with axe.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PhoneMotionSim, type PhoneSimOptions } from '../../src/lib/core/simulate/phone';
import { axeViolations } from './support/axe';
import { screenshot, type PageWatch } from './support/harness';
import type { MotionSensors } from './support/motion-sensors';
import { deviceAttribute, deviceCard, useScenario, waitForAttribute } from './support/scenario';

const PHONE = 'This phone';
const PHONE_SIZE = { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
/** A quick breath (2 s in, 2 s out: 15 a minute) so a few fit in a short test. */
const BREATHS: PhoneSimOptions = {
	breaths: [{ inhale: 2, hold: 0, exhale: 2, pause: 0, depth: 1 }],
	tiltDeg: 3,
	quantized: false, // Chromium rounds the readings itself
	seed: 5
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Feed `seconds` of a simulated phone in real time, 20 readings a second (Chromium fires at 60 Hz). */
async function feed(sensors: MotionSensors, sim: PhoneMotionSim, seconds: number, clock: { t: number }) {
	const start = performance.now();
	let r = sim.next();
	for (;;) {
		const elapsed = (performance.now() - start) / 1000;
		if (elapsed >= seconds) break;
		while (r.t < clock.t + elapsed) r = sim.next();
		await sensors.send(r);
		await sleep(50);
	}
	clock.t += seconds;
}

/** The card's trace as (seconds, height) pairs, read back from the drawn SVG path. */
async function drawnTrace(page: Page, name: string): Promise<{ t: number; y: number }[]> {
	const d = await page.$eval(`${deviceCard(name)} svg path`, (p) => p.getAttribute('d') ?? '');
	return [...d.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((m) => ({
		t: (Number(m[1]) / 300) * 20,
		y: -Number(m[2])
	}));
}

/** Seconds between upward crossings of the trace's running mean: the breath lengths seen. */
function breathLengths(trace: { t: number; y: number }[]): number[] {
	const out: number[] = [];
	let last: number | null = null;
	for (let i = 15; i < trace.length - 15; i++) {
		let mean = 0;
		for (let k = i - 15; k <= i + 15; k++) mean += trace[k].y;
		mean /= 31;
		const prev = trace[i - 1].y - mean;
		const here = trace[i].y - mean;
		if (prev < 0 && here >= 0) {
			if (last !== null && trace[i].t - last > 1) out.push(trace[i].t - last);
			if (last === null || trace[i].t - last > 1) last = trace[i].t;
		}
	}
	return out;
}

async function noViolations(page: Page): Promise<void> {
	expect(await axeViolations(page)).toEqual([]);
}

describe('the phone on the chest, fed by virtual motion sensors', () => {
	let page: Page;
	let sensors: MotionSensors;
	let watched: PageWatch;
	useScenario({ path: '/pair', motion: true }, (s) => {
		({ page, watched } = s);
		sensors = s.sensors!;
	});
	const sim = new PhoneMotionSim(BREATHS);
	const clock = { t: 0 };

	it('offers "This phone" next to the Bluetooth wearables', async () => {
		await page.setViewport(PHONE_SIZE);
		await page.waitForSelector('button[data-kind="phone"]');
		const text = await page.$eval('button[data-kind="phone"]', (e) => e.textContent ?? '');
		expect(text).toContain('This phone');
		expect(text).toContain('Lie down and rest it flat on your chest or belly');
		await screenshot(page, 'phone-1-choices');
		await noViolations(page);
	});

	it('measures after the tap, and shows that the trace is filling', async () => {
		await sensors.send(sim.next());
		await page.click('button[data-kind="phone"]');
		await waitForAttribute(page, PHONE, 'data-status', 'streaming');
		await feed(sensors, sim, 3, clock);
		const label = await page.$eval(`${deviceCard(PHONE)} [data-testid="trace-label"]`, (e) => e.textContent);
		expect(label).toMatch(/Chest movement: filling, [1-4] of 20 seconds/);
		// The next step is the most visible thing now; the other choices step back.
		expect(await page.$eval('[data-testid="start-breathing"]', (e) => e.getAttribute('href'))).toBe(
			'/session'
		);
		const box = (sel: string) =>
			page.$eval(sel, (e) => ({
				top: e.getBoundingClientRect().top,
				font: parseFloat(getComputedStyle(e).fontSize)
			}));
		const start = await box('[data-testid="start-breathing"]');
		const other = await box('button[data-kind="hr-strap"] .label');
		expect(start.top).toBeLessThan(PHONE_SIZE.height / 2); // in sight without scrolling
		expect(start.top).toBeLessThan(other.top);
		expect(start.font).toBeGreaterThan(other.font * 1.3);
		expect(await page.$('button[data-kind="phone"]')).toBeNull(); // one phone: it is in use
		await screenshot(page, 'phone-2-connected-filling');
		await noViolations(page);
	});

	it('shows breathing in the trace, at the pace breathed', async () => {
		await feed(sensors, sim, 17, clock);
		const samples = Number(await deviceAttribute(page, PHONE, 'data-samples'));
		expect(samples).toBeGreaterThan(20 * 50); // ~60 events a second for 20 s
		const lengths = breathLengths(await drawnTrace(page, PHONE));
		expect(lengths.length).toBeGreaterThanOrEqual(3);
		for (const s of lengths) {
			expect(s).toBeGreaterThan(3.4);
			expect(s).toBeLessThan(4.6);
		}
		const label = await page.$eval(`${deviceCard(PHONE)} [data-testid="trace-label"]`, (e) => e.textContent);
		expect(label?.trim()).toBe('Chest movement, last 20 seconds');
		await screenshot(page, 'phone-3-breathing');
	});

	it('a phone standing up is told how to lie, and the notice goes once it lies flat', async () => {
		const standing = new PhoneMotionSim({ ...BREATHS, restDeg: 70 });
		await feed(sensors, standing, 3, { t: clock.t });
		await page.waitForSelector(`${deviceCard(PHONE)} [data-testid="stream-notice"]`);
		expect(
			await page.$eval(`${deviceCard(PHONE)} [data-testid="stream-notice"]`, (e) => e.textContent)
		).toMatch(/Lie back and rest it flat on your chest or belly, screen up\./);
		await screenshot(page, 'phone-4-tilted');
		await noViolations(page);
		await feed(sensors, sim, 3, clock);
		await page.waitForSelector(`${deviceCard(PHONE)} [data-testid="stream-notice"]`, { hidden: true });
	});

	it('motion events that stop: one calm notice, then measuring resumes and the gap is told', async () => {
		await sensors.remove();
		await waitForAttribute(page, PHONE, 'data-status', 'reconnecting', 5000);
		expect(await page.$eval(`${deviceCard(PHONE)} .notice`, (e) => e.textContent)).toMatch(
			/^No motion readings are coming in\./
		);
		expect(await page.$$(`${deviceCard(PHONE)} .notices > *`)).toHaveLength(1);
		await screenshot(page, 'phone-5-events-stopped');
		await sleep(1500);
		await sensors.restore();
		await feed(sensors, sim, 4, clock); // the page listens afresh within 2 s and readings resume
		await waitForAttribute(page, PHONE, 'data-status', 'streaming', 5000);
		const [start, end] = (await deviceAttribute(page, PHONE, 'data-last-gap'))!.split('-').map(Number);
		expect(end - start).toBeGreaterThan(2.5);
		expect(end - start).toBeLessThan(6);
		expect(await page.$eval(`${deviceCard(PHONE)} [data-testid="gap"]`, (e) => e.textContent)).toMatch(
			/^No motion readings came in for \d+(\.\d)? s\. That part is missing; nothing was filled in\.$/
		);
	});

	it('the phone and a heart-rate strap stream on one clock', async () => {
		await page.click('button[data-kind="simulated"]');
		const strap = 'Simulated H10';
		await waitForAttribute(page, strap, 'data-status', 'streaming');
		await page.waitForFunction(
			(sel: string) => Number(document.querySelector(sel)?.getAttribute('data-heart-rate')) > 40,
			{ timeout: 10_000 },
			deviceCard(strap)
		);
		await feed(sensors, sim, 2, clock);
		// Newest samples of both, read at once: within a packet's length of each other.
		const [phoneAt, strapAt] = await page.$$eval('[data-testid="device"]', (els) =>
			els.map((e) => Number(e.getAttribute('data-last-sample')))
		);
		expect(Math.abs(phoneAt - strapAt)).toBeLessThan(1.5);
		expect(await deviceAttribute(page, PHONE, 'data-status')).toBe('streaming');
		await screenshot(page, 'phone-6-with-strap');
		await noViolations(page);
		expect(watched.errors).toEqual([]);
	});
});

describe('motion access refused', () => {
	let page: Page;
	useScenario({ path: '/pair', motion: { denied: true } }, (s) => ({ page } = s));

	it('says so plainly, with the way to allow it', async () => {
		await page.setViewport(PHONE_SIZE);
		await page.click('button[data-kind="phone"]');
		await page.waitForSelector('[data-testid="error"][data-code="motion-denied"]');
		expect(await page.$eval('[data-testid="error"] h2', (e) => e.textContent)).toBe(
			'Motion is not allowed for Tidal'
		);
		expect(await page.$('[data-testid="device"]')).toBeNull();
		await screenshot(page, 'phone-denied');
		await noViolations(page);
	});
});

describe('no motion sensor (a computer)', () => {
	let page: Page;
	let watched: PageWatch;
	// No virtual sensors and no Bluetooth: like Firefox on a laptop.
	useScenario({ path: '/pair', bluetooth: false }, (s) => ({ page, watched } = s));

	it('offers the phone where Bluetooth is missing, and says when there is no motion sensor', async () => {
		await page.setViewport(PHONE_SIZE);
		await page.waitForSelector('button[data-kind="phone"]');
		await page.click('button[data-kind="phone"]');
		await page.waitForSelector('[data-testid="error"][data-code="no-motion-sensor"]', { timeout: 10_000 });
		expect(await page.$eval('[data-testid="error"] h2', (e) => e.textContent)).toBe('No motion sensor here');
		await screenshot(page, 'phone-no-sensor');
		await noViolations(page);
	});

	it('its way forward is the simulated phone, which breathes through the same adapter', async () => {
		await page.click('[data-testid="error"] button.secondary');
		const sim = 'Simulated phone';
		await waitForAttribute(page, sim, 'data-status', 'streaming');
		await page.waitForFunction(
			(sel: string) => Number(document.querySelector(sel)?.getAttribute('data-samples')) > 300,
			{ timeout: 15_000 },
			deviceCard(sim)
		);
		expect(await page.$eval(`${deviceCard(sim)} [data-testid="forget"]`, (e) => e.textContent?.trim())).toBe(
			'Forget this simulated phone…'
		);
		await screenshot(page, 'phone-simulated');
		await noViolations(page);
		expect(watched.errors).toEqual([]);
	});
});
