/**
 * The live chart: the last 60 s of the breathing signal against the pacer's target, the pacer's
 * phases shaded behind, spans without signal hatched, heart rate on its own axis. Cheap enough
 * for a low-end phone: chart.js registered piece by piece, no animation, no parsing, points
 * decimated to about the pixels there are (in the worker), and a redraw only 4 times a second and only when something
 * moved.
 */
import {
	Chart,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	type ChartConfiguration,
	type Plugin
} from 'chart.js';
import type { LiveChartData, Span } from './live-data';
import { HEART_MAX, HEART_MIN } from './live-scale';

// The breathing signal arrives already decimated (5 points a second, averaged in the worker: about
// one point per pixel of a phone's chart), so chart.js's decimation, which would also drop the NaN
// points that keep gaps open, is not needed.
Chart.register(LineController, LineElement, PointElement, LinearScale);

const REDRAW_MS = 250;

interface Colours {
	signal: string;
	target: string;
	heart: string;
	inhale: string;
	hold: string;
	gap: string;
}

function colours(el: Element): Colours {
	const css = getComputedStyle(el);
	const v = (name: string) => css.getPropertyValue(name).trim();
	return {
		signal: v('--accent'),
		target: v('--target'),
		heart: v('--bad'),
		inhale: withAlpha(v('--accent'), 0.14),
		hold: withAlpha(v('--accent'), 0.26),
		gap: withAlpha(v('--muted'), 0.3)
	};
}

function withAlpha(hex: string, a: number): string {
	const m = /^#([0-9a-f]{6})$/i.exec(hex);
	if (!m) return hex;
	const n = parseInt(m[1], 16);
	return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Shades the pacer's phases and the gaps behind the lines. */
function spansPlugin(data: LiveChartData, getColours: () => Colours): Plugin<'line'> {
	return {
		id: 'tidalSpans',
		beforeDatasetsDraw(chart) {
			const { ctx, chartArea, scales } = chart;
			const c = getColours();
			const x = scales.x;
			const draw = (s: Span, fill: string) => {
				const left = Math.max(chartArea.left, x.getPixelForValue(s.start));
				const right = Math.min(chartArea.right, x.getPixelForValue(s.end));
				if (right <= left) return;
				ctx.fillStyle = fill;
				ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
			};
			ctx.save();
			for (const s of data.phases) {
				if (s.phase === 'inhale' || s.phase === 'stretch-hold') draw(s, c.inhale);
				else if (s.phase === 'hold') draw(s, c.hold);
			}
			for (const g of data.gaps) draw(g, c.gap);
			ctx.restore();
		}
	};
}

export class LiveChart {
	private chart: Chart<'line'>;
	private timer: ReturnType<typeof setInterval> | null = null;
	private drawn = -1;
	private colours: Colours;
	private theme: string | undefined;

	constructor(
		canvas: HTMLCanvasElement,
		private readonly data: LiveChartData,
		private readonly now: () => number,
		private readonly onFrame: (ms: number) => void = () => {}
	) {
		this.colours = colours(canvas);
		this.theme = document.documentElement.dataset.theme;
		const c = this.colours;
		const line = { pointRadius: 0, borderJoinStyle: 'round' as const, spanGaps: false };
		const config: ChartConfiguration<'line'> = {
			type: 'line',
			data: {
				datasets: [
					{
						...line,
						label: 'Guide',
						data: data.target,
						borderColor: c.target,
						borderWidth: 2,
						yAxisID: 'guide'
					},
					{
						...line,
						label: 'Your breathing',
						data: data.signal,
						borderColor: c.signal,
						borderWidth: 3,
						yAxisID: 'signal'
					},
					{
						...line,
						label: 'Heart rate',
						data: data.heartRate,
						borderColor: c.heart,
						borderWidth: 1.5,
						yAxisID: 'heart'
					}
				]
			},
			options: {
				animation: false,
				parsing: false,
				normalized: true,
				responsive: true,
				maintainAspectRatio: false,
				events: [],
				plugins: {
					legend: { display: false },
					tooltip: { enabled: false }
				},
				// No axes drawn by chart.js: their ticks would be laid out and measured on every redraw.
				// The time axis is fixed ("1 min ago" … "now") and labelled in the page around the canvas.
				scales: {
					x: { type: 'linear', display: false },
					guide: { type: 'linear', display: false, min: -0.15, max: 1.15 },
					signal: { type: 'linear', display: false, grace: '15%' },
					heart: { type: 'linear', display: false, min: HEART_MIN, max: HEART_MAX }
				}
			},
			plugins: [spansPlugin(data, () => this.colours)]
		};
		this.chart = new Chart(canvas, config);
		this.redraw();
		this.timer = setInterval(() => this.redraw(), REDRAW_MS);
	}

	destroy(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.chart.destroy();
	}

	private redraw(): void {
		if (document.visibilityState === 'hidden') return;
		const theme = document.documentElement.dataset.theme;
		if (theme !== this.theme) this.restyle(theme);
		else if (this.data.version === this.drawn) return;
		const start = performance.now();
		const now = this.now();
		const x = this.chart.options.scales!.x!;
		x.min = now - this.data.windowS;
		x.max = now;
		this.drawn = this.data.version;
		this.chart.update('none');
		this.onFrame(performance.now() - start);
	}

	private restyle(theme: string | undefined): void {
		this.theme = theme;
		this.colours = colours(this.chart.canvas);
		const c = this.colours;
		const [guide, signal, heart] = this.chart.data.datasets;
		guide.borderColor = c.target;
		signal.borderColor = c.signal;
		heart.borderColor = c.heart;
		this.drawn = -1;
	}
}
