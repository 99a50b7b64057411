/**
 * Painting the live chart onto a plain 2D canvas, one range of pixel columns at a time: the
 * pacer's phases and the gaps as shaded columns, then the guide, heart rate and breathing lines,
 * clipped to the range. Pure drawing over `LiveChartData`; the chart decides what to repaint.
 */
import type { LiveChartData, Point, Span } from './live-data';
import { HEART_MAX, HEART_MIN } from './live-scale';

export interface Colours {
	signal: string;
	target: string;
	heart: string;
	inhale: string;
	hold: string;
	gap: string;
}

/** Where things go: session time → pixel column, values → pixel rows (device pixels). */
export interface Geometry {
	width: number;
	height: number;
	/** Device pixels per CSS pixel (line widths scale with it). */
	dpr: number;
	/** Pixel x of session time 0 (the chart scrolls by whole pixels, so lines never shimmer). */
	x0: number;
	pxPerS: number;
	/** The breathing signal's range, bottom to top. */
	lo: number;
	hi: number;
}

/** The guide's scale: 0 (out) to 1 (in), with a little room above and below. */
const GUIDE_MIN = -0.15;
const GUIDE_MAX = 1.15;

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

/** Repaint pixel columns [from, to) completely. */
export function paintColumns(
	ctx: CanvasRenderingContext2D,
	data: LiveChartData,
	g: Geometry,
	c: Colours,
	from: number,
	to: number
): void {
	from = Math.max(0, Math.floor(from));
	to = Math.min(g.width, Math.ceil(to));
	if (to <= from) return;
	const tFrom = (from - g.x0) / g.pxPerS;
	const tTo = (to - g.x0) / g.pxPerS;
	ctx.save();
	ctx.beginPath();
	ctx.rect(from, 0, to - from, g.height);
	ctx.clip();
	ctx.clearRect(from, 0, to - from, g.height);
	const shade = (s: Span, fill: string) => {
		if (s.end < tFrom || s.start > tTo) return;
		const left = Math.max(from, Math.round(g.x0 + s.start * g.pxPerS));
		const right = Math.min(to, Math.round(g.x0 + s.end * g.pxPerS));
		if (right <= left) return;
		ctx.fillStyle = fill;
		ctx.fillRect(left, 0, right - left, g.height);
	};
	for (const s of data.phases) {
		if (s.phase === 'inhale' || s.phase === 'stretch-hold') shade(s, c.inhale);
		else if (s.phase === 'hold') shade(s, c.hold);
	}
	for (const s of data.gaps) shade(s, c.gap);
	// A line's width reaches a few pixels either side of its points: take one point more each side.
	const margin = (4 * g.dpr) / g.pxPerS;
	const row = (lo: number, hi: number) => {
		const top = 4 * g.dpr;
		const span = g.height - 2 * top;
		return (v: number) => top + span * (1 - (v - lo) / (hi - lo));
	};
	ctx.lineJoin = 'round';
	ctx.lineCap = 'round';
	line(ctx, data.target, g, tFrom - margin, tTo + margin, row(GUIDE_MIN, GUIDE_MAX), c.target, 2);
	line(ctx, data.heartRate, g, tFrom - margin, tTo + margin, row(HEART_MIN, HEART_MAX), c.heart, 1.5);
	line(ctx, data.signal, g, tFrom - margin, tTo + margin, row(g.lo, g.hi), c.signal, 3);
	ctx.restore();
}

/** Stroke the points between tFrom and tTo (and one either side); NaN breaks the line. */
function line(
	ctx: CanvasRenderingContext2D,
	points: readonly Point[],
	g: Geometry,
	tFrom: number,
	tTo: number,
	y: (v: number) => number,
	colour: string,
	width: number
): void {
	let i = Math.max(0, firstAtOrAfter(points, tFrom) - 1);
	ctx.beginPath();
	let pen = false;
	for (; i < points.length; i++) {
		const p = points[i];
		if (Number.isNaN(p.y)) pen = false;
		else {
			const px = g.x0 + p.x * g.pxPerS;
			if (pen) ctx.lineTo(px, y(p.y));
			else ctx.moveTo(px, y(p.y));
			pen = true;
		}
		if (p.x > tTo) break;
	}
	ctx.strokeStyle = colour;
	ctx.lineWidth = width * g.dpr;
	ctx.stroke();
}

/** Index of the first point at or after t (points in time order). */
function firstAtOrAfter(points: readonly Point[], t: number): number {
	let a = 0;
	let b = points.length;
	while (a < b) {
		const m = (a + b) >> 1;
		if (points[m].x < t) a = m + 1;
		else b = m;
	}
	return a;
}
