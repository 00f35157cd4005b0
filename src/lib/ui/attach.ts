import type { Attachment } from 'svelte/attachments';

/** Gives `element` its stream: setting srcObject again, even to the same stream, reloads it (a black gap). */
export function showStream(element: HTMLMediaElement, stream: MediaStream | null): void {
	if (element.srcObject !== stream) element.srcObject = stream;
}

/**
 * Binds a MediaStream to a <video>/<audio> element (srcObject is not an attribute), and lets it go when the
 * element leaves the page. Why: an element taken off the page is paused but keeps its stream's players, and an
 * audio track's keeps an audio output stream running (Chromium 156: the camera previews of the screens before
 * a call, given the whole local stream, rendered 100 callbacks a second each, all call long).
 */
export function srcObject(stream: MediaStream | null): Attachment<HTMLMediaElement> {
	return (element) => {
		showStream(element, stream);
		return () => releaseWhenGone(element);
	};
}

/**
 * Clears the element's stream if it left the page (see srcObject). Checked a microtask later: a cleanup also
 * runs before an attachment runs again for another stream, where the element stays (a reload would
 * be a black gap), and a removed one is off the page by then.
 */
function releaseWhenGone(element: HTMLMediaElement): void {
	queueMicrotask(() => {
		if (!element.isConnected) element.srcObject = null;
	});
}
