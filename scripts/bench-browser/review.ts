/**
 * Browser benchmarks of review and history (for `npm run bench:browser`):
 * - reviewOpen1hMs: a one-hour session (belt 20 Hz + H10 accelerometer 200 Hz + ECG 130 Hz + RR,
 *   its file in device-sized packets, ~37,000; stored, as every finished session is, as blocks)
 *   from navigation to the review ready (the charts on screen drawn);
 * - reviewPanFps: frames per second while panning its waveform (a 15-minute window) one step
 *   per frame through the page's own key handler;
 * - historyOpen500Ms: the history of 500 sessions from navigation to the list shown;
 * - reviewIdleFps (context): frames per second of the same page with nothing to do, which shows
 *   how busy the machine was.
 * Sessions are made from simulated signals through the engine and enter the app through its own
 * import, in a fresh browser context each (desktop size: a physiotherapist's screen).
 * `npm run bench:browser -- --only review`; with BENCH_TRACE=<folder> it also writes Chrome traces
 * (review-open.json, review-pan.json, history-open.json: open them in chrome://tracing or the
 * DevTools Performance panel) to see where the time goes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { PATTERN_514 } from '../../src/lib/core/engine/pattern';
import type { Recording } from '../../src/lib/core/recording/recording';
import type { FullSession, StoredChunk } from '../../src/lib/core/session/format';
import { sessionFromRecording } from '../../src/lib/core/session/session-analysis';
import { writeSessionFile } from '../../src/lib/core/session/session-file';
import { simulateBeats } from '../../src/lib/core/simulate/beats';
import { patternBreaths, synthBelt } from '../../src/lib/core/simulate/breathing';
import { simulateChest, pacedBreaths } from '../../src/lib/core/simulate/chest';
import { gaussian, seededRandom } from '../../src/lib/core/simulate/random';
import type { BenchContext } from '../bench-browser';

/** An ECG at 130 Hz: a QRS-like spike at each beat on a noisy baseline, microvolts. */
function ecgFor(beatTimes: Float64Array, seconds: number): { t: Float64Array; value: Float64Array } {
	const n = Math.floor(seconds * 130);
	const t = new Float64Array(n);
	const value = new Float64Array(n);
	const random = seededRandom(7);
	let b = 0;
	for (let i = 0; i < n; i++) {
		t[i] = i / 130;
		while (b < beatTimes.length - 1 && beatTimes[b + 1] <= t[i]) b++;
		const d = Math.min(
			Math.abs(t[i] - beatTimes[b]),
			b + 1 < beatTimes.length ? Math.abs(beatTimes[b + 1] - t[i]) : 9
		);
		value[i] = 1200 * Math.exp(-((d / 0.012) ** 2)) + 20 * gaussian(random);
	}
	return { t, value };
}

/** Splits a session's one-chunk-per-channel storage into the packets a device sends. */
function deviceChunks(full: FullSession): StoredChunk[] {
	const per: Record<string, number> = { resp: 10, acc: 36, ecg: 73, rr: 1 };
	const out: StoredChunk[] = [];
	for (const c of full.chunks) {
		const size = per[c.chunk.kind];
		const arrays = Object.entries(c.chunk).filter(([, v]) => v instanceof Float64Array) as [
			string,
			Float64Array
		][];
		for (let a = 0; a < c.chunk.n; a += size) {
			const b = Math.min(c.chunk.n, a + size);
			const chunk: Record<string, unknown> = { kind: c.chunk.kind, n: b - a };
			for (const [k, v] of arrays) chunk[k] = v.slice(a, b);
			out.push({
				sessionId: c.sessionId,
				seq: 0,
				device: c.device,
				chunk: chunk as unknown as StoredChunk['chunk']
			});
		}
	}
	out.sort((x, y) => (x.chunk.t[0] ?? 0) - (y.chunk.t[0] ?? 0));
	out.forEach((c, i) => (c.seq = i));
	return out;
}

export function hourSession(id = 'bench-1h'): FullSession {
	const seconds = 3600;
	const belt = synthBelt(patternBreaths(PATTERN_514, Math.floor(seconds / 9.5)), {
		rateHz: 20,
		noise: 0.01,
		gaps: [{ start: 1200, end: 1230 }]
	});
	const chest = simulateChest({ rate: 200, duration: seconds, breaths: pacedBreaths(6.3), seed: 5 });
	const beats = simulateBeats([{ seconds, breathsPerMin: 6.3 }], { heartRate: 64, seed: 5 });
	const rec: Recording = {
		resp: { t: belt.t, value: belt.value },
		acc: { t: chest.t, x: chest.x, y: chest.y, z: chest.z },
		rr: { t: beats.t, rrMs: beats.rrMs },
		ecg: ecgFor(beats.t, seconds)
	};
	const full = sessionFromRecording(rec, {
		id,
		startedAt: Date.UTC(2026, 10, 30, 8),
		kind: 'breathing',
		pattern: PATTERN_514,
		deviceName: 'Belt + Polar H10 (simulated)'
	});
	full.chunks = deviceChunks(full);
	return full;
}

/** `count` short sessions, one every 8 hours back from now (the history only reads headers). */
export function manySessions(count: number): FullSession[] {
	const belt = synthBelt(patternBreaths(PATTERN_514, 12), { rateHz: 20 });
	const base = sessionFromRecording(
		{ resp: { t: belt.t, value: belt.value } },
		{ id: 'x', startedAt: 0, kind: 'breathing', pattern: PATTERN_514, deviceName: 'Belt (simulated)' }
	);
	const now = Date.now();
	return Array.from({ length: count }, (_, i) => {
		const id = `s${i}`;
		return {
			session: { ...base.session, id, startedAt: now - i * 8 * 3600_000, pain: { before: 5, after: 3 } },
			chunks: base.chunks.map((c) => ({ ...c, sessionId: id })),
			log: base.log.map((e) => ({ ...e, sessionId: id }))
		};
	});
}

async function importInto(page: Page, baseUrl: string, file: string, expected: number): Promise<void> {
	await page.goto(`${baseUrl}/history`);
	await page.waitForSelector('[data-testid="history"][data-loaded="true"]');
	const input = await page.waitForSelector('input[type=file]');
	await input?.uploadFile(file);
	await page.waitForSelector('[data-testid="import-ok"]', { timeout: 300_000 });
	const count = await page.$eval('[data-testid="count"]', (e) => e.textContent ?? '');
	if (!count.startsWith(`${expected} of`)) throw new Error(`import gave "${count}"`);
}

/** ms from navigation start until `selector` is there and two frames have been painted. */
async function openMs(page: Page, url: string, selector: string): Promise<number> {
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector(selector, { timeout: 60_000 });
	return page.evaluate(
		() =>
			new Promise<number>((resolve) =>
				requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))
			)
	);
}

/**
 * In the page: a key press on the waveform every frame for 3 s (turning back at either end of the
 * session), resolving to frames per second. A string, so no bundler helper leaks into the page.
 */
const PAN_SCRIPT = `new Promise((resolve) => {
	const el = document.querySelector('[data-testid="waveform"]');
	let frames = 0;
	const start = performance.now();
	function step() {
		// 30 steps of a tenth of a 15-minute window cross the hour: then back again.
		const key = Math.floor(frames / 30) % 2 ? 'ArrowLeft' : 'ArrowRight';
		el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
		frames++;
		if (performance.now() - start < 3000) requestAnimationFrame(step);
		else resolve((frames * 1000) / (performance.now() - start));
	}
	requestAnimationFrame(step);
})`;

/** With BENCH_TRACE set: a Chrome trace of `run` in that folder (not counted in the figures). */
async function traced(page: Page, name: string, run: () => Promise<unknown>): Promise<void> {
	const dir = process.env.BENCH_TRACE;
	if (!dir) return;
	mkdirSync(dir, { recursive: true });
	await page.tracing.start({ path: path.join(dir, `${name}.json`), screenshots: false });
	await run();
	await page.tracing.stop();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function measure(
	ctx: Pick<BenchContext, 'browser' | 'baseUrl' | 'log'>
): Promise<Record<string, number>> {
	const dir = mkdtempSync(path.join(tmpdir(), 'tidal-bench-review-'));
	try {
		const hourFile = path.join(dir, 'hour.json');
		writeFileSync(hourFile, writeSessionFile([hourSession()]));
		const manyFile = path.join(dir, 'many.json');
		writeFileSync(manyFile, writeSessionFile(manySessions(500)));

		ctx.log('review: importing a one-hour session');
		const hour = await ctx.browser.createBrowserContext();
		const page = await hour.newPage();
		await page.setViewport({ width: 1200, height: 900 });
		await importInto(page, ctx.baseUrl, hourFile, 1);
		const url = `${ctx.baseUrl}/review?id=bench-1h`;
		// Ready, and the waveform (the first chart, on screen) made: then two frames painted.
		const ready = '[data-testid="review"][data-status="ready"] [data-testid="waveform"] [data-drawn="true"]';
		await openMs(page, url, ready); // warm: the app's code in the cache, as on a second visit
		const opens: number[] = [];
		for (let i = 0; i < 3; i++) {
			opens.push(await openMs(page, url, ready));
			// Where the time went (the page's own marks): reading the store, building the model.
			const parts = await page.evaluate(() =>
				performance.getEntriesByType('measure').map((m) => `${m.name} ${Math.round(m.duration)} ms`)
			);
			ctx.log(`review: opened in ${Math.round(opens[i])} ms (${parts.join(', ')})`);
		}

		// Pan a 15-minute window through the session, one step per frame, for 3 s.
		await page.focus('[data-testid="waveform"]');
		for (let i = 0; i < 2; i++) await page.keyboard.press('+');
		const fps = (await page.evaluate(PAN_SCRIPT)) as number;
		await traced(page, 'review-pan', () => page.evaluate(PAN_SCRIPT));
		await traced(page, 'review-open', () => openMs(page, url, ready));
		// For context: frames per second of the same page doing nothing (a busy machine shows here).
		const idleFps = (await page.evaluate(PAN_SCRIPT.replace('el.dispatchEvent', 'void '))) as number;
		await hour.close();

		ctx.log('review: importing 500 sessions');
		const many = await ctx.browser.createBrowserContext();
		const hp = await many.newPage();
		await hp.setViewport({ width: 1200, height: 900 });
		await importInto(hp, ctx.baseUrl, manyFile, 500);
		const listed = '[data-testid="history"][data-loaded="true"] li[data-id="s499"]';
		await openMs(hp, `${ctx.baseUrl}/history`, listed);
		const histories: number[] = [];
		for (let i = 0; i < 3; i++) {
			histories.push(await openMs(hp, `${ctx.baseUrl}/history`, listed));
			const parts = await hp.evaluate(() =>
				performance.getEntriesByType('measure').map((m) => `${m.name} ${Math.round(m.duration)} ms`)
			);
			const nav = await hp.evaluate(() => {
				const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
				return `dom ready ${Math.round(n.domContentLoadedEventEnd)} ms`;
			});
			ctx.log(`history: shown in ${Math.round(histories[i])} ms (${[nav, ...parts].join(', ')})`);
		}
		await traced(hp, 'history-open', () => openMs(hp, `${ctx.baseUrl}/history`, listed));
		await many.close();

		return {
			reviewOpen1hMs: Math.round(median(opens)),
			reviewPanFps: Math.round(fps * 10) / 10,
			historyOpen500Ms: Math.round(median(histories)),
			reviewIdleFps: Math.round(idleFps * 10) / 10
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
