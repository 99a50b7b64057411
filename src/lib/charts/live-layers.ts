/**
 * The live chart's three chart.js charts, stacked, one line each: at the back the guide, with the
 * pacer's phases and the gaps shaded; then heart rate; in front the breathing signal. Each changes
 * at its own pace (the signal several times a second, heart rate once a beat, the guide once a
 * phase), and each is redrawn only when its own data changed.
 *
 * Cheap enough for a low-end phone: chart.js registered piece by piece; no animation, parsing,
 * events or points; every scale fixed by the caller (never fitted to the data), not drawn (the page
 * labels the axes) and without ticks (FixedScale). The lines need no decimation: the worker sends the breathing
 * signal at 5 points a second and heart rate comes a beat at a time, fewer points than pixel columns.
 */
import {
	Chart,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	type LinearScaleOptions,
	type Plugin
} from 'chart.js';
import type { LiveChartData, Span } from './live-data';
import { HEART_MAX, HEART_MIN } from './live-scale';

/**
 * A linear scale with the range it is given and no ticks: chart.js would otherwise make, format and
 * measure tick labels on every update, even for a scale that is not drawn (most of an update's cost).
 */
class FixedScale extends LinearScale {
	static override id = 'fixed';
	override buildTicks(): [] {
		return [];
	}
}

declare module 'chart.js' {
	interface CartesianScaleTypeRegistry {
		fixed: { options: LinearScaleOptions };
	}
}

Chart.register(LineController, LineElement, PointElement, FixedScale);

/** Room for the lines' width at the top and bottom (CSS pixels). */
const EDGE_PX = 4;

export interface Colours {
	signal: string;
	target: string;
	heart: string;
	inhale: string;
	hold: string;
	gap: string;
}

/** The theme's colours, read from the page's CSS custom properties. */
export function colours(el: Element): Colours {
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

/** Shades the pacer's breathing-in and holding phases, and the gaps, the whole height of the chart. */
function shading(data: LiveChartData, c: () => Colours): Plugin<'line'> {
	return {
		id: 'tidalLiveShading',
		beforeDatasetsDraw(chart) {
			const { ctx, chartArea, scales } = chart;
			const x = scales.x;
			const shade = (s: Span, fill: string) => {
				const left = Math.max(chartArea.left, Math.round(x.getPixelForValue(s.start)));
				const right = Math.min(chartArea.right, Math.round(x.getPixelForValue(s.end)));
				if (right <= left) return;
				ctx.fillStyle = fill;
				ctx.fillRect(left, 0, right - left, chart.height);
			};
			const colour = c();
			for (const s of data.phases) {
				if (s.phase === 'inhale' || s.phase === 'stretch-hold') shade(s, colour.inhale);
				else if (s.phase === 'hold') shade(s, colour.hold);
			}
			for (const s of data.gaps) shade(s, colour.gap);
		}
	};
}

const LINE = {
	pointRadius: 0,
	pointHoverRadius: 0,
	borderJoinStyle: 'round' as const,
	borderCapStyle: 'round' as const,
	spanGaps: false,
	// The x range is the whole canvas: nothing to clip left or right, and the edges have room.
	clip: false as const
};

const SCALE = { type: 'fixed' as const, display: false };

const OPTIONS = {
	animation: false as const,
	parsing: false as const,
	normalized: true,
	// Sized by the caller (the strip is wider than the box).
	responsive: false,
	maintainAspectRatio: false,
	events: [],
	layout: { padding: { top: EDGE_PX, bottom: EDGE_PX } }
};

export type LayerName = keyof LiveChartData['versions'];

/**
 * One layer's chart: a single line on its own fixed scale, over the whole canvas. The x scale is
 * set by the caller (the layer's strip); so is the breathing signal's y scale.
 */
export function layerChart(
	canvas: HTMLCanvasElement,
	layer: LayerName,
	data: LiveChartData,
	c: () => Colours
): Chart<'line'> {
	const line = {
		guide: { data: data.target, borderColor: c().target, borderWidth: 2 },
		heart: { data: data.heartRate, borderColor: c().heart, borderWidth: 1.5 },
		signal: { data: data.signal, borderColor: c().signal, borderWidth: 3 }
	}[layer];
	const y = {
		guide: { min: -0.15, max: 1.15 },
		heart: { min: HEART_MIN, max: HEART_MAX },
		signal: { min: -1, max: 1 }
	}[layer];
	return new Chart(canvas, {
		type: 'line',
		data: { datasets: [{ ...LINE, ...line }] },
		options: { ...OPTIONS, scales: { x: { ...SCALE, min: 0, max: 1 }, y: { ...SCALE, ...y } } },
		plugins: layer === 'guide' ? [shading(data, c)] : []
	});
}

/** The line's colour in a new theme (drawn at the chart's next update). */
export function restyle(chart: Chart<'line'>, layer: LayerName, c: Colours): void {
	chart.data.datasets[0].borderColor = { guide: c.target, heart: c.heart, signal: c.signal }[layer];
}
