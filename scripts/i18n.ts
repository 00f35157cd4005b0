// The message catalog's compiler settings, shared by vite.config.ts (the Paraglide Vite plugin) and by
// `npm run i18n` (lint, check and the unit tests need the generated src/lib/paraglide before any build).
//
// QRCALL_PSEUDO=1 compiles a pseudo-English instead of English (scripts/pseudo-locale.ts): every message
// wrapped in ⟦ ⟧ and ~40 % longer, so tests/e2e/i18n-pseudo.spec.ts can spot text that bypassed the catalog
// and layouts that break with longer words. It is a separate build (build-pseudo/), never shipped.
import { compile } from '@inlang/paraglide-js';
import { pathToFileURL } from 'node:url';
import { writePseudoProject } from './pseudo-locale.js';

export const pseudo = process.env.QRCALL_PSEUDO === '1';

export const paraglideOptions = {
	project: pseudo ? './.pseudo/project.inlang' : './project.inlang',
	outdir: './src/lib/paraglide',
	// The app picks the language itself (src/lib/i18n/locale.svelte.ts: the choice stored on this device, then
	// the best match of navigator.languages, then English) and overwrites getLocale with its state: Paraglide's
	// localStorage strategy throws where storage is forbidden, its navigator match misses pt → pt-BR, and its
	// strategy code would weigh on the first screen.
	strategy: ['baseLocale'] as ['baseLocale'],
	emitReadme: false,
	emitGitIgnore: true,
	emitPrettierIgnore: false
};

export async function compileMessages(): Promise<void> {
	if (pseudo) writePseudoProject();
	await compile(paraglideOptions);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await compileMessages();
