// What LocalMedia tells the person when a device fails or goes away during a call.
import { m } from '$lib/paraglide/messages';
import type { TrackKind } from './constraints';

/** After a device failed (`reason`) or was unplugged: another one, `device`, took its place. */
export function switchedNotice(kind: TrackKind, device: string, reason?: string): string {
	if (reason) return m.media_switched_after({ reason, device });
	return kind === 'audio'
		? m.media_microphone_disconnected_switched({ device })
		: m.media_camera_disconnected_switched({ device });
}

/** After a device failed (`reason`) or was unplugged and no other one works: the call goes on without. */
export function withoutNotice(kind: TrackKind, reason?: string): string {
	if (kind === 'video') {
		return reason ? m.media_continuing_audio_only({ reason }) : m.media_camera_disconnected_audio_only();
	}
	return reason ? m.media_unheard_after({ reason }) : m.media_microphone_disconnected_unheard();
}
