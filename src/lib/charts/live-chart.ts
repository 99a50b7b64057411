/**
 * The live chart: the last 60 s of the breathing signal against the pacer's target, the pacer's
 * phases shaded behind, spans without signal shaded grey, heart rate on its own fixed scale. Cheap
 * enough for a low-end phone because it paints only what moved: as often as the picture moves by a
 * pixel, it scrolls left by the whole pixels time has moved, and only the new columns and the columns whose
 * data changed (the newest breathing points, a beat, a gap) are repainted. The whole canvas is
 * painted again only when its size, the theme or the breathing signal's scale changes.
 *
 * A plain canvas rather than chart.js: a chart.js update lays out scales and resolves options for
 * every element on every frame, which alone costs more than the frame budget on a slow phone.
 * chart.js draws the review charts, which are drawn once. The axes are labelled by the page.
 */
import type { LiveChartData, Point } from './live-data';
import { colours, paintColumns, type Colours, type Geometry } from './live-paint';

/**
 * How often to paint: once per CSS pixel the picture scrolls (a narrow phone chart moves about six
 * pixels a second), never more than ten times a second, and at least four times for new data.
 */
const FRAME_MIN_MS = 100;
const FRAME_MAX_MS = 250;
/** Room above and below the breathing signal, as a share of its range. */
const GRACE = 0.15;
/** The breathing scale shrinks when the signal has used less than this share of it. */
const SHRINK_BELOW = 0.5;

export class LiveChart {
	private readonly ctx: CanvasRenderingContext2D;
	private timer: ReturnType<typeof setInterval> | null = null;
	private frameMs = 0;
	private readonly resize: ResizeObserver;
	private colours: Colours;
	private theme: string | undefined;
	private width = 0;
	private height = 0;
	private dpr = 1;
	/** The pixel column of "now" when last painted (absolute: session time × pixels per second). */
	private lastColumn = NaN;
	private lo = NaN;
	private hi = NaN;
	private scaledVersion = -1;
	private full = true;

	constructor(
		private readonly canvas: HTMLCanvasElement,
		private readonly data: LiveChartData,
		private readonly now: () => number,
		private readonly onFrame: (ms: number) => void = () => {}
	) {
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('This browser cannot draw the live chart (no 2D canvas).');
		this.ctx = ctx;
		this.colours = colours(canvas);
		this.theme = document.documentElement.dataset.theme;
		this.resize = new ResizeObserver(() => this.fit());
		this.resize.observe(canvas);
		this.fit();
	}

	destroy(): void {
		if (this.timer !== null) clearInterval(this.timer);
		this.resize.disconnect();
	}

	/** Match the canvas to its box in device pixels; a new size is painted whole. */
	private fit(): void {
		const dpr = window.devicePixelRatio || 1;
		const width = Math.round(this.canvas.clientWidth * dpr);
		const height = Math.round(this.canvas.clientHeight * dpr);
		if (width === this.width && height === this.height && dpr === this.dpr) return;
		this.canvas.width = this.width = width;
		this.canvas.height = this.height = height;
		this.dpr = dpr;
		this.full = true;
		const cssPxPerS = this.canvas.clientWidth / this.data.windowS;
		const frameMs = Math.min(FRAME_MAX_MS, Math.max(FRAME_MIN_MS, 1000 / cssPxPerS));
		if (frameMs !== this.frameMs) {
			if (this.timer !== null) clearInterval(this.timer);
			this.frameMs = frameMs;
			this.timer = setInterval(() => this.frame(), frameMs);
		}
		this.frame();
	}

	private frame(): void {
		if (document.visibilityState === 'hidden' || this.width === 0 || this.height === 0) return;
		const start = performance.now();
		const theme = document.documentElement.dataset.theme;
		if (theme !== this.theme) {
			this.theme = theme;
			this.colours = colours(this.canvas);
			this.full = true;
		}
		if (this.data.version !== this.scaledVersion) this.rescale();
		const pxPerS = this.width / this.data.windowS;
		const column = Math.floor(this.now() * pxPerS);
		const g: Geometry = {
			width: this.width,
			height: this.height,
			dpr: this.dpr,
			x0: this.width - 1 - column,
			pxPerS,
			lo: this.lo,
			hi: this.hi
		};
		const dirty = this.data.takeDirty();
		const moved = column - this.lastColumn;
		let from: number;
		if (this.full || !(moved >= 0) || moved >= this.width) {
			from = 0;
			this.full = false;
		} else {
			if (moved > 0) this.scroll(moved);
			// The new columns, plus the one that held "now" and may have been drawn only in part.
			from = moved > 0 ? this.width - moved - 1 : this.width;
			if (dirty !== Infinity) from = Math.min(from, g.x0 + dirty * pxPerS - 4 * this.dpr);
		}
		this.lastColumn = column;
		if (from >= this.width) return;
		paintColumns(this.ctx, this.data, g, this.colours, from, this.width);
		this.onFrame(performance.now() - start);
	}

	/** Move the picture left by whole pixels. */
	private scroll(pixels: number): void {
		const ctx = this.ctx;
		ctx.save();
		ctx.globalCompositeOperation = 'copy';
		ctx.drawImage(this.canvas, -pixels, 0);
		ctx.restore();
	}

	/**
	 * The breathing signal's scale, from what is in view: widened at once when the signal leaves it,
	 * narrowed only when the signal uses less than half of it (so it does not jump every breath).
	 */
	private rescale(): void {
		this.scaledVersion = this.data.version;
		const { lo, hi } = extent(this.data.signal, this.now() - this.data.windowS);
		if (!Number.isFinite(lo)) return;
		const span = Math.max(hi - lo, 1e-6 * Math.max(1, Math.abs(hi)));
		const used = span / (this.hi - this.lo);
		if (lo >= this.lo && hi <= this.hi && used >= SHRINK_BELOW) return;
		this.lo = lo - GRACE * span;
		this.hi = hi + GRACE * span;
		this.full = true;
	}
}

function extent(points: readonly Point[], from: number): { lo: number; hi: number } {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = points.length - 1; i >= 0 && points[i].x >= from; i--) {
		const y = points[i].y;
		if (y < lo) lo = y;
		if (y > hi) hi = y;
	}
	return { lo, hi };
}
