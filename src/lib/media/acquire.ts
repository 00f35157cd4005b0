// Acquiring tracks from getUserMedia, including the first request's fallbacks when one device is missing.

import { deviceOf, MediaError, toMediaError } from './errors';
import { constraintsFor, type DeviceMatch, type TrackKind } from './constraints';

import { m } from '$lib/paraglide/messages';

/** navigator.mediaDevices is undefined on insecure origins; surface that as ERR_INSECURE, not a TypeError. */
export function mediaDevices(): MediaDevices {
	const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
	if (!md?.getUserMedia) throw new DOMException('navigator.mediaDevices is unavailable', 'SecurityError');
	return md;
}

export async function getTrack(
	kind: TrackKind,
	id?: string,
	match: DeviceMatch = 'ideal'
): Promise<MediaStreamTrack> {
	const track = (await mediaDevices().getUserMedia(constraintsFor(kind, id, match))).getTracks()[0];
	if (!track) throw new DOMException(`getUserMedia returned no ${kind} track`, 'NotFoundError');
	return track;
}

export type Switched = { track: MediaStreamTrack } | { failed: MediaError; oldStopped: boolean };

/**
 * A track from device `id` to take `old`'s place. Many phones cannot open a second camera while the first
 * one runs: then `old` is stopped and the device asked for again (`oldStopped` if that failed too).
 */
export async function switchTrack(kind: TrackKind, id: string, old: MediaStreamTrack): Promise<Switched> {
	const device = deviceOf(kind);
	try {
		return { track: await getTrack(kind, id, 'exact') };
	} catch (e) {
		const failed = toMediaError(e, device);
		if (failed.code !== 'ERR_DEVICE_BUSY') return { failed, oldStopped: false };
	}
	old.stop();
	try {
		return { track: await getTrack(kind, id, 'exact') };
	} catch (e) {
		return { failed: toMediaError(e, device), oldStopped: true };
	}
}

/** The browser's stored decision for one device; null where the Permissions API cannot tell. */
async function permission(name: 'camera' | 'microphone'): Promise<PermissionState | null> {
	try {
		return (await navigator.permissions.query({ name: name as PermissionName })).state;
	} catch {
		return null;
	}
}

/**
 * Both asked together and refused: when only one of the two is blocked (the other already granted, so asking
 * for it alone shows no second prompt), carry on with the granted one and say which is blocked.
 */
async function withTheAllowedOne(
	want: { microphoneId: string; cameraId: string },
	refused: MediaError
): Promise<Acquired> {
	const [camera, microphone] = await Promise.all([permission('camera'), permission('microphone')]);
	if (camera === 'granted' && microphone !== 'granted') {
		const cam = await getTrack('video', want.cameraId).catch(() => null);
		const why = toMediaError(new DOMException('blocked', 'NotAllowedError'), 'microphone').message;
		if (cam)
			return { tracks: [cam], notice: m.media_continuing_video_only({ reason: why }), audioOnly: false };
	}
	if (microphone === 'granted' && camera !== 'granted') {
		const mic = await getTrack('audio', want.microphoneId).catch(() => null);
		const why = toMediaError(new DOMException('blocked', 'NotAllowedError'), 'camera').message;
		if (mic)
			return { tracks: [mic], notice: m.media_continuing_audio_only({ reason: why }), audioOnly: true };
	}
	throw refused;
}

export interface Acquired {
	tracks: MediaStreamTrack[];
	/** Non-fatal: why a device is missing from `tracks`. */
	notice: string | null;
	audioOnly: boolean;
}

/**
 * The first request: camera and microphone together (one prompt), degrading to whichever works alone.
 * Rejects with a MediaError when nothing usable was granted.
 */
export async function acquireInitial(want: {
	audioOnly: boolean;
	microphoneId: string;
	cameraId: string;
}): Promise<Acquired> {
	const md = mediaDevices();
	let wantVideo = !want.audioOnly;
	let notice: string | null = null;
	// Skip the camera up front when the device list proves there is none. An empty list proves nothing
	// (some browsers hide devices before permission), so then we just ask and handle the error.
	const known = await md.enumerateDevices().catch(() => []);
	if (
		wantVideo &&
		known.some((d) => d.kind === 'audioinput') &&
		!known.some((d) => d.kind === 'videoinput')
	) {
		wantVideo = false;
		notice = m.media_err_no_camera();
	}
	const audio = constraintsFor('audio', want.microphoneId).audio;
	const video = wantVideo && constraintsFor('video', want.cameraId).video;
	try {
		return { tracks: (await md.getUserMedia({ audio, video })).getTracks(), notice, audioOnly: !wantVideo };
	} catch (e) {
		const err = toMediaError(e, wantVideo ? 'both' : 'microphone');
		if (wantVideo && err.code === 'ERR_PERMISSION_DENIED') return withTheAllowedOne(want, err);
		// Insecure: asking again for less would fail the same way.
		if (!wantVideo || (err.code !== 'ERR_NO_DEVICE' && err.code !== 'ERR_DEVICE_BUSY')) throw err;
	}
	// One of the two devices is missing or busy: ask for each alone (one after the other, so Firefox shows
	// at most one prompt at a time) to find out which, and carry on with whatever works.
	const mic = await getTrack('audio', want.microphoneId).catch((e: unknown) => toMediaError(e, 'microphone'));
	if (mic instanceof MediaError && mic.code === 'ERR_PERMISSION_DENIED') throw mic;
	const cam = await getTrack('video', want.cameraId).catch((e: unknown) => toMediaError(e, 'camera'));
	if (mic instanceof MediaError) {
		if (cam instanceof MediaError) throw cam.code === 'ERR_PERMISSION_DENIED' ? cam : mic;
		return {
			tracks: [cam],
			notice: m.media_continuing_video_only({ reason: mic.message }),
			audioOnly: false
		};
	}
	if (!(cam instanceof MediaError)) return { tracks: [mic, cam], notice: null, audioOnly: false };
	const why =
		cam.code === 'ERR_DEVICE_BUSY'
			? m.media_continuing_audio_only({ reason: cam.message })
			: m.media_err_no_camera();
	return { tracks: [mic], notice: why, audioOnly: true };
}
