// The browsers of the netns lab (./lab.ts): what a device is, and one Chromium started inside a namespace
// with the app open and its ICE settings stored before the app loads.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chmod, writeFile } from 'node:fs/promises';
import { chromiumArgs, chromiumPath } from '../browsers';
import { observePeers } from '../call-helpers';
import type { RemotePage } from './firefox-remote';
import { recordChannels } from './trace';

/** Every namespace serves the built app on its own 127.0.0.1 at this port. */
export const appPort = 4173;

export interface Device {
	ns: string;
	browser: Browser;
	page: Page;
}

/** A Firefox device: only evaluate() reaches its page (see launchFirefoxDevice). */
export interface RemoteDevice {
	ns: string;
	page: RemotePage;
}

export interface DeviceSettings {
	/** Stored as `qrcall.iceServers` before the app loads; [] means "no servers" (an offline LAN). */
	iceServers?: RTCIceServer[];
	relayOnly?: boolean;
	/** A .y4m clip as the camera (default: Chromium's own fake camera). */
	fakeVideo?: string;
	/** Frames a second of Chromium's own fake camera (default 30): several devices share 2 cores. */
	cameraFps?: number;
}

/** The settings init script: runs after observePeers (which stores '[]'), so these values win. */
function applySettings(settings: { iceServers: string; relayOnly: boolean }): void {
	localStorage.setItem('qrcall.iceServers', settings.iceServers);
	if (settings.relayOnly) localStorage.setItem('qrcall.relayOnly', 'true');
	else localStorage.removeItem('qrcall.relayOnly');
}

/**
 * One Chromium inside namespace `fullNs` (started through the shell script `wrapper`), with the app open and
 * `settings` stored. `track` gets the browser as soon as it runs, so the lab closes it even if a later step
 * fails.
 */
export async function openChromium(
	wrapper: string,
	fullNs: string,
	settings: DeviceSettings,
	track: (browser: Browser) => void
): Promise<{ browser: Browser; page: Page }> {
	await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${fullNs} ${chromiumPath} "$@"\n`);
	await chmod(wrapper, 0o755);
	const fps = settings.cameraFps;
	const browser = await chromium.launch({
		executablePath: wrapper,
		args: chromiumArgs(settings.fakeVideo).map((arg) =>
			fps && arg === '--use-fake-device-for-media-stream' ? `${arg}=fps=${fps}` : arg
		)
	});
	track(browser);
	const context = await browser.newContext({ baseURL: `http://127.0.0.1:${appPort}` });
	const page = await context.newPage();
	await page.addInitScript(observePeers);
	await page.addInitScript(recordChannels);
	await page.addInitScript(applySettings, {
		iceServers: JSON.stringify(settings.iceServers ?? []),
		relayOnly: settings.relayOnly ?? false
	});
	await page.goto('/');
	return { browser, page };
}
