/** The last few seconds of one signal, for a small live trace. Plain arrays, trimmed as it goes. */
export class TraceBuffer {
	t: number[] = [];
	v: number[] = [];

	constructor(private readonly windowS = 20) {}

	push(t: ArrayLike<number>, v: ArrayLike<number>, n: number): void {
		for (let i = 0; i < n; i++) {
			this.t.push(t[i]);
			this.v.push(v[i]);
		}
		const last = this.t.length ? this.t[this.t.length - 1] : 0;
		let drop = 0;
		while (drop < this.t.length && this.t[drop] < last - this.windowS) drop++;
		if (drop > 0) {
			this.t.splice(0, drop);
			this.v.splice(0, drop);
		}
	}
}
