import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A static single-page app: everything runs on the device, nothing on a server.
		adapter: adapter({ fallback: 'index.html' }),
		alias: { $workers: 'workers' },
		typescript: {
			config(tsconfig) {
				tsconfig.include.push('../workers/**/*.ts', '../tests/**/*.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
