/**
 * The review's breathing waveform: the trace, each breath's phases shaded, the target pattern
 * drawn as a strip above each breath, and gaps drawn as hatched holes. The x range is driven by a
 * Viewport (zoom/pan). Each frame draws only what is visible, decimated to the pixel columns there
 * are (min-max levels made once, so no breath's top is lost), without parsing or animation: a
 * one-hour session pans as smoothly as a short one.
 */
import type { Chart, Plugin } from 'chart.js';
import type { BreathPattern } from '../core/engine/pattern';
import type { Breath } from '../core/types';
import type { BreathingTrace, TracePoint } from '../review/breathing-trace';
import { MinMaxLevels } from '../review/min-max';
import type { Span } from '../review/summary';
import { clock, COLORS, firstEndingAfter, PHASE_COLORS, setupReviewCharts } from './review-setup';

export interface WaveformInput {
	trace: BreathingTrace;
	breaths: readonly Breath[];
	gaps: readonly Span[];
	pattern: Pick<BreathPattern, 'inhale' | 'hold' | 'exhale' | 'pause'> | null;
	durationS: number;
}

const alpha = (hex: string, a: number): string =>
	hex +
	Math.round(a * 255)
		.toString(16)
		.padStart(2, '0');

/** The phases of one breath as [start, end, colour] spans. */
function phaseSpans(b: Breath): [number, number, string][] {
	return [
		[b.inhaleStart, b.inhaleEnd, PHASE_COLORS.inhale],
		[b.inhaleEnd, b.exhaleStart, PHASE_COLORS.hold],
		[b.exhaleStart, b.exhaleEnd, PHASE_COLORS.exhale],
		[b.exhaleEnd, b.exhaleEnd + b.pause, PHASE_COLORS.pause]
	];
}

function shadingPlugin(input: WaveformInput): Plugin<'line'> {
	const breaths = input.breaths;
	const gaps = [...input.gaps].sort((a, b) => a.start - b.start);
	return {
		id: 'tidalPhases',
		beforeDatasetsDraw(chart) {
			const { ctx, chartArea: area, scales } = chart;
			const x = scales.x;
			const lo = x.min;
			const hi = x.max;
			const px = (t: number) => Math.max(area.left, Math.min(area.right, x.getPixelForValue(t)));
			ctx.save();
			const strip = 10;
			for (let i = firstEndingAfter(breaths, lo, (b) => b.exhaleEnd + b.pause); i < breaths.length; i++) {
				const b = breaths[i];
				if (b.inhaleStart > hi) break;
				for (const [s, e, color] of phaseSpans(b)) {
					if (e <= s) continue;
					ctx.fillStyle = alpha(color, 0.22);
					ctx.fillRect(px(s), area.top + strip + 2, px(e) - px(s), area.bottom - area.top - strip - 2);
				}
				// The target: where each phase should have ended had the breath followed the pattern.
				const p = input.pattern;
				if (p) {
					let t = b.inhaleStart;
					for (const [len, color] of [
						[p.inhale, PHASE_COLORS.inhale],
						[p.hold, PHASE_COLORS.hold],
						[p.exhale, PHASE_COLORS.exhale],
						[p.pause, PHASE_COLORS.pause]
					] as const) {
						if (len > 0) {
							ctx.fillStyle = color;
							ctx.fillRect(px(t), area.top, Math.max(1, px(t + len) - px(t) - 1), strip);
						}
						t += len;
					}
				}
			}
			for (let i = firstEndingAfter(gaps, lo, (g) => g.end); i < gaps.length; i++) {
				const g = gaps[i];
				if (g.start > hi) break;
				const a = px(g.start);
				const w = px(g.end) - a;
				ctx.fillStyle = COLORS.gap;
				ctx.fillRect(a, area.top, w, area.bottom - area.top);
				ctx.strokeStyle = COLORS.gapEdge;
				ctx.setLineDash([4, 4]);
				ctx.strokeRect(a, area.top, w, area.bottom - area.top);
				ctx.setLineDash([]);
				if (w > 40) {
					ctx.fillStyle = COLORS.line;
					ctx.textAlign = 'center';
					ctx.fillText('no signal', a + w / 2, (area.top + area.bottom) / 2);
				}
			}
			ctx.restore();
		}
	};
}

/** Each waveform chart's decimation levels, one per run (dataset). */
const LEVELS = new WeakMap<Chart, MinMaxLevels[]>();

/** Columns to decimate to before the chart has laid itself out. */
const FIRST_COLUMNS = 1200;

export function createWaveformChart(
	canvas: HTMLCanvasElement,
	input: WaveformInput
): Chart<'line', TracePoint[]> {
	const Chart = setupReviewCharts();
	const levels = input.trace.runs.map((r) => new MinMaxLevels(r.t, r.v));
	const end = Math.max(
		input.durationS,
		...input.trace.runs.map((r) => (r.t.length ? r.t[r.t.length - 1] : 0))
	);
	const chart = new Chart<'line', TracePoint[]>(canvas, {
		type: 'line',
		data: {
			// One dataset per continuous run: a gap is the space between two lines, never a joined line.
			datasets: levels.map((run) => ({
				data: run.window(0, end, FIRST_COLUMNS),
				borderColor: COLORS.line,
				borderWidth: 1.5,
				pointRadius: 0,
				pointHoverRadius: 0,
				spanGaps: false,
				normalized: true,
				indexAxis: 'x' as const
			}))
		},
		options: {
			parsing: false,
			normalized: true,
			responsive: true,
			animation: false,
			events: [],
			plugins: {
				// Decimated here (min-max per pixel column), not by chart.js on every update.
				decimation: { enabled: false },
				tooltip: { enabled: false }
			},
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: end,
					ticks: { callback: (v) => clock(Number(v)), maxTicksLimit: 8 },
					title: { display: true, text: 'time in session (min:s)' }
				},
				y: {
					ticks: { display: false },
					title: { display: true, text: input.trace.source === 'chest' ? 'chest movement' : 'belt' }
				}
			}
		},
		plugins: [shadingPlugin(input)]
	});
	LEVELS.set(chart, levels);
	return chart;
}

/**
 * Shows [start, end] seconds: the visible samples decimated to the chart's pixel columns, drawn
 * without animation. What zoom and pan call on every frame.
 */
export function showWindow(chart: Chart, start: number, end: number): void {
	const x = chart.options.scales?.x;
	if (!x) return;
	x.min = start;
	x.max = end;
	const levels = LEVELS.get(chart);
	const columns = chart.chartArea ? Math.ceil(chart.chartArea.right - chart.chartArea.left) : FIRST_COLUMNS;
	levels?.forEach((run, i) => {
		chart.data.datasets[i].data = run.window(start, end, columns);
	});
	chart.update('none');
}
