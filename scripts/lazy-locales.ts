// Build-time plugin: each language's messages load on demand, in two parts, instead of all eight in every
// message function. Paraglide writes one module per message, each holding that message's function in every
// language and a dispatcher; in the build this plugin
// - replaces `m` (messages.js) by one object whose m.key() asks src/lib/i18n/catalog.ts for the current
//   language's function: no per-message code on the first screen at all;
// - serves each language as two modules: the messages the first screen's code can reach (found by following
//   the static imports from src/routes), and the rest. catalog.ts loads part 1 before the app mounts and
//   part 2 once the home screen is idle; every lazily loaded screen waits for it (src/lib/ui/lazy.ts).
// All parts are build chunks, so the service worker precaches them: offline works in every language.
// `vite dev` and Vitest keep Paraglide's own dispatcher (every language at hand, nothing to await).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

const messagesDir = resolve('src/lib/paraglide/messages');
const loadersId = 'virtual:qrcall-locale-loaders';
const partPrefix = 'virtual:qrcall-messages/';

/** Files the first page imports statically (type-only imports and import() excluded). */
export function firstScreenFiles(entries: string[]): Set<string> {
	const seen = new Set<string>();
	const queue = entries.map((e) => resolve(e));
	for (let file = queue.pop(); file; file = queue.pop()) {
		if (seen.has(file) || !existsSync(file)) continue;
		seen.add(file);
		const source = readFileSync(file, 'utf8');
		for (const [, spec] of source.matchAll(
			/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+['"]([^'"]+)['"]/gm
		)) {
			const target = resolveImport(file, spec ?? '');
			if (target && !target.startsWith(messagesDir)) queue.push(target);
		}
	}
	return seen;
}

function resolveImport(from: string, spec: string): string | undefined {
	let base: string;
	if (spec.startsWith('$lib/')) base = resolve('src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return undefined;
	const candidates = [base, `${base}.ts`, `${base.replace(/\.js$/, '')}.ts`, join(base, 'index.ts')];
	return candidates.find((c) => existsSync(c) && !c.endsWith('/'));
}

/** The catalog keys (m.key) the given files use. */
export function usedKeys(files: Iterable<string>): Set<string> {
	const keys = new Set<string>();
	for (const file of files) {
		for (const [, key] of readFileSync(file, 'utf8').matchAll(/\bm\.([a-z][a-z0-9_]*)\b/g))
			keys.add(key ?? '');
	}
	return keys;
}

/** Every message module's functions, per language: locale → key → `const fn = …;` source. */
function functionsByLocale(): Map<string, Map<string, string>> {
	const byLocale = new Map<string, Map<string, string>>();
	for (const file of readdirSync(messagesDir)) {
		if (!file.endsWith('.js') || file.startsWith('_')) continue;
		const key = file.slice(0, -3);
		const source = readFileSync(join(messagesDir, file), 'utf8');
		const blocks = new Map<string, string>();
		for (const [block, name] of source.matchAll(/^const (\w+) = [\s\S]*?\n\};$/gm))
			blocks.set(name ?? '', block);
		// The dispatcher names each language's function: `if (locale === "pt-BR") return pt_br2_key(inputs)`.
		const routes = [...source.matchAll(/if \(locale === "([\w-]+)"\) return (\w+)\(inputs\)/g)].map(
			([, locale, fn]) => [locale ?? '', fn ?? ''] as const
		);
		const fallback = /\treturn (\w+)\(inputs\)\n\}\);/.exec(source)?.[1] ?? '';
		for (const [locale, fn] of [...routes, ['en', fallback] as const]) {
			const block = blocks.get(fn);
			if (!block) throw new Error(`qrcall:lazy-locales: no ${locale} function for ${key}`);
			if (!byLocale.has(locale)) byLocale.set(locale, new Map());
			byLocale.get(locale)?.set(key, block.replace(`const ${fn} = `, `export const ${key} = `));
		}
	}
	return byLocale;
}

export function lazyLocales(options: {
	locales: readonly string[];
	/** The first page's modules: src/routes/+layout.svelte, +layout.ts, +page.svelte. */
	entries: string[];
	/** Files whose words are only shown after the call engine loaded, which awaits the whole catalog. */
	later: RegExp;
}): Plugin {
	let build = false;
	let first = new Set<string>();
	let functions = new Map<string, Map<string, string>>();
	const registry = JSON.stringify(join(dirname(messagesDir), 'registry.js'));
	return {
		name: 'qrcall:lazy-locales',
		enforce: 'pre',
		configResolved(config) {
			build = config.command === 'build';
		},
		buildStart() {
			if (!build) return;
			first = usedKeys([...firstScreenFiles(options.entries)].filter((f) => !options.later.test(f)));
			functions = functionsByLocale();
		},
		resolveId(id) {
			if (id === loadersId || id.startsWith(partPrefix)) return `\0${id}`;
		},
		load(id) {
			// In the build, `m` is one small object instead of a module per message: m.key(inputs) asks the
			// catalog for the current language's function. The types still come from Paraglide's messages.js
			// (svelte-check reads the file, not the bundle), so a wrong key or parameter fails the check.
			if (build && id === join(dirname(messagesDir), 'messages.js')) {
				return [
					'import { message } from "$lib/i18n/catalog";',
					'export const m = new Proxy({}, {',
					'\tget: (_, key) => (typeof key === "string" ? (inputs, options) => message(key, inputs, options) : undefined)',
					'});'
				].join('\n');
			}
			if (id === `\0${loadersId}`) {
				if (!build) return 'export const loaders = null;';
				const entries = options.locales.map(
					(l) =>
						`${JSON.stringify(l)}: [() => import(${JSON.stringify(`${partPrefix}${l}/1`)}), () => import(${JSON.stringify(`${partPrefix}${l}/2`)})]`
				);
				return `export const loaders = {${entries.join(',\n')}};`;
			}
			if (!id.startsWith(`\0${partPrefix}`)) return;
			const [locale = '', part] = id.slice(partPrefix.length + 1).split('/');
			const chosen = [...(functions.get(locale) ?? [])].filter(([key]) => first.has(key) === (part === '1'));
			return [`import * as registry from ${registry};`, ...chosen.map(([, block]) => block)].join('\n');
		}
	};
}
