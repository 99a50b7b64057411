/**
 * Heart rate and RMSSD over the session (two axes), and breathing rate breath by breath against
 * the pattern's rate. Windows without clean beats are NaN and drawn as holes.
 */
import type { Chart } from 'chart.js';
import type { TracePoint } from '../review/breathing-trace';
import { clock, COLORS, setupReviewCharts } from './review-setup';

const timeAxis = (end: number) => ({
	type: 'linear' as const,
	min: 0,
	max: end,
	ticks: { callback: (v: string | number) => clock(Number(v)), maxTicksLimit: 8 },
	title: { display: true, text: 'time in session (min:s)' }
});

const finite = (pts: TracePoint[]) => pts.map((p) => p.y).filter(Number.isFinite);
const lowest = (pts: TracePoint[]) => Math.min(...finite(pts));
const highest = (pts: TracePoint[]) => Math.max(...finite(pts));

export function createHeartChart(
	canvas: HTMLCanvasElement,
	input: { heartRate: TracePoint[]; rmssd: TracePoint[]; durationS: number }
): Chart<'line', TracePoint[]> {
	const Chart = setupReviewCharts();
	return new Chart<'line', TracePoint[]>(canvas, {
		type: 'line',
		data: {
			datasets: [
				{
					label: 'Heart rate (bpm)',
					data: input.heartRate,
					borderColor: COLORS.heart,
					backgroundColor: COLORS.heart,
					yAxisID: 'y',
					pointRadius: 2,
					spanGaps: false
				},
				{
					label: 'RMSSD (ms)',
					data: input.rmssd,
					borderColor: COLORS.rmssd,
					backgroundColor: COLORS.rmssd,
					borderDash: [6, 3],
					yAxisID: 'y1',
					pointRadius: 2,
					spanGaps: false
				}
			]
		},
		options: {
			parsing: false,
			animation: false,
			responsive: true,
			interaction: { mode: 'nearest', intersect: false, axis: 'x' },
			scales: {
				x: timeAxis(input.durationS),
				// At least ±5 bpm around the data: a 1-bpm wobble should not fill the chart.
				y: {
					position: 'left',
					suggestedMin: Math.floor(lowest(input.heartRate) - 5),
					suggestedMax: Math.ceil(highest(input.heartRate) + 5),
					title: { display: true, text: 'heart rate, bpm' }
				},
				y1: {
					position: 'right',
					suggestedMin: 0,
					title: { display: true, text: 'RMSSD, ms' },
					grid: { drawOnChartArea: false }
				}
			}
		}
	});
}

export function createRateChart(
	canvas: HTMLCanvasElement,
	input: { rates: TracePoint[]; targetPerMin: number | null; durationS: number }
): Chart<'line', TracePoint[]> {
	const Chart = setupReviewCharts();
	const datasets: {
		label: string;
		data: TracePoint[];
		borderColor: string;
		backgroundColor: string;
		pointRadius: number;
		spanGaps: boolean;
		borderDash?: number[];
	}[] = [
		{
			label: 'Breathing rate (per min)',
			data: input.rates,
			borderColor: COLORS.rate,
			backgroundColor: COLORS.rate,
			pointRadius: 2,
			spanGaps: false
		}
	];
	if (input.targetPerMin !== null) {
		datasets.push({
			label: 'Pattern rate',
			data: [
				{ x: 0, y: input.targetPerMin },
				{ x: input.durationS, y: input.targetPerMin }
			],
			borderColor: COLORS.ok,
			backgroundColor: COLORS.ok,
			pointRadius: 0,
			spanGaps: false,
			borderDash: [6, 4]
		});
	}
	return new Chart<'line', TracePoint[]>(canvas, {
		type: 'line',
		data: { datasets },
		options: {
			parsing: false,
			animation: false,
			responsive: true,
			scales: {
				x: timeAxis(input.durationS),
				y: { min: 0, suggestedMax: 20, title: { display: true, text: 'breaths per minute' } }
			}
		}
	});
}
