/** An in-memory Web Storage for tests; `onSet` sees (or refuses, by throwing) every write. */
export function memoryStorage(onSet: (key: string, value: string) => void = () => {}): Storage {
	const m = new Map<string, string>();
	return {
		get length() {
			return m.size;
		},
		clear: () => m.clear(),
		getItem: (k) => m.get(k) ?? null,
		key: (i) => [...m.keys()][i] ?? null,
		removeItem: (k) => void m.delete(k),
		setItem: (k, v) => {
			onSet(k, v);
			m.set(k, v);
		}
	};
}
