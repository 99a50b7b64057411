/** Saving a file the person asked for: a Blob and a temporary link, nothing leaves the device. */
export function downloadText(name: string, text: string, type = 'text/plain'): void {
	downloadParts(name, [text], `${type};charset=utf-8`);
}

/** Saves a file made of parts (text or bytes, e.g. a ZIP written in pieces). */
export function downloadParts(name: string, parts: BlobPart[], type: string): void {
	const url = URL.createObjectURL(new Blob(parts, { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
