import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Hashes of the inline scripts in src/app.html (the theme set before the first paint): SvelteKit
 * hashes only the scripts it writes itself, so these are allowed by their exact text.
 */
const appHtml = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
const appScriptHashes = [...appHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
	(m) => `sha256-${createHash('sha256').update(m[1]).digest('base64')}`
);

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A static single-page app: everything runs on the device, nothing on a server.
		// Brotli and gzip copies beside every file, for hosts that serve them (the audit server does).
		adapter: adapter({ fallback: 'index.html', precompress: true }),
		alias: { $workers: 'workers' },
		// Every route is served by the one fallback page, so asset URLs must not be relative to it.
		paths: { relative: false },
		// The page registers the service worker itself, to offer an update instead of forcing one.
		serviceWorker: { register: false },
		// Nothing may load from or talk to another origin; SvelteKit hashes the one inline script it
		// needs to start the app. The policy travels in a <meta> tag (a static host sets no headers).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', ...appScriptHashes],
				'style-src': ['self'],
				// Style attributes cannot run code; Svelte and the app shell set a few.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self', 'data:', 'blob:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		typescript: {
			config(tsconfig) {
				tsconfig.include.push('../workers/**/*.ts', '../tests/**/*.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
