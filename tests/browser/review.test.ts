/**
 * History, review, trends, exports and import, end to end in headless Chromium against the built
 * app. The sessions come from simulated signals fed through the engine (support/review-seed.ts)
 * and enter the app through its own import, so every page reads the real store.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFromLog } from '../../src/lib/core/session/session-analysis';
import { sessionRecording } from '../../src/lib/core/session/recording';
import { writeSessionFile } from '../../src/lib/core/session/session-file';
import { channelCsv } from '../../src/lib/export/csv-writers';
import { axeViolations } from './support/axe';
import { drawAllCharts } from './support/charts';
import { breathingSession, stretchSession, twoWeeks } from './support/review-seed';
import {
	launchChromium,
	screenshot,
	SCREENSHOTS,
	servePreview,
	watchPage,
	type Launched,
	type Served
} from './support/harness';

const now = Date.now();
const breathing = breathingSession('review-b', now - 2 * 3600_000, { pain: [6, 4] });
const stretch = stretchSession('review-s', now - 3600_000, [5, 3]);
const all = [...twoWeeks(now - 86_400_000), breathing, stretch];
const dir = mkdtempSync(path.join(tmpdir(), 'tidal-review-'));
const downloads = path.join(dir, 'downloads');
const seedFile = path.join(dir, 'sessions.json');
writeFileSync(seedFile, writeSessionFile(all));

let served: Served;
let chromium: Launched;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
	served = await servePreview();
	chromium = await launchChromium({ bluetooth: false });
	browser = chromium.browser;
	page = await browser.newPage();
	await page.setViewport({ width: 1000, height: 900 });
	errors = watchPage(page).errors;
	await allowDownloads(downloads);
});

afterAll(async () => {
	await chromium?.close();
	await served?.close();
	rmSync(dir, { recursive: true, force: true });
});

/** Downloads of a browser land in `folder`. */
async function allowDownloads(folder: string): Promise<void> {
	const cdp = await browser.target().createCDPSession();
	await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: folder });
}

async function open(p: Page, route: string, testid: string, attr: string, value: string): Promise<void> {
	await p.goto(served.url + route);
	await p.waitForSelector(`[data-testid="${testid}"][${attr}="${value}"]`, { timeout: 20_000 });
}

async function importFile(p: Page, file: string): Promise<void> {
	const input = await p.waitForSelector('input[type=file]');
	await input?.uploadFile(file);
}

async function fileText(folder: string, name: string): Promise<string> {
	for (let i = 0; i < 100; i++) {
		try {
			return readFileSync(path.join(folder, name), 'utf8');
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const there = (() => {
		try {
			return readdirSync(folder).join(', ');
		} catch {
			return 'no folder';
		}
	})();
	throw new Error(`${name} was not downloaded (${folder} holds: ${there})`);
}

const countText = (p: Page) => p.$eval('[data-testid="count"]', (e) => e.textContent?.trim());

describe('history', () => {
	it('imports a session file and lists every session, the interrupted one as such', async () => {
		await open(page, '/history', 'history', 'data-loaded', 'true');
		await importFile(page, seedFile);
		await page.waitForSelector('[data-testid="import-ok"]', { timeout: 30_000 });
		expect(await countText(page)).toBe(`${all.length} of ${all.length} sessions`);
		expect(await page.$$eval('[data-testid="interrupted"]', (e) => e.length)).toBe(1);
		expect(await axeViolations(page)).toEqual([]);
		// Rows off screen are not painted (content-visibility): a viewport as tall as the page shows all.
		await page.setViewport({ width: 1000, height: await page.evaluate(() => document.body.scrollHeight) });
		await screenshot(page, 'history');
		await page.setViewport({ width: 1000, height: 900 });
	});

	it('filters by kind', async () => {
		await page.click('input[name=kind][value=stretch]');
		const n = all.filter((s) => s.session.kind === 'stretch').length;
		await page.waitForFunction(
			(text) => document.querySelector('[data-testid="count"]')?.textContent?.trim() === text,
			{},
			`${n} of ${all.length} sessions`
		);
		await page.click('input[name=kind][value=all]');
	});

	it('refuses a truncated file and a newer format in words, and changes nothing', async () => {
		const text = readFileSync(seedFile, 'utf8');
		const cut = path.join(dir, 'cut.json');
		writeFileSync(cut, text.slice(0, 20_000));
		await importFile(page, cut);
		await page.waitForSelector('[data-testid="import-error"]');
		expect(await page.$eval('[data-testid="import-error"]', (e) => e.textContent)).toMatch(
			/cut short.*Nothing was changed/s
		);
		const future = path.join(dir, 'future.json');
		writeFileSync(future, text.replace('"format":1,"sessions"', '"format":9,"sessions"'));
		await importFile(page, future);
		await page.waitForFunction(() =>
			/newer version/.test(document.querySelector('[data-testid="import-error"]')?.textContent ?? '')
		);
		expect(await countText(page)).toBe(`${all.length} of ${all.length} sessions`);
	});

	it('deletes a session after confirmation, and undo brings it back', async () => {
		await page.click(`li[data-id="b-0"] button.delete`);
		await page.waitForSelector('dialog[open]');
		await page.click('dialog[open] button.danger');
		await page.waitForSelector('[data-testid="undo"]');
		expect(await page.$(`li[data-id="b-0"]`)).toBeNull();
		expect(await countText(page)).toBe(`${all.length - 1} of ${all.length - 1} sessions`);
		await page.click('[data-testid="undo"] button');
		await page.waitForSelector(`li[data-id="b-0"]`);
		expect(await countText(page)).toBe(`${all.length} of ${all.length} sessions`);
	});
});

describe('review', () => {
	it('shows the breathing session’s breaths, gaps and summary', async () => {
		await open(page, '/review?id=review-b', 'review', 'data-status', 'ready');
		const expected = analysisFromLog(breathing.log, '5-1-4', 'resp').analysis;
		expect(await page.$eval('[data-testid="breath-count"]', (e) => Number(e.textContent))).toBe(
			expected.breaths.length
		);
		expect(await page.$eval('[data-testid="gap-count"]', (e) => Number(e.textContent))).toBe(2);
		expect(await page.$eval('[data-testid="adherence"]', (e) => e.textContent)).toContain(
			`${Math.round((expected.summary.adherence ?? 0) * 100)}%`
		);
		expect(await page.$eval('[data-testid="summary"]', (e) => e.textContent)).toMatch(/6 → 4 \(−2\)/);
		// The waveform canvas has been drawn on (not blank).
		const inked = await page.$eval('[data-testid="waveform"] canvas', (c) => {
			const cv = c as HTMLCanvasElement;
			const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? [];
			let n = 0;
			for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
			return n;
		});
		expect(inked).toBeGreaterThan(5000);
		await drawAllCharts(page);
		await screenshot(page, 'review-breathing');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('zooms and pans the waveform with the keyboard', async () => {
		await page.focus('[data-testid="waveform"]');
		await page.keyboard.press('+');
		await page.keyboard.press('+');
		await page.keyboard.press('ArrowRight');
		// The words follow once the view settles.
		await page.waitForFunction(() => {
			const label = document.querySelector('[data-testid="waveform"]')?.getAttribute('aria-label') ?? '';
			return /Showing \d+:\d\d to \d+:\d\d/.test(label) && !/Showing 0:00 to/.test(label);
		});
	});

	it('analyses again with another pattern in the worker', async () => {
		await page.$eval('#pattern', (e) => ((e as HTMLInputElement).value = ''));
		await page.type('#pattern', 'box');
		await page.click('button[type=submit]');
		await page.waitForSelector('[data-testid="reanalysed"]', { timeout: 30_000 });
		expect(await page.$eval('[data-testid="adherence"]', (e) => e.textContent?.trim())).toMatch(/^0%/);
	});

	it('shows a stretch session’s holds and rests against their targets', async () => {
		await open(page, '/review?id=review-s', 'review', 'data-status', 'ready');
		expect(await page.$('[data-testid="stretch-chart"]')).not.toBeNull();
		expect(await page.$eval('[data-testid="summary"]', (e) => e.textContent)).toMatch(
			/3 of 4\s*completed as planned/
		);
		await drawAllCharts(page);
		await screenshot(page, 'review-stretch');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('draws its charts in dark ink in the light theme', async () => {
		await open(page, '/review?id=review-b', 'review', 'data-status', 'ready');
		await page.click('button.theme');
		await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
		await drawAllCharts(page);
		// The waveform's line is dark on the light page: most inked pixels are dark.
		const dark = await page.$eval('[data-testid="waveform"] canvas', (c) => {
			const cv = c as HTMLCanvasElement;
			const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? [];
			let inked = 0;
			let darkInk = 0;
			for (let i = 0; i < d.length; i += 4) {
				if (d[i + 3] < 200) continue;
				inked++;
				if (d[i] + d[i + 1] + d[i + 2] < 200) darkInk++;
			}
			return darkInk / Math.max(1, inked);
		});
		expect(dark).toBeGreaterThan(0.3);
		await screenshot(page, 'review-breathing-light');
		expect(await axeViolations(page)).toEqual([]);
		await page.click('button.theme');
		await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
	});

	it('says so when the session does not exist', async () => {
		await open(page, '/review?id=nope', 'review', 'data-status', 'missing');
		expect(await page.$eval('[data-testid="review-problem"]', (e) => e.textContent)).toMatch(
			/not on this device/
		);
	});
});

describe('trends', () => {
	it('shows a point per day with the number of sessions behind it', async () => {
		await open(page, '/trends', 'trends', 'data-loaded', 'true');
		const rows = await page.$$eval('[data-testid="trend-table"] tbody tr', (r) => r.length);
		const days = new Set(
			all.filter((s) => s.session.summary).map((s) => new Date(s.session.startedAt).toDateString())
		);
		expect(rows).toBe(days.size);
		await drawAllCharts(page);
		await screenshot(page, 'trends');
		expect(await axeViolations(page)).toEqual([]);
	});
});

describe('exports and import', () => {
	it('exports every format; the JSON is byte for byte the file imported, and survives a fresh profile', async () => {
		await open(page, '/review?id=review-b', 'review', 'data-status', 'ready');
		const names = await page.$$eval('[data-file]', (b) => b.map((e) => e.getAttribute('data-file') ?? ''));
		expect(names.map((n) => n.replace(/^tidal-[\d-]+-breathing/, ''))).toEqual([
			'.json',
			'-resp.csv',
			'-rr.csv',
			'-breaths.csv',
			'-rr-kubios.txt'
		]);
		for (const n of names) await page.click(`[data-file="${n}"]`);
		const json = await fileText(downloads, names[0]);
		expect(json).toBe(writeSessionFile([breathing]));
		expect((await fileText(downloads, names[1])).split('\n')[2]).toBe('t,resp');
		expect((await fileText(downloads, names[2])).split('\n')[1]).toMatch(/rr = R-R interval, ms/);
		const breaths = (await fileText(downloads, names[3])).trim().split('\n');
		expect(breaths.length - 3).toBe(analysisFromLog(breathing.log, '5-1-4', 'resp').analysis.breaths.length);
		const kubios = (await fileText(downloads, names[4])).trim().split('\n');
		expect(kubios.length).toBe(breathing.chunks.find((c) => c.chunk.kind === 'rr')?.chunk.n);

		// A fresh profile (a second Chromium with its own empty profile): import the exported JSON,
		// export it again: identical.
		const second = await launchChromium({ bluetooth: false });
		try {
			const fresh = await second.browser.newPage();
			// Keep each Blob the app hands to a download link, to read what it would save.
			await fresh.evaluateOnNewDocument(() => {
				const make = URL.createObjectURL.bind(URL);
				const kept: Blob[] = [];
				(window as unknown as { keptBlobs: Blob[] }).keptBlobs = kept;
				URL.createObjectURL = (b: Blob | MediaSource) => {
					if (b instanceof Blob) kept.push(b);
					return make(b);
				};
			});
			await open(fresh, '/history', 'history', 'data-loaded', 'true');
			expect(await countText(fresh)).toBe('0 of 0 sessions');
			await importFile(fresh, path.join(downloads, names[0]));
			await fresh.waitForSelector('[data-testid="import-ok"]');
			await open(fresh, '/review?id=review-b', 'review', 'data-status', 'ready');
			const freshErrors = watchPage(fresh).errors;
			await fresh.$eval(`[data-file="${names[0]}"]`, (b) => (b as HTMLButtonElement).click());
			await fresh.waitForFunction(() => (window as unknown as { keptBlobs: Blob[] }).keptBlobs.length > 0);
			expect(freshErrors).toEqual([]);
			const saved = await fresh.evaluate(() =>
				(window as unknown as { keptBlobs: Blob[] }).keptBlobs[0]?.text()
			);
			expect(saved).toBe(json);
		} finally {
			await second.close();
		}
	});

	it('prints the report on A4 and Letter', async () => {
		await open(page, '/review?id=review-b&print&noprint', 'review', 'data-status', 'ready');
		await page.emulateMediaType('print');
		for (const format of ['a4', 'letter'] as const) {
			const pdf = path.join(SCREENSHOTS, `report-${format}.pdf`);
			await page.pdf({ path: pdf, format, printBackground: false });
			execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(SCREENSHOTS, `report-${format}`)]);
		}
		await page.emulateMediaType('screen');
		const pages = readdirSync(SCREENSHOTS).filter((f) => /^report-a4-\d+\.png$/.test(f));
		expect(pages.length).toBeGreaterThanOrEqual(1);
		expect(errors).toEqual([]);
	});
});

describe('a date range and a CSV recording', () => {
	it('exports the sessions shown as a ZIP holding each one’s files', async () => {
		await open(page, '/history', 'history', 'data-loaded', 'true');
		await page.click('input[name=kind][value=stretch]');
		const stretches = all.filter((s) => s.session.kind === 'stretch');
		await page.waitForFunction(
			(text) => document.querySelector('[data-testid="count"]')?.textContent?.trim() === text,
			{},
			`${stretches.length} of ${all.length} sessions`
		);
		await page.click('[data-testid="export-zip"]');
		const zip = unzipSync(await fileBytes(downloads, 'tidal-sessions-start-to-now.zip'));
		const folders = new Set(Object.keys(zip).flatMap((n) => (n.includes('/') ? [n.split('/')[0]] : [])));
		expect(folders.size).toBe(stretches.length);
		for (const folder of folders) {
			for (const end of ['.json', '-acc.csv', '-breaths.csv', '-holds.csv'])
				expect(Object.keys(zip), `${folder}${end}`).toContain(`${folder}/${folder}${end}`);
			// The chest strap's samples with their units, as the session's own export writes them.
			expect(strFromU8(zip[`${folder}/${folder}-acc.csv`]).split('\n')[2]).toBe('t,ax,ay,az');
		}
		expect(strFromU8(zip['sessions.csv']).trim().split('\n')).toHaveLength(stretches.length + 1);
		await page.click('input[name=kind][value=all]');
	});

	it('analyses an imported CSV recording with the pattern the person chose', async () => {
		const rec = sessionRecording(breathing.chunks);
		await page.click('input[name=kind][value=all]');
		const csv = path.join(dir, 'belt-box.csv');
		writeFileSync(csv, channelCsv(rec, 'resp', { startedAt: now })?.text ?? '');
		await page.$eval('#csv-pattern', (e) => ((e as HTMLInputElement).value = ''));
		await page.type('#csv-pattern', 'box');
		await importFile(page, csv);
		await page.waitForSelector('[data-testid="import-ok"]');
		await page.waitForFunction(
			(text) => document.querySelector('[data-testid="count"]')?.textContent?.trim() === text,
			{},
			`${all.length + 1} of ${all.length + 1} sessions`
		);
		const id = await page.$eval('li[data-id]', (e) => e.getAttribute('data-id') ?? '');
		expect(await page.$eval('li[data-id] .what', (e) => e.textContent)).toMatch(/Box 4-4-4-4/);
		await open(page, `/review?id=${encodeURIComponent(id)}`, 'review', 'data-status', 'ready');
		expect(await page.$eval('h1', (e) => e.textContent)).toMatch(/Box 4-4-4-4/);
		expect(errors).toEqual([]);
	});
});

async function fileBytes(folder: string, name: string): Promise<Uint8Array> {
	await fileText(folder, name);
	// Chromium writes the file under its name once complete; read it as bytes.
	return new Uint8Array(readFileSync(path.join(folder, name)));
}
