import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// The worker entry lives outside src/; the dev server must be allowed to serve it.
	server: { fs: { allow: ['workers'] } },
	worker: { format: 'es' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'node',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
					// Real recordings are read from ../shared, which a fresh clone may not have beside it:
					// they run apart, with `npm run test:recordings`.
					exclude: ['tests/browser/**', 'tests/recordings/**'],
					// Some tests start the CLI as a child process (tsx compiles it each time); on a busy
					// two-core machine that alone can pass vitest's default 5 s.
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'recordings',
					environment: 'node',
					include: ['tests/recordings/**/*.test.ts'],
					testTimeout: 120_000
				}
			},
			{
				// Real headless Chromium driven by puppeteer-core against `vite preview` of build/.
				// `npm run test:browser` builds first. One browser at a time: the CDP Bluetooth
				// emulation belongs to the whole browser, and the machines have two cores.
				test: {
					name: 'browser',
					environment: 'node',
					include: ['tests/browser/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false,
					maxWorkers: 1
				}
			}
		]
	}
});
