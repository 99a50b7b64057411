/**
 * The live session end to end, in headless Chromium with the simulated wearable: the pacer alone,
 * a session with scripted mistakes and the coaching they should bring, a wearable dropping out
 * (and that session's review), and a reload mid-session. Screenshots at phone and desktop sizes in test-results/screenshots.
 */
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { storedRecords } from './support/stored';
import { axeViolations } from './support/axe';
import { drawAllCharts } from './support/charts';
import {
	launchChromium,
	SCREENSHOTS,
	screenshot,
	servePreview,
	watchPage,
	type Launched,
	type Served
} from './support/harness';

// Sizes only: switching mobile emulation on and off would reload the page mid-session.
const PHONE = { width: 390, height: 844, deviceScaleFactor: 1 };
const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1 };

let served: Served;
let chromium: Launched;

beforeAll(async () => {
	served = await servePreview();
	// Two sessions run side by side below: neither tab may be slowed as a background one would be.
	chromium = await launchChromium({
		bluetooth: false,
		args: [
			'--disable-background-timer-throttling',
			'--disable-renderer-backgrounding',
			'--disable-backgrounding-occluded-windows'
		]
	});
});
afterAll(async () => {
	await chromium?.close();
	await served?.close();
});

/**
 * A page at `url`. `ownWindow`: in a browser context (and window) of its own, so it stays visible
 * and keeps its own storage while another test's page runs beside it.
 */
async function open(url: string, ownWindow = false): Promise<{ page: Page; errors: string[] }> {
	const page = ownWindow
		? await (await chromium.browser.createBrowserContext()).newPage()
		: await chromium.browser.newPage();
	await page.setViewport(PHONE);
	const watched = watchPage(page);
	await page.goto(`${served.url}${url}`);
	await page.waitForSelector('main');
	return { page, errors: watched.errors };
}

/** What a person sees (the viewport), at phone size and then desktop size. */
async function shots(
	page: Page,
	name: string,
	sizes: ('phone' | 'desktop')[] = ['phone', 'desktop']
): Promise<void> {
	await mkdir(SCREENSHOTS, { recursive: true });
	for (const size of sizes) {
		await page.setViewport(size === 'phone' ? PHONE : DESKTOP);
		await new Promise((r) => setTimeout(r, 400));
		await page.screenshot({
			path: path.join(SCREENSHOTS, `${name}-${size}.png`) as `${string}.png`,
			fullPage: true
		});
	}
	await page.setViewport(PHONE);
}

/**
 * Wait for a condition in the page, polling from here: puppeteer's own waitForFunction is one
 * protocol call, which the harness's 15-s protocol timeout cuts short on longer waits.
 */
async function until(
	page: Page,
	fn: (arg: string) => boolean,
	arg: string,
	timeoutMs: number
): Promise<void> {
	const end = Date.now() + timeoutMs;
	// What the coach said meanwhile, so a timeout says what came instead.
	const seen = new Set<string>();
	while (!(await page.evaluate(fn, arg))) {
		const code = await page.evaluate(
			() => document.querySelector('[data-testid="coach"]')?.getAttribute('data-code') ?? ''
		);
		if (code) seen.add(code);
		if (Date.now() > end)
			throw new Error(
				`Timed out after ${timeoutMs} ms waiting for ${arg}; the coach said: ${[...seen].join(', ') || 'nothing'}`
			);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const coachIs = (code: string) =>
	document.querySelector('[data-testid="coach"]')?.getAttribute('data-code') === code;

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent?.trim() ?? '');

async function start(page: Page): Promise<void> {
	await page.waitForSelector('button.start');
	await page.click('button.start');
	await page.waitForSelector('[data-stage]');
}

/** The stored sessions, and what their chunks and log hold. */
async function stored(page: Page) {
	const { sessions, chunks, log } = await storedRecords<{
		sessions: {
			id: string;
			status: string;
			startedAt: number;
			pain: { before: number | null; after: number | null };
		}[];
		chunks: { sessionId: string; chunk: { kind: string; n: number; t: number[] } }[];
		log: { sessionId: string; type: string; mark?: string; source?: string; start?: number; end?: number }[];
	}>(page, ['sessions', 'chunks', 'log']);
	const lastT: Record<string, number> = {};
	for (const c of chunks)
		lastT[c.chunk.kind] = Math.max(lastT[c.chunk.kind] ?? -Infinity, c.chunk.t[c.chunk.n - 1]);
	return {
		sessions,
		lastT,
		chunks: chunks.length,
		gaps: log.filter((e) => e.type === 'gap').map((e) => ({ source: e.source, start: e.start, end: e.end })),
		cues: log.filter((e) => e.type === 'cue').length,
		marks: log.filter((e) => e.type === 'mark').map((e) => e.mark)
	};
}

describe('a breathing session', () => {
	it('runs with the pacer alone when no wearable is connected, and ends with a summary', async () => {
		const { page, errors } = await open('/session');
		expect(await text(page, 'main')).toContain('No wearable is connected');
		expect(await axeViolations(page)).toEqual([]);
		await page.click('.pain label:nth-child(7)'); // pain 6 before
		await shots(page, 'session-setup');
		await start(page);
		await page.waitForFunction(
			() => document.querySelector('[data-testid="pacer-words"]')?.textContent === 'Breathe in'
		);
		expect(await text(page, '.live')).toContain('Calibration: breathe naturally');
		await page.waitForFunction(
			() => document.querySelector('[data-testid="pacer-words"]')?.textContent === 'Breathe out',
			{ timeout: 8000 }
		);
		expect(await axeViolations(page)).toEqual([]);
		await shots(page, 'session-pacer-alone', ['phone']);
		// With reduced motion: a filling bar instead of the growing shape.
		await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
		const shown = (sel: string) => page.$eval(sel, (el) => getComputedStyle(el).display !== 'none');
		expect(await shown('.pacer .bar')).toBe(true);
		expect(await shown('.pacer .stage')).toBe(false);
		await shots(page, 'session-reduced-motion', ['phone']);
		await page.emulateMediaFeatures([]);
		await page.click('button.end');
		await page.waitForSelector('[data-testid="summary"]');
		expect(await text(page, '[data-testid="summary-issue"]')).toContain('No breaths were measured');
		await page.click('[data-testid="summary"] .pain label:nth-child(4)'); // pain 3 after
		await page.waitForFunction(() =>
			document.querySelector('[data-testid="summary-pain"]')?.textContent?.includes('6 → 3')
		);
		expect(await axeViolations(page)).toEqual([]);
		const db = await stored(page);
		const newest = db.sessions.sort((a, b) => b.startedAt - a.startedAt)[0];
		expect(newest.status).toBe('finished');
		expect(newest.pain).toEqual({ before: 6, after: 3 });
		expect(db.cues).toBeGreaterThanOrEqual(2);
		expect(errors).toEqual([]);
		await page.close();
	});

	// The two long sessions run side by side (their pages do not share a session, and each checks
	// only its own), so the file takes the longer of them rather than both.
	it.concurrent(
		'coaches the scripted mistakes of a simulated 5-1-4 session in calm words',
		async ({ expect }) => {
			const { page, errors } = await open('/session?sim=mistakes', true);
			expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
			await page.waitForSelector('[data-testid="session-wearable"]');
			expect(await text(page, '[data-testid="session-wearable"]')).toContain('every breath phase');
			await start(page);
			await page.waitForFunction(
				() => document.querySelector('[data-stage]')?.getAttribute('data-stage') === 'calibration'
			);
			await shots(page, 'session-calibration');
			// The simulated person follows the guide, pauses after breathing out in guided breaths 2-4,
			// then breathes in too briefly in 6-8.
			await until(page, coachIs, 'pause-after-exhale', 120_000);
			expect(await text(page, '[data-testid="coach"]')).toBe('Don’t pause after breathing out');
			expect(Number(await text(page, '[data-testid="breaths"]'))).toBeGreaterThan(3);
			expect(await text(page, '[data-testid="doing"]')).toMatch(/Breathing in|Holding|Breathing out|Pausing/);
			expect(await axeViolations(page)).toEqual([]);
			await shots(page, 'session-coaching');
			await until(page, coachIs, 'inhale-short', 70_000);
			expect(await text(page, '[data-testid="coach"]')).toBe('Breathe in a little longer');
			await page.click('button.end');
			await page.waitForSelector('[data-testid="summary"]');
			const breaths = Number(await text(page, '[data-testid="summary-breaths"]'));
			// About 100 s in: three calibration breaths and seven guided ones, one of them maybe cut short.
			expect(breaths).toBeGreaterThanOrEqual(8);
			// The commonest issue, in plain words (which one depends on how the chest signal reads the
			// simulated breaths; the coaching above is what the scripted mistakes must bring).
			expect(await text(page, '[data-testid="summary-issue"]')).toMatch(
				/To work on next time: (breathing in too quickly|breathing in for too long|not pausing at the top of the breath|holding the breath too long at the top|breathing out too quickly|breathing out for too long|pausing after breathing out|not pausing after breathing out|shallow breaths)\./
			);
			await shots(page, 'session-summary');
			expect(errors).toEqual([]);
			await page.browserContext().close();
		},
		240_000
	);

	it.concurrent(
		'keeps going through a dropout and a dead analysis worker, marks the gap, and picks the data up again',
		async ({ expect }) => {
			const { page, errors } = await open('/session?sim=disconnect@20+8', true);
			expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
			await page.waitForSelector('[data-testid="session-wearable"]');
			await start(page);
			await until(page, (sel) => document.querySelector(sel) !== null, '[data-testid="away"]', 45_000);
			expect(await text(page, '[data-testid="away"]')).toContain('out of reach');
			// No beats, no heart rate: the last one is not shown as if it were now.
			const hr = '[data-testid="heart-rate"]';
			await until(page, (sel) => document.querySelector(sel)?.textContent === '–', hr, 8000);
			// The guide goes on while the wearable is away.
			const before = await text(page, '[data-testid="pacer-words"]');
			await page.waitForFunction(
				(w) => document.querySelector('[data-testid="pacer-words"]')?.textContent !== w,
				{ timeout: 8000 },
				before
			);
			await shots(page, 'session-dropout');
			expect(await axeViolations(page)).toEqual([]);
			await until(page, (sel) => document.querySelector(sel) === null, '[data-testid="away"]', 40_000);
			const samplesAfter = await page.evaluate(
				() => (window as unknown as { __tidalSession: { samples: number } }).__tidalSession.samples
			);
			await new Promise((r) => setTimeout(r, 3000));
			expect(
				await page.evaluate(
					() => (window as unknown as { __tidalSession: { samples: number } }).__tidalSession.samples
				)
			).toBeGreaterThan(samplesAfter);
			const db = await stored(page);
			const gap = db.gaps.find((g) => g.source === 'acc');
			expect(gap).toBeDefined();
			expect(gap!.end! - gap!.start!).toBeGreaterThan(5);
			// The live chart shows the dropout as a hole in the breathing line over the grey "no
			// signal" band, never as a flat line across it.
			const band = await page.evaluate(() => {
				const [guide, , signal] = document.querySelectorAll<HTMLCanvasElement>(
					'[data-testid="live-chart"] canvas'
				);
				const w = guide.width;
				const h = guide.height;
				// The top row holds only the shading: grey (the dark theme's --muted) marks no signal,
				// teal (--accent) the pacer's phases.
				const top = guide.getContext('2d')!.getImageData(0, 0, w, 1).data;
				const grey = Array.from(
					{ length: w },
					(_, x) => top[4 * x + 3] > 0 && top[4 * x] - top[4 * x + 1] > -50
				);
				const line = signal.getContext('2d')!.getImageData(0, 0, w, h).data;
				let columns = 0;
				let inked = 0;
				// Inside the band only: the line's round ends may reach a few pixels into it.
				for (let x = 4; x < w - 4; x++) {
					if (!grey.slice(x - 4, x + 5).every(Boolean)) continue;
					columns++;
					for (let y = 0; y < h; y++)
						if (line[4 * (y * w + x) + 3] > 0) {
							inked++;
							break;
						}
				}
				return { columns, inked };
			});
			expect(band.columns).toBeGreaterThan(10);
			expect(band.inked).toBe(0);

			// The analysis worker dies mid-session (an uncaught error, as an engine bug would throw): a
			// fresh one takes over from the recording and breaths keep coming.
			const engine = page.workers().find((w) => w.url().includes('engine'));
			expect(engine).toBeDefined();
			const breathsBefore = Number(await text(page, '[data-testid="breaths"]'));
			await engine!.evaluate(() => {
				setTimeout(() => {
					throw new Error('the engine crashed (test)');
				});
			});
			await until(
				page,
				(n) => Number(document.querySelector('[data-testid="breaths"]')?.textContent) > Number(n),
				String(breathsBefore),
				40_000
			);
			expect((await stored(page)).marks).toContain('engine-restarted');
			expect(await text(page, '[data-testid="signal"]')).not.toBe('Lost');
			expect(Number(await text(page, hr))).toBeGreaterThan(30);

			// Two more breaths, then the session ends and is opened from history: the review shows
			// the breaths the session counted, and the dropout as a gap.
			const breathsAfter = Number(await text(page, '[data-testid="breaths"]'));
			await until(
				page,
				(n) => Number(document.querySelector('[data-testid="breaths"]')?.textContent) >= Number(n) + 2,
				String(breathsAfter),
				40_000
			);
			await page.click('button.end');
			await page.waitForSelector('[data-testid="summary"]');
			const counted = Number(await text(page, '[data-testid="summary-breaths"]'));
			expect(counted).toBeGreaterThan(0);
			await page.goto(`${served.url}/history`);
			await page.waitForSelector('[data-testid="history"][data-loaded="true"] li[data-id] a.open');
			expect(await text(page, '[data-testid="count"]')).toBe('1 of 1 sessions');
			await page.click('li[data-id] a.open');
			await page.waitForSelector('[data-testid="review"][data-status="ready"]');
			expect(Number(await text(page, '[data-testid="breath-count"]'))).toBe(counted);
			expect(Number(await text(page, '[data-testid="gap-count"]'))).toBeGreaterThanOrEqual(1);
			expect(await text(page, '[data-testid="gaps"]')).toMatch(/without signal/);
			await page.setViewport(DESKTOP);
			await drawAllCharts(page);
			await screenshot(page, 'review-recorded');
			expect(await axeViolations(page)).toEqual([]);
			expect(errors).toEqual([]);
			await page.browserContext().close();
		},
		200_000
	);

	it('offers to resume after a reload and the recording lacks at most a second', async () => {
		const { page } = await open('/session?sim=calm');
		await page.waitForSelector('[data-testid="session-wearable"]');
		await start(page);
		await new Promise((r) => setTimeout(r, 12_000 + Math.random() * 4000));
		const received = await page.evaluate(
			() => (window as unknown as { __tidalSession: { lastReceivedT: number } }).__tidalSession.lastReceivedT
		);
		await page.reload();
		await page.waitForSelector('[data-testid="resume"]');
		const db = await stored(page);
		const lastStored = Math.max(...Object.values(db.lastT));
		expect(received - lastStored).toBeLessThanOrEqual(1);
		// The session just left (earlier tests may have left others).
		const left = db.sessions
			.filter((x) => x.status === 'interrupted')
			.sort((a, b) => b.startedAt - a.startedAt);
		expect(left[0].startedAt).toBeGreaterThan(Date.now() - 60_000);
		expect(await axeViolations(page)).toEqual([]);
		await shots(page, 'session-resume', ['phone']);
		await page.click('[data-testid="resume"] button.secondary');
		await page.waitForSelector('[data-stage="guided"]');
		// The wearable reconnects and the same session records again.
		await until(
			page,
			(key) => (window as unknown as Record<string, { samples: number }>)[key]?.samples > 200,
			'__tidalSession',
			40_000
		);
		await page.click('button.end');
		await page.waitForSelector('[data-testid="summary"]');
		const after = await stored(page);
		// The same session, finished: resuming did not start another one.
		expect(after.sessions.find((x) => x.id === left[0].id)?.status).toBe('finished');
		expect(after.sessions).toHaveLength(db.sessions.length);
		expect(after.marks).toContain('resumed');
		await page.close();
	}, 120_000);

	it('warns when this browser will not store the session, and the session runs on', async () => {
		const page = await chromium.browser.newPage();
		await page.setViewport(PHONE);
		const watched = watchPage(page);
		// As in a private window that refuses IndexedDB.
		await page.evaluateOnNewDocument(() => {
			IDBFactory.prototype.open = () => {
				throw new DOMException('The user denied permission to access the database.', 'SecurityError');
			};
		});
		await page.goto(`${served.url}/session`);
		await start(page);
		await until(
			page,
			(sel) => document.querySelector(sel) !== null,
			'[data-testid="storage-warning"]',
			10_000
		);
		expect(await text(page, '[data-testid="storage-warning"]')).toContain(
			'only kept while this page stays open'
		);
		const first = await text(page, '[data-testid="pacer-words"]');
		await until(
			page,
			(w) => document.querySelector('[data-testid="pacer-words"]')?.textContent !== w,
			first,
			8000
		);
		expect(await axeViolations(page)).toEqual([]);
		await shots(page, 'session-storage-denied', ['phone']);
		await page.click('button.end');
		await page.waitForSelector('[data-testid="summary"]');
		expect(await text(page, '[data-testid="summary"]')).toContain('could not be saved');
		expect(watched.errors).toEqual([]);
		await page.close();
	});

	it('starts from the home page in one tap, in the light theme too', async () => {
		const { page, errors } = await open('/');
		expect(await axeViolations(page)).toEqual([]);
		await page.click('nav button.theme');
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
		expect(await axeViolations(page)).toEqual([]);
		await shots(page, 'home-light', ['phone']);
		// Your own pattern opens the editor, with its one-breath preview.
		await page.click('[data-pattern="custom"]');
		await page.waitForSelector('.custom');
		expect(await page.$eval('input[value="custom"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
		expect(await text(page, '.preview')).toContain('Breathe in 5 s');
		expect(await axeViolations(page)).toEqual([]);
		await shots(page, 'session-setup-custom-light', ['desktop']);
		// A preset starts at once.
		await page.click('nav a.brand');
		await page.waitForSelector('[data-pattern="box"]');
		await page.click('[data-pattern="box"]');
		await page.waitForSelector('[data-stage="calibration"]');
		expect(await text(page, '.clock')).toContain('Getting to know your breathing');
		await page.click('button.end');
		await page.waitForSelector('[data-testid="summary"]');
		expect(await text(page, '[data-testid="summary"]')).toContain('Box 4-4-4-4');
		expect(errors).toEqual([]);
		await page.close();
	});
});
