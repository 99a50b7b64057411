/**
 * For finding where main-thread time goes (not a measurement module: it exports no `measure`):
 * a CPU profile or a Chrome trace of the page, written to a file and summed up on stderr. The
 * session benchmark uses them with BENCH_PROFILE / BENCH_TRACE=<folder>.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession } from 'puppeteer-core';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export async function profile(
	cdp: CDPSession,
	seconds: number,
	file: string,
	log: (line: string) => void
): Promise<void> {
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	await new Promise((r) => setTimeout(r, seconds * 1000));
	const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(file, JSON.stringify(profile));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		const n = byId.get(profile.samples[i])!;
		const f = n.callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
		self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
	}
	const wall = (profile.endTime - profile.startTime) / 1000;
	const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
	log(`profile: ${wall.toFixed(0)} ms wall, written to ${file}; self time:`);
	for (const [k, ms] of top)
		log(`  ${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / wall).toFixed(1).padStart(5)} %  ${k}`);
}

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { functionName?: string; url?: string; frame?: string } };
}

/**
 * A Chrome trace of the page's main thread for `seconds`: self time per trace event (script,
 * style, layout, paint, GC…) and what the tasks over 50 ms were made of.
 */
export async function trace(
	page: import('puppeteer-core').Page,
	seconds: number,
	file: string,
	log: (line: string) => void
): Promise<void> {
	await mkdir(path.dirname(file), { recursive: true });
	await page.tracing.start({
		path: file,
		categories: [
			'toplevel',
			'devtools.timeline',
			'disabled-by-default-devtools.timeline',
			'v8',
			'v8.execute',
			'blink',
			'cc',
			'gpu'
		]
	});
	await new Promise((r) => setTimeout(r, seconds * 1000));
	const buf = await page.tracing.stop();
	const events = (JSON.parse(new TextDecoder().decode(buf)) as { traceEvents: TraceEvent[] }).traceEvents;
	const mains = events.filter(
		(e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
	);
	for (const m of mains) {
		const mine = events
			.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && e.dur !== undefined)
			.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
		if (mine.length < 100) continue;
		const self = new Map<string, number>();
		const stack: { e: TraceEvent; end: number; child: number }[] = [];
		const label = (e: TraceEvent) =>
			e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'EventDispatch'
				? `${e.name} ${e.args?.data?.functionName ?? ''} ${(e.args?.data?.url ?? '').split('/').pop()}`
				: e.name;
		const pop = (until: number) => {
			while (stack.length && stack[stack.length - 1].end <= until) {
				const s = stack.pop()!;
				const k = label(s.e);
				self.set(k, (self.get(k) ?? 0) + (s.e.dur! - s.child) / 1000);
				if (stack.length) stack[stack.length - 1].child += s.e.dur!;
			}
		};
		const long: TraceEvent[] = [];
		for (const e of mine) {
			pop(e.ts);
			if (!stack.length && e.dur! > 50_000) long.push(e);
			stack.push({ e, end: e.ts + e.dur!, child: 0 });
		}
		pop(Infinity);
		const total = [...self.values()].reduce((a, b) => a + b, 0);
		log(`trace ${m.pid}/${m.tid}: ${total.toFixed(0)} ms busy in ${seconds} s; self time by event:`);
		for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
			log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
		log(`top-level tasks over 50 ms: ${long.length}`);
		for (const t of long.slice(0, 12)) {
			const inner = mine.filter((e) => e.ts >= t.ts && e.ts < t.ts + t.dur! && e !== t);
			const parts = new Map<string, number>();
			for (const e of inner) parts.set(label(e), Math.max(parts.get(label(e)) ?? 0, e.dur! / 1000));
			const desc = [...parts.entries()]
				.sort((a, b) => b[1] - a[1])
				.slice(0, 6)
				.map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
				.join(' | ');
			log(`  ${(t.dur! / 1000).toFixed(0)} ms ${t.name}: ${desc}`);
		}
	}
}
