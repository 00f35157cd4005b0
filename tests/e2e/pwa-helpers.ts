// The service worker as a visitor gets it: the app registers it after the first load, and it is ready once
// Workbox has precached every file (only then does it activate).
import { expect, type Page } from '@playwright/test';
import { openApp } from './call-helpers';

/** The origin the page was loaded from (the app's own: http://127.0.0.1:4173 under `npm run test:e2e`). */
export function originOf(page: Page): string {
	return new URL(page.url()).origin;
}

declare global {
	interface Window {
		__cspViolations?: string[];
	}
}

/** Opens the app once, online, and waits until its service worker is active (the precache is complete). */
export async function installApp(page: Page, path = '/'): Promise<void> {
	await openApp(page, path);
	await waitForServiceWorker(page);
}

/** Waits until the page's service worker is active: every file of the app is then in its precache. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await expect
		.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state), {
			timeout: 60_000
		})
		.toBe('activated');
}

/** True when the page's navigation was answered by the service worker, not the network. */
export async function servedByServiceWorker(page: Page): Promise<boolean> {
	return page.evaluate(() => {
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
		return navigator.serviceWorker.controller !== null && (nav?.workerStart ?? 0) > 0;
	});
}

/** Records Content-Security-Policy violations of the page (read with cspViolations). */
export function recordCspViolations(): void {
	const seen: string[] = [];
	window.__cspViolations = seen;
	document.addEventListener(
		'securitypolicyviolation',
		(e) =>
			seen.push(
				`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`
			),
		true
	);
}

export async function cspViolations(page: Page): Promise<string[]> {
	return page.evaluate(() => window.__cspViolations ?? ['recorder missing']);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
