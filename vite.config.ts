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
					exclude: ['tests/browser/**']
				}
			}
		]
	}
});
