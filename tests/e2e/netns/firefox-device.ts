// A Firefox "device" inside a network namespace. Puppeteer reaches Firefox over a WebSocket on 127.0.0.1, which
// from the test process would be the wrong namespace's loopback; so this small process runs inside the
// namespace beside Firefox and the test drives it over stdin/stdout: one JSON line per page.evaluate.
// Usage (by Lab.launchFirefoxDevice): ip netns exec NS node --import tsx firefox-device.ts URL [--raw-addresses]
import { createInterface } from 'node:readline';
import { observePeers } from '../call-helpers';
import { launchFirefox } from '../firefox';
import { recordChannels } from './trace';

interface Request {
	id: number;
	/** A function's source; it is called with `arg` in the page. */
	src: string;
	arg: unknown;
}

const url = process.argv[2];
if (!url) throw new Error('usage: firefox-device.ts URL');
// Fake media gathers like a page without camera permission (mDNS names); with real permission: addresses.
const firefox = await launchFirefox({ obfuscateHostAddresses: !process.argv.includes('--raw-addresses') });
const page = await firefox.browser.newPage();
// tsx (esbuild keepNames) wraps named functions and classes in __name(), which the page does not have.
await page.evaluateOnNewDocument('window.__name = (f) => f');
// Same as the Chromium devices: every RTCPeerConnection recorded, no public STUN server.
await page.evaluateOnNewDocument(observePeers);
await page.evaluateOnNewDocument(recordChannels);
await page.goto(url, { waitUntil: 'load' });
await page.bringToFront();

const reply = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
let closing = false;
const close = async () => {
	if (closing) return;
	closing = true;
	await firefox.close().catch(() => {});
	process.exit(0);
};
process.on('SIGTERM', () => void close());

createInterface({ input: process.stdin })
	.on('line', (line) => {
		const { id, src, arg } = JSON.parse(line) as Request;
		page.evaluate(`(${src})(${JSON.stringify(arg ?? null)})`).then(
			(value) => reply({ id, value }),
			(error: unknown) => reply({ id, error: error instanceof Error ? error.message : String(error) })
		);
	})
	.on('close', () => void close());
reply({ ready: true });
