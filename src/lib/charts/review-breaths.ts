/**
 * Breath-by-breath bars of one phase's duration against the pattern's tolerance band: bars inside
 * the band in the calm colour, bars outside it flagged, the target drawn as a line. Four of these
 * (inhale, hold, exhale, pause) make the breath table a physiotherapist scans.
 */
import type { Chart, Plugin } from 'chart.js';
import { ISSUE_WORDS } from '../core/engine/analysis';
import type { PhaseRange } from '../core/engine/pattern';
import type { Breath, BreathPhase } from '../core/types';
import { COLORS, PHASE_COLORS, setupReviewCharts } from './review-setup';

export interface PhaseBarsInput {
	breaths: readonly Breath[];
	phase: BreathPhase;
	range: PhaseRange | null;
	target: number | null;
}

/** Seconds of a phase in a breath. */
export const phaseSeconds = (b: Breath, phase: BreathPhase): number => b[phase];

/** Bar colours: inside the band (or no band) in the phase's colour, outside it flagged. */
export function barColors(input: PhaseBarsInput): string[] {
	return input.breaths.map((b) => {
		const v = phaseSeconds(b, input.phase);
		const inside = !input.range || (v >= input.range.min && v <= input.range.max);
		return inside ? PHASE_COLORS[input.phase] : COLORS.flagged;
	});
}

function bandPlugin(input: PhaseBarsInput): Plugin<'bar'> {
	return {
		id: 'tidalBand',
		beforeDatasetsDraw(chart) {
			const { ctx, chartArea: area, scales } = chart;
			const y = scales.y;
			ctx.save();
			if (input.range) {
				const top = y.getPixelForValue(input.range.max);
				const bottom = y.getPixelForValue(input.range.min);
				ctx.fillStyle = COLORS.band;
				ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
			}
			if (input.target !== null) {
				const ty = y.getPixelForValue(input.target);
				ctx.strokeStyle = COLORS.line;
				ctx.setLineDash([6, 4]);
				ctx.beginPath();
				ctx.moveTo(area.left, ty);
				ctx.lineTo(area.right, ty);
				ctx.stroke();
			}
			ctx.restore();
		}
	};
}

export function createPhaseBarsChart(canvas: HTMLCanvasElement, input: PhaseBarsInput): Chart<'bar'> {
	const Chart = setupReviewCharts();
	const values = input.breaths.map((b) => phaseSeconds(b, input.phase));
	const top = Math.max(input.range?.max ?? 0, input.target ?? 0, ...values, 1);
	return new Chart(canvas, {
		type: 'bar',
		data: {
			labels: input.breaths.map((_, i) => String(i + 1)),
			datasets: [
				{
					data: values,
					backgroundColor: barColors(input),
					barPercentage: 1,
					categoryPercentage: 0.9
				}
			]
		},
		options: {
			animation: false,
			responsive: true,
			plugins: {
				tooltip: {
					callbacks: {
						title: (items) => `Breath ${items[0].label}`,
						label: (item) => {
							const b = input.breaths[item.dataIndex];
							const words = b.issues.map((c) => ISSUE_WORDS[c] ?? c).join('; ');
							return `${input.phase} ${values[item.dataIndex].toFixed(1)} s${words ? ` — ${words}` : ''}`;
						}
					}
				}
			},
			scales: {
				x: { ticks: { maxTicksLimit: 10, autoSkip: true }, title: { display: true, text: 'breath' } },
				y: { min: 0, suggestedMax: Math.ceil(top * 1.1), title: { display: true, text: 'seconds' } }
			}
		},
		plugins: [bandPlugin(input)]
	});
}
