/**
 * The service worker, registered by the page so that a new version waits for the person: it is
 * offered ("A new version of Tidal is ready") and only takes over when they choose, never in the
 * middle of an exercise.
 */
import { dev } from '$app/environment';

export class AppUpdate {
	/** A new version is installed and waiting. */
	ready = $state(false);
	private registration: ServiceWorkerRegistration | null = null;

	async register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		try {
			const reg = await navigator.serviceWorker.register('/service-worker.js', {
				type: dev ? 'module' : 'classic'
			});
			this.registration = reg;
			if (reg.waiting && navigator.serviceWorker.controller) this.ready = true;
			reg.addEventListener('updatefound', () => {
				const incoming = reg.installing;
				incoming?.addEventListener('statechange', () => {
					// With no controller this is the first install, not an update.
					if (incoming.state === 'installed' && navigator.serviceWorker.controller) this.ready = true;
				});
			});
			// Coming back to the app is a good moment to look for a new version.
			document.addEventListener('visibilitychange', () => {
				if (document.visibilityState === 'visible') void reg.update().catch(() => {});
			});
		} catch (e) {
			// Offline support is a bonus: the app works without it.
			console.info('[tidal] service worker not registered:', e instanceof Error ? e.message : e);
		}
	}

	/** Let the waiting version take over, then reload into it. */
	apply(): void {
		const waiting = this.registration?.waiting;
		if (!waiting) return;
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
		waiting.postMessage({ type: 'skip-waiting' });
	}

	dismiss(): void {
		this.ready = false;
	}
}
