import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'build-pseudo/',
			'.svelte-kit/',
			'.svelte-kit-pseudo/',
			'.pseudo/',
			'src/lib/paraglide/',
			'project.inlang/',
			'node_modules/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		// The codec is pure: it must run in Node (CLI, tests) and in a worker alike.
		files: ['src/lib/signal/**'],
		languageOptions: { globals: {} },
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: ['svelte', 'svelte/*', '$app/*', '$lib/rtc/*', '$lib/ui/*', '$lib/media/*', '$lib/qr/*'] }
			],
			'no-restricted-globals': [
				'error',
				'window',
				'document',
				'navigator',
				'RTCPeerConnection',
				'localStorage'
			]
		}
	}
);
