// Drives the real app UI in real browsers. Nothing is mocked: the init script only keeps a reference to each
// real RTCPeerConnection so a test can read its getStats(), and switches off the public STUN default so tests
// send no traffic beyond this machine.
import { expect, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';

declare global {
	interface Window {
		__qrcallPeers?: RTCPeerConnection[];
		__mediaElements?: HTMLMediaElement[];
	}
}

export function observePeers(): void {
	localStorage.setItem('qrcall.iceServers', '[]');
	const Native = window.RTCPeerConnection;
	const peers: RTCPeerConnection[] = [];
	window.__qrcallPeers = peers;
	window.RTCPeerConnection = class extends Native {
		constructor(config?: RTCConfiguration) {
			super(config);
			peers.push(this);
		}
	};
}

export async function openApp(page: Page, path = '/'): Promise<void> {
	await page.addInitScript(observePeers);
	await page.goto(path);
}

/**
 * Init script: keeps every media element that is given a stream (window.__mediaElements), and stamps on each
 * when it first got one with a camera track (data-stream-at, performance.now()).
 */
export function noteMediaElements(): void {
	const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
	if (!srcObject?.set) throw new Error('no srcObject setter');
	const set = srcObject.set;
	const seen: HTMLMediaElement[] = [];
	window.__mediaElements = seen;
	Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
		...srcObject,
		set(this: HTMLMediaElement, stream: MediaProvider | null) {
			if (!seen.includes(this)) seen.push(this);
			if (stream instanceof MediaStream && stream.getVideoTracks().length > 0)
				this.dataset.streamAt ??= String(performance.now());
			set.call(this, stream);
		}
	});
}

/**
 * Two devices on the app's home screen, each a browser context of its own (storage, permissions); `options`
 * sets both (device language, screen size, another build's address).
 */
export async function twoDevices(
	browser: Browser,
	options: BrowserContextOptions = {}
): Promise<{ caller: Page; joiner: Page }> {
	const caller = await (await browser.newContext(options)).newPage();
	const joiner = await (await browser.newContext(options)).newPage();
	await openApp(caller);
	await openApp(joiner);
	return { caller, joiner };
}

export async function readMyCode(page: Page): Promise<string> {
	const box = page.getByRole('textbox', { name: 'Your code' });
	await expect(box).toHaveValue(/#/, { timeout: 15_000 });
	return box.inputValue();
}

export async function startCall(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Start a call' }).click();
	return readMyCode(page);
}

export async function pasteCode(page: Page, code: string): Promise<void> {
	await page.getByRole('textbox', { name: 'Paste a code' }).fill(code);
	await page.getByRole('button', { name: 'Use code' }).click();
}

/** Join screen → paste the caller's code → Answer → the answer code. */
export async function answerCall(page: Page, offerCode: string): Promise<string> {
	await page.getByRole('button', { name: 'Join a call' }).click();
	await pasteCode(page, offerCode);
	await page.getByRole('button', { name: 'Answer' }).click();
	return readMyCode(page);
}

/**
 * The camera sender's first encoding (the parameters rtc/adapt.ts and rtc/start-resolution.ts set) on each of
 * the page's negotiated connections that are not closed.
 */
export async function cameraEncodings(page: Page): Promise<RTCRtpEncodingParameters[]> {
	return page.evaluate(() =>
		(window.__qrcallPeers ?? [])
			.filter((pc) => pc.connectionState !== 'closed' && pc.remoteDescription)
			.map((pc) => {
				const camera = pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
				return camera?.getParameters().encodings[0] ?? {};
			})
	);
}

export async function expectConnected(page: Page): Promise<void> {
	await expect(page.getByRole('status').filter({ hasText: /^Connected$/ })).toBeVisible({ timeout: 45_000 });
}

/** Both sides say "Connected", and video and audio flow both ways. */
export async function expectCallUp(caller: Page, joiner: Page): Promise<void> {
	await expectConnected(caller);
	await expectConnected(joiner);
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
}

/**
 * A `<video>` decodes: its size is known within `sizeMs`, then its time advances within `advanceMs`.
 */
export async function expectVideoDecoding(
	video: Locator,
	{ sizeMs = 15_000, advanceMs = 10_000 } = {}
): Promise<void> {
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: sizeMs })
		.toBeGreaterThan(0);
	const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: advanceMs })
		.toBeGreaterThan(t0);
}

/** Remote video decodes (size known, time advancing) and audio RTP packets arrive. */
export async function expectMediaFlowing(page: Page): Promise<void> {
	await expectVideoDecoding(page.locator('video.remote-video'));
	await expect.poll(() => audioPacketsReceived(page), { timeout: 10_000 }).toBeGreaterThan(10);
}

export async function audioPacketsReceived(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let packets = 0;
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
			});
		}
		return packets;
	});
}
