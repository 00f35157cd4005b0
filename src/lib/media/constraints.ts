// getUserMedia constraints in one place, so the first request, device switches and re-acquisition after
// "audio only" or an unplugged device all ask for the same quality.

export type TrackKind = 'audio' | 'video';

/**
 * How strongly to hold on to a device id: 'exact' when the user picked it (fail rather than silently use
 * another camera), 'ideal' when re-acquiring a remembered device that may have been unplugged since.
 */
export type DeviceMatch = 'exact' | 'ideal';

function deviceId(id: string | undefined, match: DeviceMatch): ConstrainDOMString | undefined {
	if (!id) return undefined;
	return match === 'exact' ? { exact: id } : { ideal: id };
}

export function audioConstraints(id?: string, match: DeviceMatch = 'ideal'): MediaTrackConstraints {
	// All three default to on in every browser today; stating them keeps it so if a default ever flips.
	const c: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
	const d = deviceId(id, match);
	if (d) c.deviceId = d;
	return c;
}

export function videoConstraints(id?: string, match: DeviceMatch = 'ideal'): MediaTrackConstraints {
	// 640×480 keeps a 1:1 call light on phones and weak uplinks; congestion control scales down from there.
	const c: MediaTrackConstraints = {
		width: { ideal: 640 },
		height: { ideal: 480 },
		frameRate: { ideal: 30 }
	};
	const d = deviceId(id, match);
	// facingMode would compete with an explicitly chosen device on phones; only use it for the default pick.
	if (d) c.deviceId = d;
	else c.facingMode = 'user';
	return c;
}

export function constraintsFor(
	kind: TrackKind,
	id?: string,
	match: DeviceMatch = 'ideal'
): MediaStreamConstraints {
	return kind === 'audio' ? { audio: audioConstraints(id, match) } : { video: videoConstraints(id, match) };
}
