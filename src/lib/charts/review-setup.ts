/**
 * chart.js for the review screens, registered piece by piece (not chart.js/auto), with the
 * defaults every review chart shares: no animation, readable ticks on the dark theme.
 */
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Decimation,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	ScatterController,
	Tooltip
} from 'chart.js';

let done = false;

export function setupReviewCharts(): typeof Chart {
	if (done) return Chart;
	Chart.register(
		LineController,
		LineElement,
		PointElement,
		ScatterController,
		BarController,
		BarElement,
		LinearScale,
		CategoryScale,
		Decimation,
		Tooltip
	);
	Chart.defaults.animation = false;
	Chart.defaults.color = COLORS.text;
	Chart.defaults.borderColor = COLORS.grid;
	Chart.defaults.font.size = 13;
	Chart.defaults.maintainAspectRatio = false;
	done = true;
	return Chart;
}

/** Phase colours, shared by the charts and the legends written in HTML next to them. */
export const PHASE_COLORS = {
	inhale: '#7fd1c7',
	hold: '#ffd27f',
	exhale: '#8fb4ff',
	pause: '#d2a8ff'
} as const;

const SCREEN = {
	text: '#b4cbd0',
	grid: 'rgba(180, 203, 208, 0.18)',
	line: '#f2f7f7',
	ok: '#7fd1c7',
	flagged: '#ff9b8f',
	gap: 'rgba(255, 255, 255, 0.10)',
	gapEdge: 'rgba(255, 255, 255, 0.45)',
	heart: '#ff9b8f',
	rmssd: '#ffd27f',
	rate: '#8fb4ff',
	band: 'rgba(127, 209, 199, 0.16)'
};

/** Dark ink on white paper for the printed report. */
const PRINT: typeof SCREEN = {
	text: '#222222',
	grid: 'rgba(0, 0, 0, 0.15)',
	line: '#111111',
	ok: '#1f8a7f',
	flagged: '#c0392b',
	gap: 'rgba(0, 0, 0, 0.07)',
	gapEdge: 'rgba(0, 0, 0, 0.5)',
	heart: '#c0392b',
	rmssd: '#9a6b00',
	rate: '#2456b3',
	band: 'rgba(31, 138, 127, 0.18)'
};

/** The colours charts are drawn with now (screen, or print for the report). */
export const COLORS: typeof SCREEN = { ...SCREEN };

/** Switches the colours of charts made from now on; call before making them. */
export function useChartTheme(theme: 'screen' | 'print'): void {
	Object.assign(COLORS, theme === 'print' ? PRINT : SCREEN);
	Chart.defaults.color = COLORS.text;
	Chart.defaults.borderColor = COLORS.grid;
}

/** "12:05" or "1:02:05" from seconds: the time axis of a session. */
export function clock(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Index of the first item whose `end(item)` is after `t` (items sorted by time). */
export function firstEndingAfter<T>(items: readonly T[], t: number, end: (item: T) => number): number {
	let lo = 0;
	let hi = items.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (end(items[mid]) <= t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
