/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Tidal works offline after the first visit: the app shell, every built file and every static
 * file are cached under this build's version. A new version installs beside the old one and
 * waits until the person chooses to update (the page's update prompt), so nothing reloads in the
 * middle of an exercise; once it takes over, the old caches are deleted.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const PREFIX = 'tidal-';
const CACHE = `${PREFIX}${version}`;
/** The single-page app's shell: every route is served by it. */
const SHELL = '/';
const ASSETS = new Set([...build, ...files, SHELL]);

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
			}
			// The first visit's page is controlled at once, so it works offline without a reload.
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'skip-waiting') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	event.respondWith(respond(request, url));
});

async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	// Navigations get the shell of this version, which matches its cached scripts exactly.
	const key = request.mode === 'navigate' ? SHELL : ASSETS.has(url.pathname) ? url.pathname : null;
	if (key) {
		const hit = await cache.match(key);
		if (hit) return hit;
	}
	try {
		const response = await fetch(request);
		// Built files are immutable; one this list missed (a worker chunk) is kept once fetched.
		if (response.ok && url.pathname.startsWith('/_app/immutable/'))
			await cache.put(request, response.clone());
		return response;
	} catch (e) {
		const hit = await cache.match(request);
		if (hit) return hit;
		throw e;
	}
}
