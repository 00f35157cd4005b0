// A network lab for real-network e2e tests: Linux network namespaces joined by veth links, NAT routers
// (nftables masquerade), packet loss (nftables numgen), a bandwidth cap (tc tbf), link cuts, coturn, and one
// Chromium per "device" running inside its namespace against the app served on that namespace's own
// 127.0.0.1. Everything a lab makes carries its unique name prefix and is removed in destroy(), by name and
// pid; namespaces left by crashed runs are swept at the next start. Needs root: without it the lab throws
// (a test must fail loudly, never pass without a network).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { appPort, openChromium, type Device, type DeviceSettings, type RemoteDevice } from './devices';
import { RemotePage } from './firefox-remote';
import { removeNamespace, run, stopChild, sweepStaleNamespaces } from './proc';
import {
	coturnArgs,
	coturnReady,
	lossRuleset,
	natRuleset,
	oneWayRuleset,
	oneWayTable,
	rateLimitArgs
} from './rules';

export { appPort, type Device, type DeviceSettings, type RemoteDevice } from './devices';
export { sweepStaleNamespaces } from './proc';

const here = dirname(fileURLToPath(import.meta.url));
/** The built app (`vite build`); QRCALL_BUILD_DIR may point at a copy of it. */
const buildDir = process.env.QRCALL_BUILD_DIR ?? resolve(here, '../../../build');
/** The two ends of Lab.vethLan's link. */
export const lanAddresses = { a: '10.77.0.1', b: '10.77.0.2' } as const;

export class Lab {
	readonly prefix: string;
	readonly dir: string;
	#namespaces: string[] = [];
	#children: ChildProcess[] = [];
	#browsers: Browser[] = [];
	#appServers = new Map<string, ChildProcess>();

	private constructor(prefix: string, dir: string) {
		this.prefix = prefix;
		this.dir = dir;
	}

	/** A new lab; throws a clear error where namespaces cannot be made (not root, no iproute2). */
	static async create(): Promise<Lab> {
		if (process.getuid?.() !== 0) {
			throw new Error('netns lab: these tests need root (network namespaces); refusing to skip them');
		}
		await sweepStaleNamespaces();
		const prefix = `qc${process.pid.toString(36)}x${randomBytes(3).toString('hex')}`;
		const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
		return new Lab(prefix, dir);
	}

	/** The full name of one of this lab's namespaces. */
	name(short: string): string {
		return `${this.prefix}${short}`;
	}

	/** `ip netns exec <ns> …` */
	async exec(ns: string, args: string[]): Promise<string> {
		return run('ip', ['netns', 'exec', this.name(ns), ...args]);
	}

	/** A namespace with loopback up and IPv6 off (IPv4-only candidates keep the codes and checks simple). */
	async addNamespace(short: string): Promise<void> {
		const ns = this.name(short);
		await run('ip', ['netns', 'add', ns]);
		this.#namespaces.push(ns);
		await this.exec(short, [
			'sysctl',
			'-qw',
			'net.ipv6.conf.all.disable_ipv6=1',
			'net.ipv6.conf.default.disable_ipv6=1'
		]);
		await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
	}

	/** A veth link between two namespaces; `addr` in CIDR form, e.g. 10.77.0.1/24. */
	async link(
		a: { ns: string; dev: string; addr?: string },
		b: { ns: string; dev: string; addr?: string }
	): Promise<void> {
		const nsA = this.name(a.ns);
		const nsB = this.name(b.ns);
		await run('ip', ['-n', nsA, 'link', 'add', a.dev, 'type', 'veth', 'peer', 'name', b.dev, 'netns', nsB]);
		for (const [ns, end] of [
			[nsA, a],
			[nsB, b]
		] as const) {
			if (end.addr) await run('ip', ['-n', ns, 'addr', 'add', end.addr, 'dev', end.dev]);
			await run('ip', ['-n', ns, 'link', 'set', end.dev, 'up']);
		}
	}

	/** A bridge (a "switch") inside a namespace, with an address of its own. */
	async bridge(ns: string, dev: string, addr: string): Promise<void> {
		const full = this.name(ns);
		await run('ip', ['-n', full, 'link', 'add', dev, 'type', 'bridge']);
		await run('ip', ['-n', full, 'addr', 'add', addr, 'dev', dev]);
		await run('ip', ['-n', full, 'link', 'set', dev, 'up']);
	}

	async attachToBridge(ns: string, dev: string, bridge: string): Promise<void> {
		await run('ip', ['-n', this.name(ns), 'link', 'set', dev, 'master', bridge]);
	}

	/** Default route (browsers gather only on interfaces with a route): via a gateway, or on a device. */
	async defaultRoute(ns: string, target: { via: string } | { dev: string }): Promise<void> {
		const spec = 'via' in target ? ['via', target.via] : ['dev', target.dev];
		await run('ip', ['-n', this.name(ns), 'route', 'replace', 'default', ...spec]);
	}

	/** A router: forwards, and masquerades what leaves `wan` (./rules natRuleset: hole-punching behaviour). */
	async natRouter(ns: string, wan: string, options: { perDestination?: boolean } = {}): Promise<void> {
		await this.exec(ns, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
		await this.nft(ns, natRuleset(wan, options.perDestination ?? false));
	}

	/** Drops `percent` % of the UDP packets leaving `dev`, at random. */
	async addLoss(ns: string, dev: string, percent: number): Promise<void> {
		await this.nft(ns, lossRuleset(dev, percent));
	}

	/** A token-bucket rate cap on what leaves `dev` (e.g. '1mbit'). */
	async limitRate(ns: string, dev: string, rate: string): Promise<void> {
		await this.exec(ns, rateLimitArgs(dev, rate));
	}

	/**
	 * The device moves to another network on the same link: its address (CIDR) vanishes and `to` appears, and
	 * its default route is set again via `gateway` (the old one left with the old address's subnet route).
	 */
	async changeAddress(ns: string, dev: string, from: string, to: string, gateway: string): Promise<void> {
		const full = this.name(ns);
		await run('ip', ['-n', full, 'addr', 'del', from, 'dev', dev]);
		await run('ip', ['-n', full, 'addr', 'add', to, 'dev', dev]);
		await this.defaultRoute(ns, { via: gateway });
	}

	/** The IPv4 addresses `dev` has now (CIDR form): proof that a move really happened. */
	async addresses(ns: string, dev: string): Promise<string[]> {
		const shown = await run('ip', ['-n', this.name(ns), '-4', '-o', 'addr', 'show', 'dev', dev]);
		return [...shown.matchAll(/\binet (\S+)/g)].map((match) => match[1]!);
	}

	/**
	 * Drops the UDP packets `dev` sends (one direction of the link only), all of them or those that also
	 * match `match` (an nftables expression such as `ip length > 600`), counting them; returns a function that
	 * lifts the rule and resolves to how many packets it dropped.
	 */
	async dropOutgoing(ns: string, dev: string, match = ''): Promise<() => Promise<number>> {
		return this.#dropUdp(ns, oneWayRuleset(dev, match));
	}

	/**
	 * Drops every UDP packet that arrives on `dev`, silently for its sender (rules.ts oneWayRuleset: no send
	 * error, as when the path between two devices fails); returns what dropOutgoing returns.
	 */
	async dropIncoming(ns: string, dev: string): Promise<() => Promise<number>> {
		return this.#dropUdp(ns, oneWayRuleset(dev, '', 'in'));
	}

	async #dropUdp(ns: string, ruleset: string): Promise<() => Promise<number>> {
		await this.nft(ns, ruleset);
		return async () => {
			const listed = await this.exec(ns, ['nft', 'list', 'table', 'inet', oneWayTable]);
			await this.exec(ns, ['nft', 'delete', 'table', 'inet', oneWayTable]);
			return Number(/counter packets (\d+)/.exec(listed)?.[1] ?? NaN);
		};
	}

	async setLink(ns: string, dev: string, up: boolean): Promise<void> {
		await run('ip', ['-n', this.name(ns), 'link', 'set', dev, up ? 'up' : 'down']);
	}

	async nft(ns: string, ruleset: string): Promise<void> {
		const file = join(this.dir, `${ns}-${randomBytes(3).toString('hex')}.nft`);
		await writeFile(file, ruleset);
		await this.exec(ns, ['nft', '-f', file]);
	}

	/** Starts a process inside a namespace and resolves once `ready` matches its output. */
	async spawn(
		ns: string,
		command: string[],
		ready: RegExp,
		label: string,
		{ stdin = 'ignore', readyMs = 15_000 }: { stdin?: 'ignore' | 'pipe'; readyMs?: number } = {}
	): Promise<ChildProcess> {
		const child = spawn('ip', ['netns', 'exec', this.name(ns), ...command], {
			stdio: [stdin, 'pipe', 'pipe']
		});
		this.#children.push(child);
		let output = '';
		await new Promise<void>((done, fail) => {
			const timer = setTimeout(
				() => fail(new Error(`netns lab: ${label} not ready after ${readyMs} ms:\n${output}`)),
				readyMs
			);
			const onData = (chunk: Buffer) => {
				output += chunk.toString();
				if (ready.test(output)) {
					clearTimeout(timer);
					done();
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			child.once('exit', (code) => {
				clearTimeout(timer);
				fail(new Error(`netns lab: ${label} exited (${code}) before it was ready:\n${output}`));
			});
		});
		// Keep draining the pipes so a chatty process never blocks on a full one.
		child.stdout?.resume();
		child.stderr?.resume();
		return child;
	}

	/** The built app on this namespace's own 127.0.0.1:4173; returns its origin. */
	async serveApp(ns: string): Promise<string> {
		const server = await this.spawn(
			ns,
			[process.execPath, join(here, 'static-server.mjs'), buildDir, String(appPort)],
			/listening/,
			`app server in ${ns}`
		);
		this.#appServers.set(ns, server);
		return `http://127.0.0.1:${appPort}`;
	}

	/**
	 * Namespaces `a` and `b` joined by one veth link (eth0 on both, lanAddresses), each routing everything to
	 * the other (Firefox gathers only on the default route's interface), the app served in each.
	 */
	async vethLan(): Promise<void> {
		await this.addNamespace('a');
		await this.addNamespace('b');
		await this.link(
			{ ns: 'a', dev: 'eth0', addr: `${lanAddresses.a}/24` },
			{ ns: 'b', dev: 'eth0', addr: `${lanAddresses.b}/24` }
		);
		await this.defaultRoute('a', { via: lanAddresses.b });
		await this.defaultRoute('b', { via: lanAddresses.a });
		await Promise.all([this.serveApp('a'), this.serveApp('b')]);
	}

	/** Stops the namespace's app server: from then on only a service worker can serve the app there. */
	async stopApp(ns: string): Promise<void> {
		const server = this.#appServers.get(ns);
		this.#appServers.delete(ns);
		if (server) await stopChild(server);
	}

	/**
	 * coturn on `ip` (port 3478, UDP), relaying from the same address; long-term credentials `user`/`pass`.
	 * Lab addresses are private, so the peers on them must not be denied.
	 */
	async startTurn(ns: string, ip: string, user: string, pass: string): Promise<void> {
		await this.spawn(ns, coturnArgs(ip, user, pass, join(this.dir, ns)), coturnReady, `coturn in ${ns}`);
	}

	/** One Chromium inside the namespace, with the app open and the given ICE settings stored. */
	async launchDevice(ns: string, settings: DeviceSettings = {}): Promise<Device> {
		const wrapper = join(this.dir, `chromium-${ns}.sh`);
		const { browser, page } = await openChromium(wrapper, this.name(ns), settings, (started) =>
			this.#browsers.push(started)
		);
		return { ns, browser, page };
	}

	/**
	 * Firefox ESR inside the namespace, on its app server. Driven through a helper process in the same
	 * namespace (./firefox-device.ts), since puppeteer talks to Firefox over that namespace's loopback.
	 */
	async launchFirefoxDevice(ns: string, options: { rawAddresses?: boolean } = {}): Promise<RemoteDevice> {
		const args = [join(here, 'firefox-device.ts'), `http://127.0.0.1:${appPort}/`];
		// Its host candidates as IP addresses, as a Firefox given real camera permission writes them.
		if (options.rawAddresses) args.push('--raw-addresses');
		const child = await this.spawn(
			ns,
			[process.execPath, '--import', 'tsx', ...args],
			/"ready":true/,
			`Firefox in ${ns}`,
			{ stdin: 'pipe', readyMs: 60_000 }
		);
		return { ns, page: new RemotePage(child) };
	}

	/** Closes the browsers, ends every process started here and deletes every namespace, by name and pid. */
	async destroy(): Promise<void> {
		await Promise.allSettled(this.#browsers.map((browser) => browser.close()));
		await Promise.allSettled(this.#children.map(stopChild));
		for (const ns of this.#namespaces) await removeNamespace(ns);
		await rm(this.dir, { recursive: true, force: true });
	}
}
