/**
 * The stretch timeline: holds and rests as bars along the session against their targets (a tick
 * where the target ended), short or broken holds flagged, held breaths (apneas) on their own row.
 */
import type { Chart, Plugin } from 'chart.js';
import type { AnalysisResult } from '../core/engine/analysis';
import { clock, COLORS, setupReviewCharts } from './review-setup';

export interface StretchInput {
	stretch: AnalysisResult['stretch'];
	apneas: AnalysisResult['apneas'];
	holdSeconds: number;
	restSeconds: number;
	durationS: number;
}

export const STRETCH_ROWS = ['Holds', 'Rests', 'Held breaths'] as const;

/** Floating bars [start, end] per row; flagged holds and every held breath in the warning colour. */
export function stretchBars(input: StretchInput) {
	const rows = [
		...input.stretch.holds.map((h) => ({
			row: 'Holds',
			start: h.start,
			end: h.end,
			ok: h.ok,
			issues: h.issues
		})),
		...input.stretch.rests.map((r) => ({
			row: 'Rests',
			start: r.start,
			end: r.end,
			ok: r.ok,
			issues: [] as string[]
		})),
		...input.apneas.map((a) => ({
			row: 'Held breaths',
			start: a.start,
			end: a.end,
			ok: false,
			issues: ['breath-held']
		}))
	];
	return rows;
}

function targetPlugin(input: StretchInput): Plugin<'bar'> {
	return {
		id: 'tidalTargets',
		afterDatasetsDraw(chart) {
			const { ctx, scales } = chart;
			ctx.save();
			ctx.strokeStyle = COLORS.line;
			ctx.lineWidth = 2;
			const tick = (row: string, t: number) => {
				const x = scales.x.getPixelForValue(t);
				const y = scales.y.getPixelForValue(STRETCH_ROWS.indexOf(row as (typeof STRETCH_ROWS)[number]));
				ctx.beginPath();
				ctx.moveTo(x, y - 14);
				ctx.lineTo(x, y + 14);
				ctx.stroke();
			};
			for (const h of input.stretch.holds) tick('Holds', h.start + input.holdSeconds);
			for (const r of input.stretch.rests) tick('Rests', r.start + input.restSeconds);
			ctx.restore();
		}
	};
}

export function createStretchChart(canvas: HTMLCanvasElement, input: StretchInput): Chart<'bar'> {
	const Chart = setupReviewCharts();
	const bars = stretchBars(input);
	return new Chart(canvas, {
		type: 'bar',
		data: {
			labels: [...STRETCH_ROWS],
			datasets: [
				{
					data: bars.map((b) => ({ x: [b.start, b.end], y: b.row })) as unknown as number[],
					backgroundColor: bars.map((b) => (b.ok ? COLORS.ok : COLORS.flagged)),
					borderColor: bars.map((b) => (b.ok ? COLORS.ok : COLORS.flagged)),
					borderWidth: 1,
					barPercentage: 0.8,
					categoryPercentage: 1,
					grouped: false
				}
			]
		},
		options: {
			indexAxis: 'y',
			animation: false,
			responsive: true,
			plugins: {
				tooltip: {
					callbacks: {
						label: (item) => {
							const b = bars[item.dataIndex];
							const why = b.issues.length ? ` — ${b.issues.join(', ')}` : '';
							return `${clock(b.start)}–${clock(b.end)} (${Math.round(b.end - b.start)} s)${why}`;
						}
					}
				}
			},
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: input.durationS,
					ticks: { callback: (v) => clock(Number(v)), maxTicksLimit: 8 },
					title: { display: true, text: 'time in session (min:s)' }
				},
				y: { type: 'category' }
			}
		},
		plugins: [targetPlugin(input)]
	});
}
