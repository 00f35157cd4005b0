// The built app served by `vite preview` for the benchmarks, on its own port. Vite is started with this
// Node directly (not through npx, whose kill would leave the real server running after the benchmark).
import { spawn } from 'node:child_process';

/**
 * The port a benchmark serves the app on: QRCALL_PORT when set (each engineer on this machine has one, as for
 * the e2e suite), else a random one in `from`…`from + span` so two benchmarks started side by side do not clash.
 */
export function benchPort(from: number, span: number): number {
	const fixed = Number(process.env.QRCALL_PORT);
	return Number.isInteger(fixed) && fixed > 0 ? fixed : from + Math.floor(Math.random() * span);
}

export interface PreviewServer {
	base: string;
	close(): void;
	/** Resolves once the server has exited after close(): the port is free for the next one. */
	exited: Promise<void>;
}

/** `env` adds to the server's environment: QRCALL_PSEUDO=1 serves the pseudo-locale build (build-pseudo/). */
export async function startPreview(port: number, env: Record<string, string> = {}): Promise<PreviewServer> {
	const base = `http://127.0.0.1:${port}`;
	const server = spawn(
		process.execPath,
		[
			'node_modules/vite/bin/vite.js',
			'preview',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
			'--strictPort'
		],
		{ stdio: 'ignore', env: { ...process.env, ...env } }
	);
	const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
	const close = () => void server.kill();
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(base)).ok) return { base, close, exited };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	close();
	throw new Error(`vite preview did not start on ${base}`);
}
