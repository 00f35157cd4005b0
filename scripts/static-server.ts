// A copy of the built app (adapter-static's output) served as a static host would serve it: for benchmarks
// that compare two builds in one invocation (bench:group BUILDS=…), where `vite preview` can serve only the
// worktree's own build. Unknown paths get index.html, as adapter-static's fallback expects.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8'
};

export interface StaticServer {
	base: string;
	close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1:`port`. */
export async function serveStatic(dir: string, port: number): Promise<StaticServer> {
	const server: Server = createServer((request, response) => {
		const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
		const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
		const send = (body: Buffer, name: string) => {
			response.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' });
			response.end(body);
		};
		readFile(file)
			.then((body) => send(body, file))
			.catch(() => readFile(join(dir, 'index.html')).then((body) => send(body, 'index.html')))
			.catch(() => {
				response.writeHead(404);
				response.end();
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		base: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
