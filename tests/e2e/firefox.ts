// Firefox ESR for e2e tests. Playwright's patched Firefox cannot be downloaded here, so puppeteer-core drives
// the Debian build over WebDriver BiDi. Pages must come from http://127.0.0.1:PORT (a secure context).
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPath } from './browsers';

export type FirefoxPrefValue = string | number | boolean;

export interface FirefoxOptions {
	/** `media.peerconnection.ice.obfuscate_host_addresses`; Firefox's default (true) gives `<uuid>.local` hosts. */
	obfuscateHostAddresses?: boolean;
	/** Extra about:config prefs, applied after the defaults below. */
	prefs?: Record<string, FirefoxPrefValue>;
	executablePath?: string;
	headless?: boolean;
}

export interface FirefoxSession {
	browser: Browser;
	/** Opens a new tab, loads `url` and brings the tab to the front (background tabs get throttled timers). */
	newPage(url: string): Promise<Page>;
	close(): Promise<void>;
}

/** Launches Firefox ESR with fake media devices and no permission prompts. */
export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
	const prefs: Record<string, FirefoxPrefValue> = {
		'media.navigator.streams.fake': true,
		'media.navigator.permission.disabled': true,
		'media.autoplay.default': 0
	};
	if (options.obfuscateHostAddresses !== undefined) {
		prefs['media.peerconnection.ice.obfuscate_host_addresses'] = options.obfuscateHostAddresses;
	}
	Object.assign(prefs, options.prefs);
	const browser = await puppeteer.launch({
		browser: 'firefox',
		executablePath: options.executablePath ?? firefoxPath,
		headless: options.headless ?? true,
		extraPrefsFirefox: prefs
	});
	return {
		browser,
		async newPage(url: string): Promise<Page> {
			const page = await browser.newPage();
			await page.goto(url, { waitUntil: 'load' });
			await page.bringToFront();
			return page;
		},
		async close(): Promise<void> {
			await browser.close();
		}
	};
}
