/**
 * A phone's motion sensors for a page in headless Chromium, through the DevTools protocol's
 * virtual sensors (see shared/docs/browser-motion-testing.md and its example). The page then
 * receives `devicemotion` at about 60 Hz, rounded as on a real phone, whatever rate readings are
 * sent at; it keeps seeing the last reading until a new one is sent.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import { STANDARD_GRAVITY, type MotionReading } from '../../../src/lib/core/protocols/motion';

const TYPES = ['accelerometer', 'linear-acceleration', 'gyroscope'] as const;
const RAD = Math.PI / 180;

export class MotionSensors {
	private constructor(private readonly cdp: CDPSession) {}

	/** Create the sensors (before the page asks for them); `denied` refuses motion access. */
	static async attach(page: Page, origin: string, denied = false): Promise<MotionSensors> {
		const cdp = await page.createCDPSession();
		for (const type of TYPES) await cdp.send('Emulation.setSensorOverrideEnabled', { enabled: true, type });
		const setting = denied ? 'denied' : 'granted';
		for (const name of ['accelerometer', 'gyroscope'])
			await cdp.send('Browser.setPermission', { permission: { name }, setting, origin });
		return new MotionSensors(cdp);
	}

	/**
	 * One reading as the phone's sensors would give it: acceleration with gravity (m/s²) and rotation
	 * rate (°/s about x, y, z; sent in rad/s, as the gyroscope reads). Chromium maps gyroscope x, y, z
	 * to rotationRate alpha, beta, gamma (verified; see protocols/motion.ts).
	 */
	async send(r: Pick<MotionReading, 'ax' | 'ay' | 'az' | 'rx' | 'ry' | 'rz'>): Promise<void> {
		const g = Math.hypot(r.ax, r.ay, r.az) || 1;
		const linear = 1 - STANDARD_GRAVITY / g;
		await Promise.all([
			this.set('accelerometer', r.ax, r.ay, r.az),
			this.set('linear-acceleration', r.ax * linear, r.ay * linear, r.az * linear),
			this.set('gyroscope', r.rx * RAD, r.ry * RAD, r.rz * RAD)
		]);
	}

	/** Remove the sensors mid-run: the page's motion events stop, as when a phone's screen locks. */
	async remove(): Promise<void> {
		for (const type of TYPES)
			await this.cdp.send('Emulation.setSensorOverrideEnabled', { enabled: false, type });
	}

	/** Put them back (events resume once readings are sent again). */
	async restore(): Promise<void> {
		for (const type of TYPES)
			await this.cdp.send('Emulation.setSensorOverrideEnabled', { enabled: true, type });
	}

	private async set(type: (typeof TYPES)[number], x: number, y: number, z: number): Promise<void> {
		await this.cdp.send('Emulation.setSensorOverrideReadings', { type, reading: { xyz: { x, y, z } } });
	}
}
