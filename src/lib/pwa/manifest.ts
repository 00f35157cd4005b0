// The web app manifest (vite.config.ts hands it to @vite-pwa/sveltekit, which writes manifest.webmanifest).
// Icons are generated from static/favicon.svg by `npm run icons` (scripts/pwa-assets.config.ts).
import type { ManifestOptions } from 'vite-plugin-pwa';

/** Page colours of src/lib/ui/app.css (--qc-bg), light and dark; app.html sets the same as theme-color. */
export const lightBackground = '#f6f7f9';
export const darkBackground = '#101317';

export const manifest: Partial<ManifestOptions> = {
	id: '/',
	name: 'qrcall — video calls with no server',
	short_name: 'qrcall',
	description: 'Video calls between two devices with no server: scan a QR code or paste a link.',
	lang: 'en',
	dir: 'ltr',
	start_url: '/',
	scope: '/',
	display: 'standalone',
	orientation: 'any',
	theme_color: lightBackground,
	background_color: lightBackground,
	categories: ['communication', 'social'],
	icons: [
		{ src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
		{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
		{ src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	],
	// A link or text shared from a chat app opens /?title=…&text=…&url=…; CallApp reads text and url as a code
	// and goes to the join flow. GET, so the service worker's navigation fallback serves it offline too.
	share_target: {
		action: '/',
		method: 'GET',
		enctype: 'application/x-www-form-urlencoded',
		params: { title: 'title', text: 'text', url: 'url' }
	}
};
