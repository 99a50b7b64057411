/**
 * The installed app, for real: Chromium installs Tidal from its manifest (the DevTools PWA domain
 * does what the browser's own "Install app" does), then opens the installed app in its own window
 * with the server gone, as a person opens it from the home screen with no network.
 */
import { describe, expect, it } from 'vitest';
import { launchChromium, servePreview } from './support/harness';
import { atSizes } from './support/care';

describe('installed from the browser', () => {
	it('installs, and opens standalone at its start URL from the service worker alone', async () => {
		const chromium = await launchChromium({ bluetooth: false, pipe: true });
		const served = await servePreview();
		let serving = true;
		try {
			const visit = await chromium.browser.newPage();
			await visit.goto(`${served.url}/`, { waitUntil: 'networkidle0' });
			await visit.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 15_000 });
			// The manifest's id is "/", so the app's identity is the origin's root.
			const manifestId = `${served.url}/`;
			// Installed from the page being shown, as the browser's "Install app" does.
			const shown = await visit.createCDPSession();
			await shown.send('PWA.install', { manifestId });
			await shown.detach();
			const cdp = await chromium.browser.target().createCDPSession();
			// Known to the browser as an installed app (an unknown id is refused).
			await expect(cdp.send('PWA.getOsAppState', { manifestId })).resolves.toMatchObject({ badgeCount: 0 });
			await visit.close();
			await served.close();
			serving = false;

			// Installed over DevTools, the app is set to open in a browser tab; "Open in window" is the
			// person's choice in Chromium's app settings (the install dialog ticks it), made here.
			await cdp.send('PWA.changeAppUserSettings', { manifestId, displayMode: 'standalone' });
			const { targetId } = await cdp.send('PWA.launch', { manifestId });
			expect(targetId).toBeTruthy();
			const target = await chromium.browser.waitForTarget(
				(t) => t.type() === 'page' && t.url().startsWith(manifestId),
				{ timeout: 15_000 }
			);
			const app = (await target.asPage())!;
			await app.waitForSelector('h1');
			expect(await app.$eval('h1', (e) => e.textContent)).toBe('Tidal');
			expect(await app.evaluate(() => matchMedia('(display-mode: standalone)').matches)).toBe(true);
			await atSizes(app, 'installed-app');
			await cdp.send('PWA.uninstall', { manifestId });
		} finally {
			if (serving) await served.close();
			await chromium.close();
		}
	});
});
