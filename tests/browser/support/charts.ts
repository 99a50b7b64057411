import type { Page } from 'puppeteer-core';

/**
 * Review charts are drawn as they come near the screen: scroll through the page so every one is
 * (for a full-page screenshot), then back to the top.
 */
export async function drawAllCharts(p: Page): Promise<void> {
	await p.evaluate(async () => {
		for (let y = 0; y < document.body.scrollHeight; y += 600) {
			window.scrollTo(0, y);
			await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		}
		window.scrollTo(0, 0);
	});
	await p.waitForFunction(() =>
		[...document.querySelectorAll('[data-drawn]')].every((e) => e.getAttribute('data-drawn') === 'true')
	);
}
