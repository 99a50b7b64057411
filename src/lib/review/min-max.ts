/**
 * Min/max decimation for a long trace: whatever the window, at most two points per pixel column
 * (the lowest and the highest sample in it, in time order), so every breath's top and bottom stay
 * drawn while an hour at 20 Hz pans as smoothly as a minute. Levels are made once: level k holds
 * the min and max of each run of 4^k samples, and a window reads the coarsest level still finer
 * than its columns, so one frame costs about the pixels there are, not the samples. Pure.
 */
import type { TracePoint } from './breathing-trace';

const FAN = 4;

interface Level {
	/** Samples per bucket. */
	size: number;
	min: Float64Array;
	max: Float64Array;
	/** Index (in the samples) of each bucket's min and max. */
	minAt: Uint32Array;
	maxAt: Uint32Array;
}

export class MinMaxLevels {
	private readonly levels: Level[] = [];

	constructor(
		readonly t: Float64Array,
		readonly v: Float64Array
	) {
		const n = t.length;
		let prev: Level = {
			size: 1,
			min: v,
			max: v,
			minAt: Uint32Array.from({ length: n }, (_, i) => i),
			maxAt: Uint32Array.from({ length: n }, (_, i) => i)
		};
		this.levels.push(prev);
		while (prev.min.length > FAN) {
			const m = Math.ceil(prev.min.length / FAN);
			const next: Level = {
				size: prev.size * FAN,
				min: new Float64Array(m),
				max: new Float64Array(m),
				minAt: new Uint32Array(m),
				maxAt: new Uint32Array(m)
			};
			for (let j = 0; j < m; j++) {
				let lo = Infinity;
				let hi = -Infinity;
				let loAt = 0;
				let hiAt = 0;
				for (let i = j * FAN; i < Math.min(prev.min.length, (j + 1) * FAN); i++) {
					if (prev.min[i] < lo) {
						lo = prev.min[i];
						loAt = prev.minAt[i];
					}
					if (prev.max[i] > hi) {
						hi = prev.max[i];
						hiAt = prev.maxAt[i];
					}
				}
				next.min[j] = lo;
				next.max[j] = hi;
				next.minAt[j] = loAt;
				next.maxAt[j] = hiAt;
			}
			this.levels.push(next);
			prev = next;
		}
	}

	/** Levels kept (for tests: made once, about a third more than the samples). */
	get depth(): number {
		return this.levels.length;
	}

	/**
	 * The points to draw [start, end] seconds on `columns` pixel columns: every sample when there
	 * are few, else each column's min and max; one sample either side so the line meets the edges.
	 */
	window(start: number, end: number, columns: number): TracePoint[] {
		const { t, v } = this;
		const n = t.length;
		if (!n || end < t[0] || start > t[n - 1]) return [];
		const first = Math.max(0, firstAtOrAfter(t, start) - 1);
		const last = Math.min(n - 1, firstAtOrAfter(t, end));
		const count = last - first + 1;
		const cols = Math.max(1, Math.floor(columns));
		const out: TracePoint[] = [];
		if (count <= 2 * cols) {
			for (let i = first; i <= last; i++) out.push({ x: t[i], y: v[i] });
			return out;
		}
		// The coarsest level with at least ~4 buckets per column.
		let k = 0;
		while (k + 1 < this.levels.length && this.levels[k + 1].size * 4 * cols <= count) k++;
		const level = this.levels[k];
		const width = (end - start) / cols;
		let col = Number.NaN;
		let lo = Infinity;
		let hi = -Infinity;
		let loAt = 0;
		let hiAt = 0;
		const emit = () => {
			if (Number.isNaN(col)) return;
			const a = Math.min(loAt, hiAt);
			const b = Math.max(loAt, hiAt);
			out.push({ x: t[a], y: v[a] });
			if (b !== a) out.push({ x: t[b], y: v[b] });
		};
		const bFirst = Math.floor(first / level.size);
		const bLast = Math.floor(last / level.size);
		for (let j = bFirst; j <= bLast; j++) {
			const at = t[j * level.size];
			const c = Math.min(cols + 1, Math.max(-1, Math.floor((at - start) / width)));
			if (c !== col) {
				emit();
				col = c;
				lo = Infinity;
				hi = -Infinity;
			}
			if (level.min[j] < lo) {
				lo = level.min[j];
				loAt = level.minAt[j];
			}
			if (level.max[j] > hi) {
				hi = level.max[j];
				hiAt = level.maxAt[j];
			}
		}
		emit();
		return out;
	}
}

/** Index of the first time ≥ x (t sorted), or t.length. */
function firstAtOrAfter(t: Float64Array, x: number): number {
	let lo = 0;
	let hi = t.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (t[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
