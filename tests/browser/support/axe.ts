/**
 * axe-core in a puppeteer page: WCAG 2.2 A and AA (and the 2.0/2.1 rules they include). Returns
 * the violations in a form that reads well in a failed assertion: rule, impact, help and where.
 *
 *   expect(await axeViolations(page)).toEqual([]);
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const require = createRequire(import.meta.url);
let source: string | null = null;

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeFinding {
	rule: string;
	impact: string | null;
	help: string;
	targets: string[];
}

export async function axeViolations(page: Page, tags: string[] = WCAG_AA_TAGS): Promise<AxeFinding[]> {
	source ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
	const loaded = await page.evaluate(() => 'axe' in window);
	if (!loaded) await page.evaluate(source);
	return page.evaluate(async (values) => {
		const axe = (
			window as unknown as {
				axe: {
					run: (
						ctx: Document,
						o: object
					) => Promise<{
						violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
					}>;
				};
			}
		).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values } });
		return result.violations.map((v) => ({
			rule: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(' '))
		}));
	}, tags);
}
