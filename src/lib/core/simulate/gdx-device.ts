/**
 * The belt's side of Vernier's Go Direct protocol (a GDX-RB respiration belt), as pure functions of
 * bytes: written command bytes in (a command may come over several writes), reply bytes out, and
 * the measurement packets due by a given device time. The simulated wearable and the browser
 * tests' emulated belts both answer with it.
 */
import {
	decodeGdxCommand,
	encodeGdxMeasurement,
	encodeGdxReply,
	GdxCommandId,
	type GdxCommandPacket
} from '../protocols/gdx';
import { viewOf } from '../protocols/bytes';

/** The force sensor's channel number. */
const FORCE_SENSOR = 1;

export interface GdxDeviceOptions {
	/** Battery percent in the status reply (default 82). */
	battery?: number;
	/** A payload to answer a command with instead of the usual one (e.g. [1]: refused). */
	payload?: (commandId: number) => number[] | undefined;
}

export class GdxDevice {
	/** Every command received, decoded, for tests to read. */
	readonly received: GdxCommandPacket[] = [];
	private pending: number[] = [];
	private replyCounter = 0;
	private periodS = 0.1;
	private stream: { next: number; counter: number } | null = null;

	constructor(private readonly options: GdxDeviceOptions = {}) {}

	/** Bytes written to the command characteristic at device time `t`; the replies to notify. */
	write(bytes: ArrayLike<number>, t: number): Uint8Array[] {
		this.pending.push(...Array.from(bytes));
		const replies: Uint8Array[] = [];
		// A command's second byte is its length; it may arrive split over several writes.
		while (this.pending.length >= 2 && this.pending.length >= this.pending[1]) {
			const packet = Uint8Array.from(this.pending.splice(0, this.pending[1]));
			const d = decodeGdxCommand(viewOf(packet));
			if (!d.ok) {
				this.pending = [];
				break;
			}
			replies.push(this.answer(d.value, t));
		}
		return replies;
	}

	/** The link dropped: the belt stops measuring and forgets a half-written command. */
	disconnected(): void {
		this.stream = null;
		this.pending = [];
	}

	get measuring(): boolean {
		return this.stream !== null;
	}

	/** Measurement packets due by device time `t`: two force samples (N) each, as the belt sends. */
	measurements(t: number, force: (t: number) => number): Uint8Array[] {
		const out: Uint8Array[] = [];
		const packetS = 2 * this.periodS;
		while (this.stream && t >= this.stream.next + packetS) {
			const first = this.stream.next;
			this.stream.next += packetS;
			const values = [force(first + this.periodS), force(first + 2 * this.periodS)];
			out.push(
				encodeGdxMeasurement({
					deviceCounter: this.stream.counter++,
					sensors: [FORCE_SENSOR],
					values: [values]
				})
			);
		}
		return out;
	}

	private answer(c: GdxCommandPacket, t: number): Uint8Array {
		this.received.push(c);
		let payload: number[] = [0];
		if (c.commandId === GdxCommandId.GET_STATUS) {
			payload = [0, 0, 1, 20, 0, 0, 2, 0, 0, 7, this.options.battery ?? 82, 0];
		}
		payload = this.options.payload?.(c.commandId) ?? payload;
		const refused = payload[0] !== 0;
		if (!refused && c.commandId === GdxCommandId.SET_MEASUREMENT_PERIOD) {
			const b = c.body;
			const us = (b[2] | (b[3] << 8) | (b[4] << 16) | (b[5] << 24)) >>> 0;
			this.periodS = us / 1e6;
		} else if (!refused && c.commandId === GdxCommandId.START_MEASUREMENTS) {
			this.stream = { next: t, counter: 0 };
		} else if (c.commandId === GdxCommandId.STOP_MEASUREMENTS) {
			this.stream = null;
		}
		return encodeGdxReply({
			deviceCounter: this.replyCounter++,
			commandId: c.commandId,
			commandCounter: c.rollingCounter,
			payload
		});
	}
}
