/**
 * A trend chart: one or two measures per day (or week) on a time axis in days, each point's size
 * growing with the number of sessions behind it, and the tooltip saying that number.
 */
import type { Chart } from 'chart.js';
import type { Measure, TrendPoint } from '../review/trends';
import { setupReviewCharts } from './review-setup';

export interface TrendSeries {
	label: string;
	pick: (p: TrendPoint) => Measure;
	color: string;
	/** Multiplies the mean for display (0–1 fractions shown as %). */
	scale?: number;
	dashed?: boolean;
}

const DAY_MS = 86_400_000;
export const dayNumber = (key: string): number => Date.parse(`${key}T12:00:00Z`) / DAY_MS;
const dayLabel = (day: number): string =>
	new Date(day * DAY_MS).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Chart points of a series: x in days, y the mean (scaled), n the sessions behind it. */
export function seriesPoints(
	points: readonly TrendPoint[],
	s: TrendSeries
): { x: number; y: number; n: number }[] {
	return points.flatMap((p) => {
		const m = s.pick(p);
		return m.mean === null ? [] : [{ x: dayNumber(p.key), y: m.mean * (s.scale ?? 1), n: m.n }];
	});
}

export function createTrendChart(
	canvas: HTMLCanvasElement,
	input: {
		points: readonly TrendPoint[];
		series: TrendSeries[];
		yTitle: string;
		yMin?: number;
		yMax?: number;
	}
): Chart<'line', { x: number; y: number; n: number }[]> {
	const Chart = setupReviewCharts();
	const data = input.series.map((s) => seriesPoints(input.points, s));
	// Every chart spans the same days (all points), so charts line up one under the other.
	const xs = input.points.map((p) => dayNumber(p.key));
	const lo = xs.length ? Math.min(...xs) : 0;
	const hi = xs.length ? Math.max(...xs) : 1;
	return new Chart<'line', { x: number; y: number; n: number }[]>(canvas, {
		type: 'line',
		data: {
			datasets: input.series.map((s, i) => ({
				label: s.label,
				data: data[i],
				borderColor: s.color,
				backgroundColor: s.color,
				borderDash: s.dashed ? [6, 4] : [],
				pointRadius: data[i].map((p) => 2.5 + 1.8 * Math.sqrt(p.n)),
				tension: 0
			}))
		},
		options: {
			parsing: false,
			animation: false,
			responsive: true,
			plugins: {
				tooltip: {
					callbacks: {
						title: (items) => dayLabel(items[0].parsed.x ?? 0),
						label: (item) => {
							const p = data[item.datasetIndex][item.dataIndex];
							return `${input.series[item.datasetIndex].label}: ${p.y.toFixed(1)} (${p.n} ${p.n === 1 ? 'session' : 'sessions'})`;
						}
					}
				}
			},
			scales: {
				x: {
					type: 'linear',
					min: lo - 0.5,
					max: hi + 0.5,
					ticks: {
						stepSize: 1,
						callback: (v) => (Number.isInteger(v) ? dayLabel(Number(v)) : ''),
						maxTicksLimit: 8
					},
					title: { display: true, text: 'day' }
				},
				y: { min: input.yMin, max: input.yMax, title: { display: true, text: input.yTitle } }
			}
		}
	});
}
