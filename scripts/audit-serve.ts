/**
 * The built app as a plain static host serves it: files from build/, every other path answered
 * with the app shell (200, as a single-page-app host does), the Content-Security-Policy in the
 * shell's <meta>. Text goes out compressed, as every host does: the build's own brotli or gzip
 * copy (adapter-static `precompress`), whichever the browser accepts. No headers a host would
 * not send.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.txt': 'text/plain; charset=utf-8'
};

/** Compressed copies the build writes beside each file, best first. */
const ENCODINGS = [
	['br', '.br'],
	['gzip', '.gz']
] as const;

export async function serveBuild(dir: string): Promise<{ url: string; close(): Promise<void> }> {
	const root = path.resolve(dir);
	const server = http.createServer(async (req, res) => {
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		const file = path.join(root, pathname);
		const inside = file.startsWith(root + path.sep);
		let body: Buffer | null = null;
		let type = TYPES['.html'];
		if (inside && path.extname(file)) {
			body = await readFile(file).catch(() => null);
			type = TYPES[path.extname(file)] ?? 'application/octet-stream';
		}
		let served = inside && body ? file : null;
		if (!body && !path.extname(pathname)) {
			served = path.join(root, 'index.html');
			body = await readFile(served);
		}
		if (!body || !served) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
			return;
		}
		const accepted = String(req.headers['accept-encoding'] ?? '');
		let encoding: string | null = null;
		for (const [name, ext] of ENCODINGS) {
			if (!accepted.includes(name)) continue;
			const packed = await readFile(served + ext).catch(() => null);
			if (packed) {
				body = packed;
				encoding = name;
				break;
			}
		}
		const immutable = pathname.startsWith('/_app/immutable/');
		res.writeHead(200, {
			'content-type': type,
			'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
			vary: 'accept-encoding',
			...(encoding ? { 'content-encoding': encoding } : {})
		});
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
