// Where keyboard and screen-reader users land when the screen changes: on the new screen's heading, which
// the screen reader then reads. Each screen marks its heading with {@attach screenHeading}.
import type { Attachment } from 'svelte/attachments';
import { m } from '$lib/paraglide/messages';

let current: HTMLElement | null = null;
/** False until the first page has been shown: on page load focus stays where the browser puts it. */
let loaded = false;

export const screenHeading: Attachment<HTMLElement> = (heading) => {
	heading.tabIndex = -1;
	current = heading;
	if (loaded) heading.focus();
	return () => {
		if (current === heading) current = null;
	};
};

/**
 * For SvelteKit's afterNavigate: a navigation inside the app (home ↔ settings) ends with SvelteKit focusing
 * <body>, after the new page's headings were attached, so the heading takes the focus back here.
 */
export function afterScreenNavigation(navigation: { from: unknown }): void {
	if (navigation.from) current?.focus();
	loaded = true;
}

/** The tab's title: what this screen is, then the app's name. */
export function pageTitle(screen: string | null): string {
	return screen ? m.page_title({ screen }) : m.page_title_home();
}
