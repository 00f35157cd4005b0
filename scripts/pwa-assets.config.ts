// npm run icons — every PWA icon from the one source image, static/favicon.svg (written next to it, committed).
import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config';

const accent = '#0b5cad';

export default defineConfig({
	headLinkOptions: { preset: '2023' },
	preset: {
		...minimal2023Preset,
		// The source is a full-bleed rounded tile: no padding needed for the plain icons.
		transparent: { ...minimal2023Preset.transparent, padding: 0 },
		// Maskable and Apple icons are cropped by the OS: keep the mark in the safe zone, on the tile's colour.
		maskable: { ...minimal2023Preset.maskable, padding: 0.3, resizeOptions: { background: accent } },
		apple: { ...minimal2023Preset.apple, padding: 0.3, resizeOptions: { background: accent } }
	},
	images: ['static/favicon.svg']
});
