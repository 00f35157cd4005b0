import type { Attachment } from 'svelte/attachments';

/** Gives `element` its stream: setting srcObject again, even to the same stream, reloads it (a black gap). */
export function showStream(element: HTMLMediaElement, stream: MediaStream | null): void {
	if (element.srcObject !== stream) element.srcObject = stream;
}

/** Binds a MediaStream to a <video>/<audio> element (srcObject is not an attribute). */
export function srcObject(stream: MediaStream | null): Attachment<HTMLMediaElement> {
	return (element) => showStream(element, stream);
}
