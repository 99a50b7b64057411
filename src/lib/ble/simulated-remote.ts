/**
 * A simulated wearable whose device runs in a worker (simulated-host.ts): the page holds only
 * this GattLink, which forwards calls and hands on the bytes that come back, so the page's thread
 * does what it does for a real sensor (decode notifications) and no more. Where workers are
 * missing (Node tests) the device runs in the page: `simulatedLink` picks.
 */
import { viewOf } from '$lib/core/protocols/bytes';
import type { ScriptedBreath } from '$lib/core/simulate/breathing';
import type { BluetoothKind } from './kinds';
import type { GattLink, ValueListener } from './link';
import { SimulatedLink, type SimScript } from './simulated';
import type { SimMessage, SimRequest } from './simulated-host';

/** What the app needs from a simulated wearable, wherever its device runs. */
export interface SimulatedWearableLink extends GattLink {
	followGuide(lead: readonly Omit<ScriptedBreath, 'depth'>[]): void;
	dispose(): void;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** The one worker all simulated wearables of the page share. */
class SimulatorThread {
	private readonly worker = new Worker(new URL('./simulated.worker.ts', import.meta.url), { type: 'module' });
	private readonly pending = new Map<number, Pending>();
	private readonly links = new Map<string, RemoteSimulatedLink>();
	private seq = 0;

	constructor() {
		this.worker.onmessage = (e: MessageEvent<SimMessage>) => this.receive(e.data);
	}

	register(link: RemoteSimulatedLink): void {
		this.links.set(link.id, link);
	}

	request<T>(r: Omit<SimRequest, 'id'>, transfer: Transferable[] = []): Promise<T> {
		const id = ++this.seq;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.worker.postMessage({ ...r, id }, transfer);
		});
	}

	private receive(m: SimMessage): void {
		if ('events' in m) {
			for (const e of m.events) this.links.get(e.link)?.event(e);
			return;
		}
		const p = this.pending.get(m.reply);
		if (!p) return;
		this.pending.delete(m.reply);
		if (m.ok) p.resolve(m.value);
		// The same DOMException a device in the page would throw, so errors are explained alike.
		else p.reject(new DOMException(m.message, m.name));
	}
}

let thread: SimulatorThread | null = null;

export class RemoteSimulatedLink implements SimulatedWearableLink {
	readonly id: string;
	private isConnected = false;
	private readonly subs = new Map<string, ValueListener>();
	private readonly listeners = new Set<() => void>();
	private readonly thread: SimulatorThread;

	constructor(
		readonly kind: BluetoothKind,
		readonly name: string,
		script: SimScript
	) {
		this.id = `simulated-${kind}-${Math.round(Math.random() * 1e9)}`;
		this.thread = thread ??= new SimulatorThread();
		this.thread.register(this);
		void this.call({ op: 'create', kind, name, script });
	}

	get connected(): boolean {
		return this.isConnected;
	}

	async connect(): Promise<void> {
		await this.call({ op: 'connect' });
		this.isConnected = true;
	}

	disconnect(): void {
		void this.call({ op: 'disconnect' }).catch(() => {});
	}

	goAway(seconds: number): void {
		void this.call({ op: 'goAway', seconds });
	}

	hasService(service: string): Promise<boolean> {
		return this.call({ op: 'hasService', service });
	}

	async read(service: string, characteristic: string): Promise<DataView> {
		return viewOf(await this.call<Uint8Array>({ op: 'read', service, characteristic }));
	}

	write(service: string, characteristic: string, bytes: Uint8Array): Promise<void> {
		const copy = new Uint8Array(bytes);
		return this.call({ op: 'write', service, characteristic, bytes: copy }, [copy.buffer]);
	}

	async subscribe(service: string, characteristic: string, listener: ValueListener): Promise<void> {
		// Listen first: the device may notify as soon as it has subscribed.
		this.subs.set(characteristic, listener);
		await this.call({ op: 'subscribe', service, characteristic });
	}

	onDisconnected(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	followGuide(lead: readonly Omit<ScriptedBreath, 'depth'>[]): void {
		void this.call({ op: 'followGuide', lead: [...lead] });
	}

	dispose(): void {
		void this.call({ op: 'dispose' }).catch(() => {});
	}

	/** From the worker: a value notified, or the link dropped. */
	event(e: { kind: 'value'; characteristic: string; bytes: Uint8Array } | { kind: 'drop' }): void {
		if (e.kind === 'value') {
			if (this.isConnected) this.subs.get(e.characteristic)?.(viewOf(e.bytes));
			return;
		}
		this.isConnected = false;
		this.subs.clear();
		for (const l of [...this.listeners]) l();
	}

	private call<T = void>(r: Record<string, unknown> & { op: SimRequest['op'] }, transfer?: Transferable[]) {
		return this.thread.request<T>({ ...r, link: this.id } as Omit<SimRequest, 'id'>, transfer);
	}
}

/** A simulated wearable: its device in a worker where the browser has workers, else in the page. */
export function simulatedLink(kind: BluetoothKind, name: string, script: SimScript): SimulatedWearableLink {
	return typeof Worker === 'undefined'
		? new SimulatedLink(kind, name, script)
		: new RemoteSimulatedLink(kind, name, script);
}
