/** Dark (the default, calm at night) or light; remembered on this device. */
const KEY = 'tidal.theme';

export type Theme = 'dark' | 'light';

class ThemeState {
	current = $state<Theme>('dark');

	load(): void {
		try {
			this.current = localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
		} catch {
			this.current = 'dark';
		}
		this.apply();
	}

	toggle(): void {
		this.current = this.current === 'dark' ? 'light' : 'dark';
		try {
			localStorage.setItem(KEY, this.current);
		} catch {
			// Not remembered (storage blocked); it still applies now.
		}
		this.apply();
	}

	private apply(): void {
		if (this.current === 'light') document.documentElement.dataset.theme = 'light';
		else delete document.documentElement.dataset.theme;
		document
			.querySelector('meta[name="theme-color"]')
			?.setAttribute('content', this.current === 'light' ? '#f4f7f6' : '#0b1d2a');
	}
}

export const theme = new ThemeState();
