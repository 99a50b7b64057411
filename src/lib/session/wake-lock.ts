/**
 * Keeps the screen on while a session runs (Screen Wake Lock), and takes the lock again when the
 * page becomes visible (the browser releases it whenever the page is hidden). Where the API is
 * missing or refuses, the session simply runs without it.
 */
export class ScreenOn {
	private sentinel: WakeLockSentinel | null = null;
	private wanted = false;
	private readonly onVisible = () => {
		if (document.visibilityState === 'visible' && this.wanted) void this.acquire();
	};

	get held(): boolean {
		return this.sentinel !== null && !this.sentinel.released;
	}

	async start(): Promise<void> {
		this.wanted = true;
		document.addEventListener('visibilitychange', this.onVisible);
		await this.acquire();
	}

	async stop(): Promise<void> {
		this.wanted = false;
		document.removeEventListener('visibilitychange', this.onVisible);
		const s = this.sentinel;
		this.sentinel = null;
		await s?.release().catch(() => {});
	}

	private async acquire(): Promise<void> {
		if (!('wakeLock' in navigator) || this.held) return;
		try {
			this.sentinel = await navigator.wakeLock.request('screen');
		} catch (e) {
			console.info('[tidal] screen wake lock refused:', e instanceof Error ? e.message : e);
		}
	}
}
