import type { Page } from 'puppeteer-core';

/**
 * Every record of the named object stores of the app's database, read straight from IndexedDB
 * in the page, as the review will read them. Typed arrays come back as plain arrays.
 */
export async function storedRecords<T extends Record<string, unknown[]>>(
	page: Page,
	stores: (keyof T & string)[]
): Promise<T> {
	return page.evaluate(async (names) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('tidal');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const plain = (x: unknown): unknown =>
			ArrayBuffer.isView(x)
				? Array.from(x as Float64Array)
				: x && typeof x === 'object' && !Array.isArray(x)
					? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]))
					: x;
		const out: Record<string, unknown[]> = {};
		for (const name of names)
			out[name] = await new Promise<unknown[]>((resolve, reject) => {
				const r = db.transaction(name).objectStore(name).getAll();
				r.onsuccess = () => resolve((r.result as unknown[]).map(plain));
				r.onerror = () => reject(r.error);
			});
		db.close();
		return out;
	}, stores) as Promise<T>;
}
