/**
 * The visible time window of a review chart: zoom around a point, pan by a fraction, always inside
 * the session and never narrower than a few breaths. Pure, so pointer, wheel, keys and buttons
 * share one behaviour and tests check it without a canvas.
 */
export class Viewport {
	start: number;
	end: number;

	constructor(
		readonly min: number,
		readonly max: number,
		/** Narrowest window, seconds. */
		readonly minWidth = 20
	) {
		this.start = min;
		this.end = max;
	}

	get width(): number {
		return this.end - this.start;
	}

	get zoomed(): boolean {
		return this.start > this.min || this.end < this.max;
	}

	/** Multiplies the width by `factor` (< 1 zooms in), keeping `at` (default: the centre) in place. */
	zoom(factor: number, at = (this.start + this.end) / 2): void {
		const full = this.max - this.min;
		const width = Math.min(full, Math.max(Math.min(this.minWidth, full), this.width * factor));
		const f = this.width > 0 ? (at - this.start) / this.width : 0.5;
		this.set(at - f * width, at - f * width + width);
	}

	/** Moves by `fraction` of the visible width (positive: later in the session). */
	pan(fraction: number): void {
		this.panBy(fraction * this.width);
	}

	panBy(seconds: number): void {
		this.set(this.start + seconds, this.end + seconds);
	}

	reset(): void {
		this.start = this.min;
		this.end = this.max;
	}

	/** Shows [start, end], moved (not shrunk) to stay inside the session. */
	set(start: number, end: number): void {
		const width = Math.min(end - start, this.max - this.min);
		if (start < this.min) start = this.min;
		if (start + width > this.max) start = this.max - width;
		this.start = start;
		this.end = start + width;
	}
}
