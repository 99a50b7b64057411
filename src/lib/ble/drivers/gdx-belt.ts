/**
 * Vernier Go Direct Respiration Belt: INIT, period, start sensor 1 (force, N), then measurement
 * packets (possibly split over notifications) become resp chunks.
 */
import {
	decodeGdxPacket,
	decodeGdxStatus,
	GDX_COMMAND,
	GDX_RESPONSE,
	GDX_SERVICE,
	GdxCommandWriter,
	gdxReplyMatches,
	GdxReassembler,
	gdxSensorMask,
	type GdxOutgoing,
	type GdxReply
} from '$lib/core/protocols/gdx';
import { viewOf } from '$lib/core/protocols/bytes';
import { WearableError } from '../errors';
import { PeriodicClock } from '../timing';
import { withTimeout } from '../timeout';
import type { Driver, DriverContext } from './driver';

/** The belt's force channel. */
export const GDX_FORCE_SENSOR = 1;

export interface GdxBeltOptions {
	/** Sample period, 50–100 ms (default 100 ms = 10 Hz). */
	periodMs?: number;
}

export class GdxBeltDriver implements Driver {
	private writer = new GdxCommandWriter();
	private readonly reassembler = new GdxReassembler();
	private readonly clock: PeriodicClock;
	private readonly periodMs: number;
	private pending: { out: GdxOutgoing; resolve: (r: GdxReply) => void } | null = null;

	constructor(options: GdxBeltOptions = {}) {
		this.periodMs = Math.min(100, Math.max(50, Math.round(options.periodMs ?? 100)));
		this.clock = new PeriodicClock(this.periodMs / 1000);
	}

	async start(ctx: DriverContext): Promise<void> {
		const { link } = ctx;
		if (!(await link.hasService(GDX_SERVICE)))
			throw new WearableError('wrong-device', `${link.name} is not a Go Direct belt`);
		this.reassembler.reset();
		this.clock.reset();
		this.writer = new GdxCommandWriter();
		await link.subscribe(GDX_SERVICE, GDX_RESPONSE, (v) => this.onNotify(v, ctx));
		await this.send(ctx, this.writer.init());
		try {
			const status = decodeGdxStatus((await this.send(ctx, this.writer.getStatus())).payload);
			if (status.ok) ctx.readings({ battery: status.value.batteryPercent });
		} catch {
			// Battery is nice to have.
		}
		await this.send(ctx, this.writer.setMeasurementPeriod(this.periodMs * 1000));
		const started = await this.send(ctx, this.writer.start(gdxSensorMask([GDX_FORCE_SENSOR])));
		if (started.payload.length > 0 && started.payload[0] !== 0)
			ctx.notice({
				message: 'The belt did not start measuring. Check it is switched on, then try again.',
				canRetry: true,
				detail: `belt refused to start (status ${started.payload[0]})`
			});
	}

	async stop(ctx: DriverContext): Promise<void> {
		if (!ctx.link.connected) return;
		try {
			await this.send(ctx, this.writer.stop(), 1500);
		} catch {
			// Best effort.
		}
	}

	private async send(ctx: DriverContext, out: GdxOutgoing, timeoutMs = 3000): Promise<GdxReply> {
		const reply = new Promise<GdxReply>((resolve) => {
			this.pending = { out, resolve };
		});
		const write = async () => {
			// Writes of at most 20 bytes, as the official library does.
			for (let i = 0; i < out.bytes.length; i += 20)
				await ctx.link.write(GDX_SERVICE, GDX_COMMAND, out.bytes.slice(i, i + 20));
			return reply;
		};
		try {
			return await withTimeout(write(), timeoutMs, `belt command 0x${out.commandId.toString(16)}`);
		} finally {
			this.pending = null;
		}
	}

	private onNotify(view: DataView, ctx: DriverContext): void {
		const arrival = ctx.now();
		for (const whole of this.reassembler.push(view)) {
			if (!whole.ok) {
				ctx.skipPacket(whole.error);
				continue;
			}
			const d = decodeGdxPacket(viewOf(whole.value));
			if (!d.ok) {
				ctx.skipPacket(d.error);
				continue;
			}
			const p = d.value;
			if (p.kind === 'command-reply') {
				if (this.pending && gdxReplyMatches(p, this.pending.out)) this.pending.resolve(p);
			} else if (p.kind === 'measurement') {
				const idx = p.sensors.indexOf(GDX_FORCE_SENSOR);
				if (idx < 0 || p.sampleCount === 0) continue;
				const times = this.clock.place(p.sampleCount, arrival);
				const src = p.values[idx];
				const t = new Float64Array(p.sampleCount);
				const value = new Float64Array(p.sampleCount);
				let n = 0;
				for (let i = 0; i < p.sampleCount; i++) {
					if (!Number.isFinite(src[i])) continue; // a missing reading is absent, not zero
					t[n] = times[i];
					value[n] = src[i];
					n++;
				}
				if (n > 0) ctx.emit({ kind: 'resp', n, t, value });
			}
		}
	}
}
