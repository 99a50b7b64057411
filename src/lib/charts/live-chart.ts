/**
 * The live chart: the last 60 s of the breathing signal against the pacer's target, the pacer's
 * phases shaded behind, spans without signal shaded grey, heart rate on its own fixed scale, all
 * drawn by chart.js (three stacked charts, one line each: live-layers.ts). Loaded only once a
 * session starts, so chart.js stays out of the page's first load.
 *
 * Cheap enough for a low-end phone because chart.js redraws only what moved, one chart at a time:
 * - The charts are drawn on a strip wider than the box, holding the last minute and the next
 *   `AHEAD_S` seconds on a time axis that stays put. As time passes the strip slides left by whole
 *   pixels (a CSS transform: the compositor moves it, nothing is redrawn). When the room ahead is
 *   used up the axis moves on and the three charts are updated whole (`update('none')`).
 * - Otherwise a chart is redrawn only when its own data changed, at most `REDRAW_MS` apart (the
 *   breathing signal arrives at 5 points a second), at most one chart per tick (the one that has
 *   waited longest). Its scales stand as they were laid out, so chart.js only places the line's
 *   points (the dataset controller's update) and draws: a whole update would merge the options,
 *   resolve them again and lay out the scales, several times the cost.
 * The page labels the axes.
 */
import type { Chart } from 'chart.js';
import type { LiveChartData } from './live-data';
import { colours, layerChart, restyle, type Colours, type LayerName } from './live-layers';

const TICK_MS = 100;
/** A chart is redrawn for new data at most this often. */
const REDRAW_MS = 250;
/** Seconds of room ahead of now on the strip: how long it slides before its axis moves on. */
const AHEAD_S = 20;
/** Room above and below the breathing signal, as a share of its range. */
const GRACE = 0.15;
/** The breathing scale shrinks when the signal has used less than this share of it. */
const SHRINK_BELOW = 0.5;
/** Back to front. */
const LAYERS: readonly LayerName[] = ['guide', 'heart', 'signal'];

/** One chart of the strip. */
class Layer {
	readonly chart: Chart<'line'>;
	/** The data version last drawn (-1: draw again, the whole chart). */
	drawn = -1;
	/** When (performance.now()) it was last drawn, and since when it has waited to be. */
	drawnAt = -Infinity;
	waiting = NaN;

	constructor(
		strip: HTMLElement,
		readonly name: LayerName,
		data: LiveChartData,
		c: () => Colours
	) {
		const canvas = document.createElement('canvas');
		canvas.setAttribute('aria-hidden', 'true');
		canvas.style.cssText = 'position:absolute;left:0;top:0';
		strip.append(canvas);
		this.chart = layerChart(canvas, name, data, c);
	}
}

export class LiveChart {
	private readonly strip = document.createElement('div');
	private readonly layers: Layer[];
	private readonly signal: Layer;
	private readonly resize: ResizeObserver;
	private readonly timer: ReturnType<typeof setInterval>;
	private colours: Colours;
	private theme: string | undefined;
	private width = 0;
	private height = 0;
	/** Device pixels per second, and the strip's width in seconds. */
	private pxPerS = 0;
	private dpr = 1;
	private spanS = 0;
	/** Session time at the strip's left edge, and how far it is slid left (device pixels). */
	private from = NaN;
	private slid = NaN;
	private lo = NaN;
	private hi = NaN;
	private scaledVersion = -1;

	constructor(
		private readonly box: HTMLElement,
		private readonly data: LiveChartData,
		private readonly now: () => number,
		private readonly onFrame: (ms: number) => void = () => {}
	) {
		this.strip.style.cssText = 'position:absolute;left:0;top:0;height:100%;will-change:transform';
		box.append(this.strip);
		this.colours = colours(box);
		this.theme = document.documentElement.dataset.theme;
		this.layers = LAYERS.map((name) => new Layer(this.strip, name, data, () => this.colours));
		this.signal = this.layers[LAYERS.indexOf('signal')];
		this.resize = new ResizeObserver(() => this.fit());
		this.resize.observe(box);
		this.timer = setInterval(() => this.tick(), TICK_MS);
		this.fit();
	}

	destroy(): void {
		clearInterval(this.timer);
		this.resize.disconnect();
		for (const layer of this.layers) layer.chart.destroy();
		this.strip.remove();
	}

	/** Size the strip to the box (a minute across it, plus the room ahead); it is drawn anew. */
	private fit(): void {
		const width = this.box.clientWidth;
		const height = this.box.clientHeight;
		if (width === this.width && height === this.height) return;
		this.width = width;
		this.height = height;
		if (!width || !height) return;
		this.dpr = window.devicePixelRatio || 1;
		const cssPxPerS = width / this.data.windowS;
		this.pxPerS = cssPxPerS * this.dpr;
		const stripWidth = Math.ceil(cssPxPerS * (this.data.windowS + AHEAD_S));
		this.spanS = stripWidth / cssPxPerS;
		this.strip.style.width = `${stripWidth}px`;
		for (const layer of this.layers) layer.chart.resize(stripWidth, height);
		this.from = NaN;
		this.tick();
	}

	private tick(): void {
		if (document.visibilityState === 'hidden' || !this.spanS) return;
		const start = performance.now();
		const theme = document.documentElement.dataset.theme;
		if (theme !== this.theme) {
			this.theme = theme;
			this.colours = colours(this.box);
			for (const layer of this.layers) {
				restyle(layer.chart, layer.name, this.colours);
				layer.drawn = -1;
			}
		}
		const now = this.now();
		const left = now - this.data.windowS;
		if (this.data.versions.signal !== this.scaledVersion) this.rescale(left);
		let drew = 0;
		if (!(left >= this.from && now <= this.from + this.spanS)) {
			// The room ahead is used up (or time went back): the axis moves on, every chart is drawn.
			this.moveAxis(left);
			for (const layer of this.layers) this.draw(layer, start, true);
			drew = this.layers.length;
		} else {
			let next: Layer | null = null;
			for (const layer of this.layers) {
				if (layer.drawn === this.data.versions[layer.name]) continue;
				if (Number.isNaN(layer.waiting)) layer.waiting = start;
				if (layer.drawn !== -1 && start - layer.drawnAt < REDRAW_MS) continue;
				if (!next || layer.waiting < next.waiting) next = layer;
			}
			if (next) {
				this.draw(next, start);
				drew = 1;
			}
		}
		// Whole device pixels, so the lines never shimmer.
		const slid = Math.round((left - this.from) * this.pxPerS);
		if (slid !== this.slid) {
			this.slid = slid;
			this.strip.style.transform = `translateX(${-slid / this.dpr}px)`;
		}
		if (drew) this.onFrame(performance.now() - start);
	}

	/** The strip's axis starts at `left` (on a whole device pixel) and spans the strip. */
	private moveAxis(left: number): void {
		this.from = Math.floor(left * this.pxPerS) / this.pxPerS;
		for (const layer of this.layers) {
			const x = layer.chart.options.scales!.x!;
			x.min = this.from;
			x.max = this.from + this.spanS;
		}
	}

	/**
	 * chart.js draws the layer's chart. When its scales or options changed (`whole`, or never drawn
	 * since: -1) the whole chart is updated (`update('none')`: with no animation it lays out and
	 * draws at once). When only its data changed, the scales stand as they were laid out: only its
	 * line's points are placed on them (the dataset controller's own update) and the chart drawn.
	 */
	private draw(layer: Layer, at: number, whole = false): void {
		const chart = layer.chart;
		if (whole || layer.drawn === -1) chart.update('none');
		else {
			const line = chart.getDatasetMeta(0).controller;
			line.buildOrUpdateElements();
			line.update('none');
			chart.draw();
		}
		layer.drawn = this.data.versions[layer.name];
		layer.drawnAt = at;
		layer.waiting = NaN;
	}

	/**
	 * The breathing signal's scale, from what is in view: widened at once when the signal leaves it,
	 * narrowed only when the signal uses less than half of it (so it does not jump every breath).
	 */
	private rescale(left: number): void {
		this.scaledVersion = this.data.versions.signal;
		const points = this.data.signal;
		let lo = Infinity;
		let hi = -Infinity;
		for (let i = points.length - 1; i >= 0 && points[i].x >= left; i--) {
			const y = points[i].y;
			if (y < lo) lo = y;
			if (y > hi) hi = y;
		}
		if (!Number.isFinite(lo)) return;
		const span = Math.max(hi - lo, 1e-6 * Math.max(1, Math.abs(hi)));
		const used = span / (this.hi - this.lo);
		if (lo >= this.lo && hi <= this.hi && used >= SHRINK_BELOW) return;
		this.lo = lo - GRACE * span;
		this.hi = hi + GRACE * span;
		const y = this.signal.chart.options.scales!.y!;
		y.min = this.lo;
		y.max = this.hi;
		this.signal.drawn = -1;
	}
}
