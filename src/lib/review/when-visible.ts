/**
 * Runs a callback once when an element first comes near the screen, with one IntersectionObserver
 * for the whole page (a history of 500 rows would otherwise make 500). Returns a cancel function.
 */
const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | null = null;

export function whenVisible(el: Element, run: () => void): () => void {
	if (typeof IntersectionObserver === 'undefined') {
		run();
		return () => {};
	}
	observer ??= new IntersectionObserver(
		(entries) => {
			for (const e of entries) {
				if (!e.isIntersecting) continue;
				const fn = waiting.get(e.target);
				waiting.delete(e.target);
				observer?.unobserve(e.target);
				fn?.();
			}
		},
		{ rootMargin: '200px' }
	);
	waiting.set(el, run);
	observer.observe(el);
	return () => {
		waiting.delete(el);
		observer?.unobserve(el);
	};
}
