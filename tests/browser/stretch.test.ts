/**
 * The stretch programme end to end with the simulated chest strap (`?sim=mistakes`: a person who
 * bends on a script from the moment the strap connects). The side-lying hunch is sensed: the
 * breath held during the first hold gets a calm prompt, the too-short second hold and the skipped
 * rest before the third are flagged. The seated twist is timed and says why. The recording lands
 * in the session store as a stretch session with its holds, flags and pain ratings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { PageWatch, Served } from './support/harness';
import { useScenario } from './support/scenario';
import { answerSafetyCheck, atSizes, DESKTOP } from './support/care';
import { axeViolations } from './support/axe';
import { drawAllCharts } from './support/charts';
import { screenshot } from './support/harness';
import { storedRecords } from './support/stored';

let served: Served;
let page: Page;
let watched: PageWatch;

useScenario({ path: '/care/check', bluetooth: false }, (s) => ({ served, page, watched } = s));
beforeAll(() => page.setViewport(DESKTOP));

/** Wait for `selector` longer than one protocol call may last (the harness allows 15 s). */
async function waitLong(selector: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		await readPrompts();
		if (await page.$(selector)) return;
		if (Date.now() > until)
			throw new Error(
				`${selector} did not appear within ${timeoutMs} ms; prompts seen: ${prompts.join(', ')}; ` +
					`recorded so far: ${await recordedSoFar()}`
			);
		await new Promise((r) => setTimeout(r, 250));
	}
}
/** One entry of the stored log (engine events, the programme's cues, settings, pain). */
interface LogRecord {
	type: string;
	t?: number;
	phase?: string;
	event?: {
		type: string;
		t?: number;
		at?: number;
		hold?: { ok?: boolean; issues: string[] };
		rest?: { ok: boolean };
	};
}

/** The live log as stored so far (engine events and the programme's cues), to say why a wait failed. */
async function recordedSoFar(): Promise<string> {
	const { log } = await storedRecords<{ log: LogRecord[] }>(page, ['log']);
	return log
		.filter((e) => e.type === 'cue' || (e.type === 'engine' && !['beat', 'rate'].includes(e.event!.type)))
		.map((e) =>
			e.type === 'cue'
				? `cue:${e.phase}@${e.t?.toFixed(1)}`
				: `${e.event!.type}@${(e.event!.t ?? e.event!.at ?? NaN).toFixed(1)}`
		)
		.join(' ');
}
/** Every prompt shown, in order (watched by the page, so none is missed between polls). */
let prompts: string[] = [];
async function readPrompts(): Promise<void> {
	prompts = await page.evaluate(() => (window as unknown as { prompts?: string[] }).prompts ?? []);
}

const text = (sel: string) => page.$eval(sel, (e) => (e as HTMLElement).innerText);
const press = async (label: string) =>
	(await page.waitForSelector(`xpath/.//button[contains(., "${label}")]`))!.click();

async function setNumber(exercise: string, index: number, value: number): Promise<void> {
	await page.$eval(
		`article[aria-labelledby="ex-${exercise}"]`,
		(el, i, v) => {
			const input = el.querySelectorAll('input[type="number"]')[i] as HTMLInputElement;
			input.value = String(v);
			input.dispatchEvent(new Event('change', { bubbles: true }));
		},
		index,
		value
	);
}

describe('stretch programme with a simulated chest strap', () => {
	let connectedAt = 0;
	/** The stored session's log, for its review below. */
	let recorded: LogRecord[] = [];

	it('sets up: targets edited, a pain rating, the simulated strap streaming', async () => {
		await answerSafetyCheck(page, []);
		await page.goto(`${served.url}/stretch?sim=mistakes`, { waitUntil: 'networkidle0' });
		await page.waitForSelector('article[aria-labelledby="ex-side-lying-hunch"]');
		await setNumber('side-lying-hunch', 0, 25);
		await setNumber('side-lying-hunch', 1, 10);
		await page.click('article[aria-labelledby="ex-lying-twist"] input[type="checkbox"]');
		await setNumber('seated-twist', 0, 5);
		await setNumber('seated-twist', 1, 5);
		await setNumber('seated-twist', 2, 1);
		await press('simulated chest strap');
		connectedAt = Date.now();
		await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Simulated H10'), {
			timeout: 10_000
		});
		// With a chest accelerometer the hunch is sensed and the seated twist is not.
		expect(await text('article[aria-labelledby="ex-side-lying-hunch"] .sensing')).toMatch(/^Sensed:/);
		expect(await text('article[aria-labelledby="ex-seated-twist"] .sensing')).toMatch(/gyroscope/);
		await page.click('fieldset.pain label:nth-child(6)');
		expect(await axeViolations(page)).toEqual([]);
		await press('Start the programme');
		await page.waitForSelector('::-p-text(Next: Side-lying hunch)');
		expect(await text('main')).toContain('never overstretch');
		expect(await axeViolations(page)).toEqual([]);
	});

	it('prompts calmly when the breath is held during a hold', async () => {
		// The simulated person is still for 20 s after connecting, then bends: start with them.
		await new Promise((r) => setTimeout(r, Math.max(0, connectedAt + 19_500 - Date.now())));
		await press('in position');
		await page.waitForSelector('[data-phase="hold"]');
		await page.evaluate(() => {
			const w = window as unknown as { prompts: string[] };
			w.prompts = [];
			new MutationObserver(() => {
				const code = document.querySelector('[data-prompt]')?.getAttribute('data-prompt');
				if (code && w.prompts.at(-1) !== code) w.prompts.push(code);
			}).observe(document.body, { subtree: true, attributes: true, childList: true });
		});
		await waitLong('[data-prompt="breath-held"]', 25_000);
		expect(await text('.prompt')).toMatch(/Keep breathing/);
		expect(await text('[data-testid="doing"]')).toBe('Stretch seen');
		expect(await page.$eval('[data-phase]', (e) => e.getAttribute('data-phase'))).toBe('hold');
		expect(await axeViolations(page)).toEqual([]);
		await atSizes(page, 'stretch-mid-hold');
	}, 90_000);

	it('flags the short hold and the skipped rest', async () => {
		await waitLong('[data-phase="rest"]', 20_000);
		expect(await axeViolations(page)).toEqual([]);
		await atSizes(page, 'stretch-mid-rest');
		await waitLong('[data-prompt="hold-short"]', 40_000);
		await waitLong('[data-prompt="rest-skipped"]', 50_000);
	}, 120_000);

	it('times the seated twist and says why it is not sensed', async () => {
		await waitLong('xpath/.//h2[contains(., "Next: Seated twist")]', 40_000);
		expect(await text('.sensing')).toMatch(/cannot see a turn around your upright spine/);
		await press('in position');
		await page.waitForSelector('[data-sensing="timed"]');
		expect(await text('[data-phase]')).toContain('Timed; breathing checked');
		await waitLong('#done', 20_000);
	}, 90_000);

	it('stores the session as a stretch session with holds, flags and pain before and after', async () => {
		expect(await text('[data-testid="stretch-summary"]')).toMatch(/ended early/);
		expect(await axeViolations(page)).toEqual([]);
		await page.click(
			'#done ~ fieldset.pain label:nth-child(4), section.done fieldset.pain label:nth-child(4)'
		);
		await new Promise((r) => setTimeout(r, 500));
		const { sessions, log, chunks } = await storedRecords<{
			sessions: { id: string; kind: string; status: string; pain: unknown; summary: unknown }[];
			log: LogRecord[];
			chunks: { chunk: { n: number } }[];
		}>(page, ['sessions', 'log', 'chunks']);
		const stored = { sessions, log, samples: chunks.reduce((n, c) => n + c.chunk.n, 0) };
		expect(stored.sessions).toHaveLength(1);
		const [s] = stored.sessions;
		expect(s).toMatchObject({ kind: 'stretch', status: 'finished', pain: { before: 5, after: 3 } });
		// Stored as blocks once finished: count samples, not records (50 packets of 36 at least).
		expect(stored.samples).toBeGreaterThan(50 * 36);
		recorded = stored.log;
		const holds = stored.log
			.filter((e) => e.event?.type === 'stretch-hold')
			.map((e) => e.event!.hold!.issues);
		expect(holds.some((issues) => issues.includes('hold-too-short'))).toBe(true);
		expect(stored.log.some((e) => e.event?.type === 'stretch-rest' && e.event.rest?.ok === false)).toBe(true);
		expect(stored.log.filter((e) => e.type === 'cue' && e.phase === 'stretch-hold').length).toBe(4);
		await press('Finish');
		await page.waitForSelector('::-p-text(Start the programme)');
		expect(watched.errors).toEqual([]);
	});

	it('opens in review with the holds and rests it recorded on the timeline', async () => {
		const holds = recorded.filter((e) => e.event?.type === 'stretch-hold').map((e) => e.event!.hold!);
		const rests = recorded.filter((e) => e.event?.type === 'stretch-rest').map((e) => e.event!.rest!);
		await page.goto(`${served.url}/history`);
		await page.waitForSelector('[data-testid="history"][data-loaded="true"] li[data-id] a.open');
		await page.click('li[data-id] a.open');
		await page.waitForSelector('[data-testid="review"][data-status="ready"]');
		expect(Number(await text('[data-testid="hold-count"]'))).toBe(holds.length);
		expect(Number(await text('[data-testid="rest-count"]'))).toBe(rests.length);
		const label = await page.$eval(
			'[data-testid="stretch-chart"]',
			(e) => e.getAttribute('aria-label') ?? ''
		);
		expect(label).toContain(`${holds.filter((h) => h.ok).length} of ${holds.length} holds as planned`);
		const issues = await page.$$eval('[data-testid="stretch-issues"] li', (li) =>
			li.map((e) => e.textContent ?? '')
		);
		expect(issues.filter((l) => l.startsWith('Hold at'))).toHaveLength(holds.filter((h) => !h.ok).length);
		expect(issues.some((l) => /hold too short/.test(l))).toBe(true);
		expect(issues.filter((l) => l.startsWith('Rest at'))).toHaveLength(rests.filter((r) => !r.ok).length);
		expect(issues.some((l) => /^Rest at .*cut short/.test(l))).toBe(true);
		await drawAllCharts(page);
		await screenshot(page, 'review-stretch-recorded');
		expect(await axeViolations(page)).toEqual([]);
		expect(watched.errors).toEqual([]);
	});
});
