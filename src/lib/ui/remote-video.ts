// The other side's camera <video> of a 1:1 call, made and given its stream as soon as the stream arrives
// (rtc/tracks, at ontrack), while this device still shows its code; ./SoloStage moves that very element into
// the call screen when it renders.
//
// Why: a <video> shows only the frames decoded after it got its stream and built its player. Made by the call
// screen's first render — the screen is chosen once the media answer is set and renders 18–190 ms later on a
// busy 2-core machine — it often missed the first decoded frame and showed the next one, a camera frame later
// (~50 ms at 20 fps): the first-frame times fell into two groups that far apart (bench:call, issue 18). The
// one-stage reference in bench:call gives its <video> the stream at ontrack as well.

import { showStream } from './attach';

let prepared: { owner: object; video: HTMLVideoElement } | null = null;

function newVideo(): HTMLVideoElement {
	const video = document.createElement('video');
	video.className = 'remote-video';
	video.autoplay = true;
	video.playsInline = true;
	return video;
}

/** Before the call screen: `owner`'s stream starts playing in a <video> that no screen shows yet. */
export function prepareRemoteVideo(owner: object, stream: MediaStream): void {
	if (prepared?.owner !== owner) {
		dropRemoteVideo();
		prepared = { owner, video: newVideo() };
	}
	if (prepared.video.srcObject === stream) return;
	showStream(prepared.video, stream);
	// bench:call reads when the other side's camera reached a <video>.
	if (stream.getVideoTracks().length > 0) performance.mark('qrcall:remote-video');
}

/** The call screen takes `owner`'s prepared <video> (it may already hold a frame), or a new one. */
export function takeRemoteVideo(owner: object | null): HTMLVideoElement {
	if (owner && prepared?.owner === owner) {
		const { video } = prepared;
		prepared = null;
		return video;
	}
	return newVideo();
}

/** A prepared <video> that no screen took (a group's grid shows its own tiles, the call ended) stops playing. */
export function dropRemoteVideo(): void {
	if (prepared) prepared.video.srcObject = null;
	prepared = null;
}
