/** The browser's side of "This phone": `devicemotion`, motion permission, visibility, wake lock. */
import type { MotionReading } from '$lib/core/protocols/motion';
import type { MotionPermission, MotionSource, PageLifecycle } from './phone';

type WithRequestPermission = { requestPermission?: () => Promise<string> };

/** Whether this browser has motion events at all (a computer may have them but no sensor). */
export function motionEventsExist(): boolean {
	return typeof window !== 'undefined' && 'DeviceMotionEvent' in window;
}

/** Readings from `devicemotion`, timed by each event's own timestamp on the session clock. */
export function browserMotionSource(sessionTime: (eventMs: number) => number): MotionSource {
	return {
		async requestPermission(): Promise<MotionPermission> {
			if (!motionEventsExist()) return 'denied';
			// iOS Safari (and recent Chromium) ask the person; it must come from a tap.
			const ask = (DeviceMotionEvent as unknown as WithRequestPermission).requestPermission;
			if (typeof ask === 'function') {
				return (await ask.call(DeviceMotionEvent)) === 'granted' ? 'granted' : 'denied';
			}
			// Elsewhere the Permissions API knows about a block (Chromium: "accelerometer").
			try {
				const state = await navigator.permissions.query({ name: 'accelerometer' as PermissionName });
				if (state.state === 'denied') return 'denied';
			} catch {
				// Not queryable here: the events will tell.
			}
			return 'granted';
		},
		listen(onReading) {
			const handler = (e: DeviceMotionEvent) => {
				// The event's fields are getters on live objects: copy the numbers out.
				const a = e.accelerationIncludingGravity;
				const r = e.rotationRate;
				const reading: MotionReading = {
					t: sessionTime(e.timeStamp),
					ax: a?.x ?? NaN,
					ay: a?.y ?? NaN,
					az: a?.z ?? NaN,
					rx: r?.alpha ?? NaN,
					ry: r?.beta ?? NaN,
					rz: r?.gamma ?? NaN
				};
				onReading(reading);
			};
			window.addEventListener('devicemotion', handler);
			return () => window.removeEventListener('devicemotion', handler);
		}
	};
}

/** The real page: document visibility and the Screen Wake Lock API. */
export const browserPage: PageLifecycle = {
	visible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
	onVisibilityChange(fn) {
		document.addEventListener('visibilitychange', fn);
		return () => document.removeEventListener('visibilitychange', fn);
	},
	async keepAwake() {
		if (typeof navigator === 'undefined' || !('wakeLock' in navigator)) return null;
		const lock = await navigator.wakeLock.request('screen');
		return () => void lock.release().catch(() => {});
	}
};
