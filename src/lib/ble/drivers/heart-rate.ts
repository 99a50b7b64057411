/** Any standard heart-rate strap (service 0x180D): RR chunks, heart rate, battery, location. */
import {
	BATTERY_LEVEL,
	BATTERY_SERVICE,
	BODY_SENSOR_LOCATION,
	decodeBatteryLevel,
	decodeBodySensorLocation,
	decodeHeartRateMeasurement,
	HEART_RATE_MEASUREMENT,
	HEART_RATE_SERVICE
} from '$lib/core/protocols/heart-rate';
import { WearableError } from '../errors';
import { RrBeatClock } from '../timing';
import type { Driver, DriverContext } from './driver';

export class HeartRateDriver implements Driver {
	private readonly beats = new RrBeatClock();

	async start(ctx: DriverContext): Promise<void> {
		const { link } = ctx;
		if (!(await link.hasService(HEART_RATE_SERVICE))) {
			throw new WearableError('wrong-device', `${link.name} has no heart-rate service`);
		}
		// After a reconnect the first packet anchors beat times afresh: the gap stays a gap.
		this.beats.reset();
		try {
			const loc = decodeBodySensorLocation(await link.read(HEART_RATE_SERVICE, BODY_SENSOR_LOCATION));
			if (loc.ok) ctx.readings({ location: loc.value.locationName });
		} catch {
			// Optional characteristic.
		}
		await this.readBattery(ctx);
		await link.subscribe(HEART_RATE_SERVICE, HEART_RATE_MEASUREMENT, (v) => this.onMeasurement(v, ctx));
	}

	async stop(): Promise<void> {
		// Heart-rate notifications stop with the connection; nothing to send.
	}

	async readBattery(ctx: DriverContext): Promise<void> {
		try {
			if (!(await ctx.link.hasService(BATTERY_SERVICE))) return;
			const b = decodeBatteryLevel(await ctx.link.read(BATTERY_SERVICE, BATTERY_LEVEL));
			if (b.ok) ctx.readings({ battery: b.value.percent });
			else ctx.skipPacket(b.error);
		} catch {
			// Battery is nice to have.
		}
	}

	private onMeasurement(view: DataView, ctx: DriverContext): void {
		const arrival = ctx.now();
		const d = decodeHeartRateMeasurement(view);
		if (!d.ok) {
			ctx.skipPacket(d.error);
			return;
		}
		const m = d.value;
		ctx.readings({ heartRate: m.heartRateBpm });
		if (m.rrRaw.length === 0) return;
		const t = this.beats.place(m.rrRaw, arrival);
		ctx.emit({ kind: 'rr', n: t.length, t, rrMs: Float64Array.from(m.rrMs) });
	}
}
