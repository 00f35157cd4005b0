import type { Attachment } from 'svelte/attachments';

/** Binds a MediaStream to a <video>/<audio> element (srcObject is not an attribute). */
export function srcObject(stream: MediaStream | null): Attachment<HTMLMediaElement> {
	return (element) => {
		element.srcObject = stream;
	};
}
