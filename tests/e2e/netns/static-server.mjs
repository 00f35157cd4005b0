// A tiny static server for the built app (`build/`), started inside a network namespace so that each "device"
// has the app on its own 127.0.0.1 (a secure context). Unknown paths get index.html (the SPA fallback).
// Usage: node static-server.mjs <root> <port>; prints "listening" once it accepts connections.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const [root = 'build', port = '4173'] = process.argv.slice(2);
const types = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm'
};

async function isFile(path) {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

const server = createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const relative = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
	let path = join(root, relative);
	void (async () => {
		if (!(await isFile(path))) path = join(root, 'index.html');
		response.writeHead(200, {
			'content-type': types[extname(path)] ?? 'application/octet-stream',
			'cache-control': 'no-store'
		});
		createReadStream(path).pipe(response);
	})();
});
server.listen(Number(port), '127.0.0.1', () => console.log(`listening http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
