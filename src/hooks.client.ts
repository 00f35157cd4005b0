import type { ClientInit } from '@sveltejs/kit';

/** A `%` not followed by two hex digits: a fragment cut inside an escape (`#…%2`) by a chat app. */
const BROKEN_ESCAPE = /%(?![0-9a-f]{2})/gi;

/**
 * HACK: SvelteKit's router decodes the fragment with decodeURIComponent to find an element to scroll to
 * (`get_id` in packages/kit/src/runtime/client/client.js,
 * https://github.com/sveltejs/kit/blob/main/packages/kit/src/runtime/client/client.js), which throws a URIError
 * on a broken escape and aborts start-up. Escaping the lone `%` before the router starts keeps the text the same
 * for the codec (which undoes escapes itself) and lets the app say "cut off" instead.
 */
export const init: ClientInit = () => {
	const hash = location.hash.replace(BROKEN_ESCAPE, '%25');
	if (hash !== location.hash)
		history.replaceState(history.state, '', location.pathname + location.search + hash);
};
