/**
 * A phone's own motion sensors, as a web page receives them: the `devicemotion` event of the W3C
 * "Device Orientation and Motion" specification (https://www.w3.org/TR/orientation-event/,
 * sections "devicemotion Event" and "DeviceMotionEventRotationRate"). Units, axes and the
 * browser's deliberate rounding are stated once here, for the adapter, the simulator and tests.
 *
 * - `accelerationIncludingGravity`: m/s², device axes (x to the right of the screen, y up the
 *   screen, z out of the screen). A phone lying flat, screen up, reads z ≈ +9.81.
 * - `rotationRate`: °/s. Current specification text and Chromium 156 (verified with its virtual
 *   gyroscope, see tests/browser/phone.test.ts): alpha about x, beta about y, gamma about z.
 * - Precision is reduced on purpose (a fingerprinting protection in the specification's privacy
 *   section; observed in Chromium): acceleration to 0.1 m/s², rotation rate to 0.1 °/s.
 */

/** Standard gravity, m/s² per g. */
export const STANDARD_GRAVITY = 9.80665;
/** Rounding step of accelerationIncludingGravity in browsers, m/s² (≈ 10.2 mg). */
export const ACCELERATION_STEP = 0.1;
/** Rounding step of rotationRate in browsers, °/s. */
export const ROTATION_RATE_STEP = 0.1;

/**
 * One motion event, copied out of the event (its fields are getters on live objects). Missing
 * values are NaN: a phone without a gyroscope gives no rotation rate.
 */
export interface MotionReading {
	/** Session time, seconds, from the event's own timestamp. */
	t: number;
	/** Acceleration including gravity, m/s², device axes. */
	ax: number;
	ay: number;
	az: number;
	/** Rotation rate, °/s, about the device's x, y and z axes (alpha, beta, gamma). */
	rx: number;
	ry: number;
	rz: number;
}

/** m/s² to milli-g, the unit of the engine's `acc` chunks. */
export function toMilliG(metresPerSecond2: number): number {
	return (metresPerSecond2 / STANDARD_GRAVITY) * 1000;
}

/** Round as the browser does: to whole steps. */
export function quantize(value: number, step: number): number {
	return Math.round(value / step) * step;
}

/** A reading with usable acceleration (a sensorless desktop sends one event of nulls). */
export function hasAcceleration(r: MotionReading): boolean {
	return Number.isFinite(r.ax) && Number.isFinite(r.ay) && Number.isFinite(r.az);
}

export function hasRotationRate(r: MotionReading): boolean {
	return Number.isFinite(r.rx) && Number.isFinite(r.ry) && Number.isFinite(r.rz);
}
