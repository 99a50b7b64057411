/**
 * Browser-test harness: `vite preview` of the production build on a free loopback port, and
 * Debian's Chromium driven by puppeteer-core (no browser download).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { preview } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

export interface Served {
	url: string;
	close(): Promise<void>;
}

/** Serve the built app (run `vite build` first; `npm run test:browser` does). */
export async function servePreview(): Promise<Served> {
	if (!existsSync(path.join(ROOT, 'build', 'index.html'))) {
		throw new Error('No build/ output: run `npm run test:browser` (it builds first) or `npx vite build`.');
	}
	const port = await freePort();
	const server = await preview({
		root: ROOT,
		configFile: path.join(ROOT, 'vite.config.ts'),
		logLevel: 'error',
		preview: { host: '127.0.0.1', port, strictPort: true, open: false }
	});
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => server.close()
	};
}

export interface Launched {
	browser: Browser;
	close(): Promise<void>;
}

/**
 * Headless Chromium; `bluetooth: false` leaves Web Bluetooth off (navigator.bluetooth undefined).
 * `args` are added to the usual command-line switches.
 */
export async function launchChromium({
	bluetooth = true,
	args: extraArgs = [],
	pipe = false
}: {
	bluetooth?: boolean;
	args?: string[];
	/** DevTools over a pipe, not a socket: Chromium offers the PWA domain (install, launch) only then. */
	pipe?: boolean;
} = {}): Promise<Launched> {
	if (!existsSync(CHROMIUM))
		throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
	const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'tidal-chromium-'));
	const args = [
		'--no-sandbox',
		'--disable-gpu',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		...extraArgs
	];
	if (bluetooth) args.unshift('--enable-features=WebBluetooth');
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		protocolTimeout: 15_000,
		userDataDir,
		pipe,
		args,
		defaultViewport: { width: 412, height: 915, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
	});
	return {
		browser,
		close: async () => {
			await browser.close().catch(() => {});
			await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
		}
	};
}

export interface PageWatch {
	errors: string[];
	console: string[];
}

/** Collect page errors and console warnings, for assertions and for debugging failures. */
export function watchPage(page: Page): PageWatch {
	const out = { errors: [] as string[], console: [] as string[] };
	page.on('pageerror', (e) => out.errors.push(e instanceof Error ? e.message : String(e)));
	page.on('console', (m) => {
		out.console.push(`${m.type()}: ${m.text()}`);
		if (process.env.DEBUG) console.log(`page ${m.type()}: ${m.text()}`);
	});
	return out;
}

export async function screenshot(page: Page, name: string): Promise<string> {
	await mkdir(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file as `${string}.png`, fullPage: true });
	return file;
}
