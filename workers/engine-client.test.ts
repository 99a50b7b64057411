import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { PATTERN_514 } from '../src/lib/core/engine/pattern';
import { patternBreaths, synthBelt } from '../src/lib/core/simulate/breathing';
import type { EngineEvent, RespChunk } from '../src/lib/core/types';
import { EngineApi, type ResumeItem, type SessionSettings } from './engine-api';
import { EngineClient, type EngineWorkerHandle } from './engine-client';

const ports: { close(): void }[] = [];
afterEach(() => {
	for (const p of ports.splice(0)) p.close();
});

/** A worker stand-in: the real EngineApi behind comlink over a Node MessageChannel. */
function channelWorker(api: EngineApi = new EngineApi()): EngineWorkerHandle & { die(reason: string): void } {
	const { port1, port2 } = new MessageChannel();
	ports.push(port1, port2);
	expose(api, nodeEndpoint(port1));
	let death: (reason: string) => void = () => {};
	return {
		endpoint: nodeEndpoint(port2),
		terminate: () => port1.close(),
		onDeath: (fn) => (death = fn),
		die(reason) {
			port1.close();
			death(reason);
		}
	};
}

/** 10 breaths of 5-1-4 from a belt at 20 Hz, in 100-ms chunks (two samples, as the belt sends). */
function beltChunks(): RespChunk[] {
	const rec = synthBelt(patternBreaths(PATTERN_514, 10), { rateHz: 20 });
	const out: RespChunk[] = [];
	for (let i = 0; i < rec.t.length; i += 2) {
		const end = Math.min(rec.t.length, i + 2);
		out.push({ kind: 'resp', n: end - i, t: rec.t.slice(i, end), value: rec.value.slice(i, end) });
	}
	return out;
}

const breathsIn = (events: EngineEvent[]) => events.filter((e) => e.type === 'breath').length;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the engine client over a message channel', () => {
	it('sends chunks without touching the caller’s arrays and returns each batch’s events', async () => {
		const events: EngineEvent[] = [];
		const client = new EngineClient(() => channelWorker(), {
			events: (e) => void events.push(...e),
			history: async () => [],
			restarted: () => {}
		});
		expect(await client.start({ pattern: '5-1-4' })).toEqual({ ok: true });
		const chunks = beltChunks();
		for (const c of chunks) {
			client.push(c);
			if (chunks.indexOf(c) % 3 === 0) await settle();
		}
		events.push(...(await client.finish()));
		// The caller keeps its data: the client sent copies it could transfer.
		expect(chunks[0].t.length).toBe(2);
		expect(breathsIn(events)).toBeGreaterThanOrEqual(9);
		expect(events.some((e) => e.type === 'phase')).toBe(true);
	});

	it('starts a fresh worker from the recording when one dies, and the session goes on', async () => {
		const chunks = beltChunks();
		const received: ResumeItem[] = [];
		const events: EngineEvent[] = [];
		const restarts: string[] = [];
		const workers: ReturnType<typeof channelWorker>[] = [];
		const client = new EngineClient(
			() => {
				const w = channelWorker();
				workers.push(w);
				return w;
			},
			{
				events: (e) => void events.push(...e),
				history: async () => [...received],
				restarted: (reason, gaveUp) => restarts.push(`${reason}${gaveUp ? ' (gave up)' : ''}`)
			}
		);
		await client.start({ pattern: '5-1-4' });
		for (let i = 0; i < chunks.length; i++) {
			received.push({ chunk: chunks[i] });
			client.push(chunks[i]);
			await settle();
			if (i === Math.floor(chunks.length / 2)) workers[0].die('out of memory');
		}
		events.push(...(await client.finish()));
		expect(restarts).toEqual(['out of memory']);
		expect(workers).toHaveLength(2);
		// Nothing counted twice and nothing lost: the breaths of an uninterrupted run.
		expect(breathsIn(events)).toBeGreaterThanOrEqual(9);
		expect(breathsIn(events)).toBeLessThanOrEqual(10);
	});

	it('changes the stretch targets in the worker, and a fresh worker resumes with them', async () => {
		const resumedWith: SessionSettings[] = [];
		const updated: unknown[] = [];
		const workers: ReturnType<typeof channelWorker>[] = [];
		const client = new EngineClient(
			() => {
				const api = new EngineApi();
				const resume = api.resume.bind(api);
				api.resume = (settings, history, polarity) => {
					resumedWith.push(settings);
					return resume(settings, history, polarity);
				};
				const update = api.updateStretchTargets.bind(api);
				api.updateStretchTargets = (targets) => {
					updated.push(targets);
					return update(targets);
				};
				const w = channelWorker(api);
				workers.push(w);
				return w;
			},
			{ events: () => {}, history: async () => [], restarted: () => {} }
		);
		await client.start({ holdSeconds: 30, restSeconds: 30 });
		expect(await client.updateStretchTargets({ holdSeconds: 20, restSeconds: 15 })).toEqual({ ok: true });
		expect(updated).toEqual([{ holdSeconds: 20, restSeconds: 15 }]);
		expect(await client.updateStretchTargets({ holdSeconds: -1, restSeconds: 15 })).toMatchObject({
			ok: false
		});
		workers[0].die('crashed');
		await settle();
		client.push(beltChunks()[0]);
		await new Promise((r) => setTimeout(r, 50));
		expect(resumedWith).toEqual([{ holdSeconds: 20, restSeconds: 15 }]);
		client.dispose();
	});

	it('restarts a worker that stops answering', async () => {
		const hung = new EngineApi();
		hung.pushMany = () => new Promise<never>(() => {}) as never;
		let n = 0;
		const restarts: string[] = [];
		const client = new EngineClient(
			() => channelWorker(n++ === 0 ? hung : new EngineApi()),
			{
				events: () => {},
				history: async () => [],
				restarted: (reason) => restarts.push(reason)
			},
			{ answerWithinMs: 50 }
		);
		await client.start({});
		client.push(beltChunks()[0]);
		await new Promise((r) => setTimeout(r, 150));
		expect(restarts).toEqual(['the analysis worker stopped answering']);
		expect(client.analysing).toBe(true);
		client.dispose();
	});

	it('stops analysing after repeated deaths, without failing the session', async () => {
		const outcomes: boolean[] = [];
		const broken = () => {
			const api = new EngineApi();
			api.pushMany = () => {
				throw new Error('engine fault');
			};
			return channelWorker(api);
		};
		const client = new EngineClient(
			broken,
			{
				events: () => {},
				history: async () => [],
				restarted: (_reason, gaveUp) => outcomes.push(gaveUp)
			},
			{ maxRestarts: 2 }
		);
		await client.start({});
		for (const c of beltChunks().slice(0, 5)) {
			client.push(c);
			await settle();
		}
		expect(outcomes).toEqual([false, false, true]);
		expect(client.analysing).toBe(false);
		expect(await client.finish()).toEqual([]);
	});
});
