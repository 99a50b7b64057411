/**
 * The worker side of the simulated wearables: the simulated devices run here, off the page's
 * thread, as a real sensor's radio does; the page gets only the bytes a real one would send.
 * Requests come in one at a time and are answered; notifications and dropped links go out in one
 * message per task (a tick of every simulated device is one message), their bytes transferred.
 */
import { SimulatedLink, type SimScript } from './simulated';
import type { BluetoothKind } from './kinds';
import type { ScriptedBreath } from '$lib/core/simulate/breathing';

export type SimRequest = { id: number; link: string } & (
	| { op: 'create'; kind: BluetoothKind; name: string; script: SimScript }
	| { op: 'connect' | 'disconnect' | 'dispose' }
	| { op: 'goAway'; seconds: number }
	| { op: 'hasService'; service: string }
	| { op: 'read' | 'subscribe'; service: string; characteristic: string }
	| { op: 'write'; service: string; characteristic: string; bytes: Uint8Array }
	| { op: 'followGuide'; lead: Omit<ScriptedBreath, 'depth'>[] }
);

export type SimEvent =
	{ link: string; kind: 'value'; characteristic: string; bytes: Uint8Array } | { link: string; kind: 'drop' };

export type SimMessage =
	| { reply: number; ok: true; value?: boolean | Uint8Array }
	| { reply: number; ok: false; name: string; message: string }
	| { events: SimEvent[] };

export class SimulatedHost {
	private readonly links = new Map<string, SimulatedLink>();
	private outbox: SimEvent[] = [];

	constructor(private readonly post: (message: SimMessage, transfer: Transferable[]) => void) {}

	async handle(r: SimRequest): Promise<void> {
		try {
			const value = (await this.run(r)) ?? undefined;
			this.post({ reply: r.id, ok: true, value }, []);
		} catch (e) {
			const err = e instanceof Error ? e : new Error(String(e));
			this.post({ reply: r.id, ok: false, name: err.name, message: err.message }, []);
		}
	}

	private async run(r: SimRequest): Promise<boolean | Uint8Array | void> {
		if (r.op === 'create') {
			const link = new SimulatedLink(r.kind, r.name, r.script);
			link.onDisconnected(() => this.send({ link: r.link, kind: 'drop' }));
			this.links.set(r.link, link);
			return;
		}
		const link = this.links.get(r.link);
		if (!link) throw new Error(`No simulated wearable ${r.link}`);
		switch (r.op) {
			case 'connect':
				return link.connect();
			case 'disconnect':
				return link.disconnect();
			case 'dispose':
				link.dispose();
				this.links.delete(r.link);
				return;
			case 'goAway':
				return link.goAway(r.seconds);
			case 'hasService':
				return link.hasService(r.service);
			case 'read': {
				const v = await link.read(r.service, r.characteristic);
				return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
			}
			case 'write':
				return link.write(r.service, r.characteristic, r.bytes);
			case 'subscribe':
				return link.subscribe(r.service, r.characteristic, (v) =>
					this.send({
						link: r.link,
						kind: 'value',
						characteristic: r.characteristic,
						bytes: new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength))
					})
				);
			case 'followGuide':
				return link.followGuide(r.lead);
		}
	}

	/** Gather what happens in this task, then send it as one message. */
	private send(e: SimEvent): void {
		if (!this.outbox.length) queueMicrotask(() => this.flush());
		this.outbox.push(e);
	}

	private flush(): void {
		const events = this.outbox;
		this.outbox = [];
		this.post(
			{ events },
			events.flatMap((e) => (e.kind === 'value' ? [e.bytes.buffer] : []))
		);
	}
}
