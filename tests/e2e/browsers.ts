/** Where the e2e suite serves the app; QRCALL_PORT lets two checkouts test side by side. */
export const appPort = Number(process.env.QRCALL_PORT ?? 4173);
export const appOrigin = `http://127.0.0.1:${appPort}`;

// Where the Debian browsers live and how to start them headless with fake media devices.
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Chromium flags for this sandbox; `fakeVideo` is a .y4m file shown as the camera. */
export function chromiumArgs(fakeVideo?: string): string[] {
	const args = [
		'--headless=new',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--use-fake-device-for-media-stream',
		'--use-fake-ui-for-media-stream',
		'--autoplay-policy=no-user-gesture-required'
	];
	if (fakeVideo) args.push(`--use-file-for-fake-video-capture=${fakeVideo}`);
	return args;
}
