/**
 * A live breathing session under load: two simulated wearables (a Polar H10 with chest ACC at
 * 200 Hz, as the app asks for it, ECG at 130 Hz and heart rate, and a breathing belt at 20 Hz) feed
 * /session for `minutes` (10 by default) under Chrome's 4× CPU throttle, standing for a low-end
 * phone. The simulated devices run in their own worker, so the page's thread does what it does for
 * real sensors. Then a reload at a random moment, to see what the recording lost.
 *
 * chartFrameP95Ms is the time the live chart takes for each picture chart.js draws: the whole of
 * a tick that draws (a chart whose data changed placed and drawn, or all of them updated with
 * `update('none')` when the time axis moves on), slide included; ticks that only slide the picture
 * (a CSS transform) draw nothing and are not counted. BENCH_PROFILE=<folder> / BENCH_TRACE=<folder> record a
 * CPU profile (session.cpuprofile) or a Chrome trace (session.json) after the session settles and
 * print where the time went.
 *
 * Keys: initialJsKbGzip, longTasksOver50ms, chartFrameP95Ms, mainThreadBusyPct, sampleToEventP95Ms,
 * heapGrowthMB, recordingLossSeconds (plus sessionSamples and sessionBreaths,
 * for context).
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'puppeteer-core';
import type { BenchContext } from '../bench-browser';
import { profile, trace } from './profile';

const THROTTLE = 4;
/** Heap and long tasks are measured from when the session has settled (chart drawn, worker warm). */
const SETTLE_S = 20;

interface SessionFigures {
	latencies: number[];
	chartFrames: number[];
	lastReceivedT: number;
	samples: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function p95(xs: number[]): number {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

/** JavaScript `/session` loads before Start, gzip-compressed as a server would send it. */
async function initialJs(ctx: BenchContext): Promise<number> {
	const page = await ctx.newPage();
	const bodies: Promise<Buffer>[] = [];
	page.on('response', (r) => {
		const type = r.request().resourceType();
		if (type === 'script' || (type === 'other' && r.url().endsWith('.js'))) bodies.push(r.buffer());
	});
	await page.goto(`${ctx.baseUrl}/session`, { waitUntil: 'networkidle0' });
	await page.waitForSelector('button.start');
	// Module preloads arrive as 'other' in some versions; count every .js the page fetched.
	const all = await Promise.all(bodies);
	await page.close();
	return all.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0) / 1024;
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return metrics.find((m) => m.name === name)?.value ?? NaN;
}

async function storedLastT(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('tidal');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const chunks = await new Promise<{ chunk: { n: number; t: Float64Array } }[]>((resolve, reject) => {
			const r = db.transaction('chunks').objectStore('chunks').getAll();
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		db.close();
		return chunks.reduce((m, c) => Math.max(m, c.chunk.t[c.chunk.n - 1]), -Infinity);
	});
}

export async function measure(ctx: BenchContext): Promise<Record<string, number>> {
	const initialJsKbGzip = await initialJs(ctx);
	ctx.log(`initial JS ${initialJsKbGzip.toFixed(1)} KB gzip`);

	const page = await ctx.newPage();
	// A phone: taps on a touch screen, no mouse pointer resting over the page (a pointer makes
	// Chrome hit-test it after every frame, which a phone never does).
	await page.setViewport({ ...page.viewport()!, isMobile: true, hasTouch: true });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
	await page.evaluateOnNewDocument(() => {
		const w = window as unknown as { __longTasks: number[] };
		w.__longTasks = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__longTasks.push(e.duration);
		}).observe({ type: 'longtask', buffered: true });
	});
	// Two simulated wearables, as a person with a strap and a belt would pair them.
	await page.goto(`${ctx.baseUrl}/pair`);
	for (let k = 1; k <= 2; k++) {
		await page.waitForSelector('button[data-kind="simulated"]:not([disabled])');
		await page.tap('button[data-kind="simulated"]');
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-testid="device"][data-status="streaming"]').length >= n,
			{ timeout: 30_000 },
			k
		);
	}
	// To the session without reloading (the wearables stay connected), open-ended.
	await page.tap('nav a[href="/session"]');
	await page.waitForSelector('button.start');
	await page.tap('label.pill:last-child');
	const cdp = await page.createCDPSession();
	await cdp.send('Performance.enable');
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
	await page.tap('button.start');
	await page.waitForSelector('[data-stage]');
	await sleep(SETTLE_S * 1000);
	// Where the time goes (not counted in the figures): BENCH_PROFILE / BENCH_TRACE=<folder>.
	const profileDir = process.env.BENCH_PROFILE;
	if (profileDir) await profile(cdp, 30, path.join(profileDir, 'session.cpuprofile'), ctx.log);
	const traceDir = process.env.BENCH_TRACE;
	if (traceDir) await trace(page, 20, path.join(traceDir, 'session.json'), ctx.log);

	await cdp.send('HeapProfiler.collectGarbage');
	const heap0 = await metric(cdp, 'JSHeapUsedSize');
	const busy0 = await metric(cdp, 'TaskDuration');
	const long0 = await page.evaluate(
		() => (window as unknown as { __longTasks: number[] }).__longTasks.length
	);
	const wall0 = Date.now();
	const totalMs = ctx.minutes * 60_000 - SETTLE_S * 1000;
	for (let done = 0; done < totalMs; done += 30_000) {
		await sleep(Math.min(30_000, totalMs - done));
		ctx.log(`${((SETTLE_S * 1000 + done + 30_000) / 60_000).toFixed(1)} min`);
	}
	const busy1 = await metric(cdp, 'TaskDuration');
	const wall1 = Date.now();
	const longTasks = await page.evaluate(
		(from) => (window as unknown as { __longTasks: number[] }).__longTasks.slice(from),
		long0
	);
	await cdp.send('HeapProfiler.collectGarbage');
	const heap1 = await metric(cdp, 'JSHeapUsedSize');
	const figures = await page.evaluate(() => {
		const s = (window as unknown as { __tidalSession: SessionFigures }).__tidalSession;
		return { latencies: s.latencies, chartFrames: s.chartFrames, samples: s.samples };
	});
	const breaths = Number(await page.$eval('[data-testid="breaths"]', (el) => el.textContent));

	// A reload at a random moment: what did the recording lose?
	await sleep(Math.random() * 2000);
	const received = await page.evaluate(
		() => (window as unknown as { __tidalSession: SessionFigures }).__tidalSession.lastReceivedT
	);
	await page.reload();
	await page.waitForSelector('main');
	const lastStored = await storedLastT(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => {});
	await page.close();
	if (errors.length) ctx.log(`page errors: ${errors.join(' | ')}`);

	return {
		initialJsKbGzip,
		longTasksOver50ms: longTasks.filter((d) => d > 50).length,
		chartFrameP95Ms: p95(figures.chartFrames),
		mainThreadBusyPct: (100 * (busy1 - busy0)) / ((wall1 - wall0) / 1000),
		sampleToEventP95Ms: p95(figures.latencies),
		heapGrowthMB: (heap1 - heap0) / 1e6,
		recordingLossSeconds: Math.max(0, received - lastStored),
		sessionSamples: figures.samples,
		sessionBreaths: breaths
	};
}
