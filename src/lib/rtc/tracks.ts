// The call's media on its transceivers: the camera and microphone ride on the first transceiver of each kind
// (whoever created it), a screen share on a video transceiver of its own. peer.ts owns the connection; this
// module only reads and sets its transceivers.
import type { LocalTracks } from './peer-types';

export interface MediaTracks {
	/**
	 * An audio and a video transceiver for a media offer, each with its local track (recvonly without one),
	 * where the connection has none of that kind yet. Returns those it added.
	 */
	addTransceivers(tracks: LocalTracks): RTCRtpTransceiver[];
	/**
	 * As addTransceivers, but a local track goes on with addTrack: when this side's offer is rolled back for a
	 * colliding remote offer, that offer's m-line takes the transceiver over (JSEP 5.10) and nothing is left.
	 */
	addRecyclable(tracks: LocalTracks): RTCRtpTransceiver[];
	/**
	 * Retires those of `transceivers` that no negotiation gave an m-line (an offer of ours rolled back, whose
	 * recvonly transceiver the remote offer did not take over): they carry nothing from now on. Not stop():
	 * HACK: Chromium 156 keeps firing negotiationneeded for a stopped transceiver that never had a mid, an
	 * endless offer/answer loop (https://w3c.github.io/webrtc-pc/#dfn-check-if-negotiation-is-needed).
	 */
	dropUnnegotiated(transceivers: RTCRtpTransceiver[]): void;
	/** Puts the local tracks on the transceivers; a changed direction renegotiates (negotiationneeded). */
	attach(tracks: LocalTracks): Promise<void>;
	/** Sends a screen (null stops it: the transceiver is stopped, which renegotiates). */
	shareScreen(track: MediaStreamTrack | null): Promise<void>;
	/** ontrack: the remote camera/microphone join one stream; another video transceiver is a screen. */
	onTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver): void;
	/** After each remote description: the other side stopped sharing when its transceiver stopped sending. */
	checkRemoteScreen(): void;
}

export interface MediaTrackEvents {
	onRemoteStream: (stream: MediaStream) => void;
	onRemoteScreen?: (stream: MediaStream | null) => void;
}

/** Transceivers of a rolled-back offer that carry nothing (MediaTracks.dropUnnegotiated). */
const retired = new WeakSet<RTCRtpTransceiver>();

/** Neither stopped, being stopped (stop() sets direction at once, currentDirection after negotiating) nor retired. */
export const live = (t: RTCRtpTransceiver) =>
	t.currentDirection !== 'stopped' && t.direction !== 'stopped' && !retired.has(t);

/** The transceiver of the microphone ('audio') or the camera ('video'): the first live one of that kind. */
export const mediaTransceiver = (pc: Pick<RTCPeerConnection, 'getTransceivers'>, kind: 'audio' | 'video') =>
	pc.getTransceivers().find((t) => live(t) && t.receiver.track.kind === kind);

/** An audio and a video transceiver where there is none of that kind (MediaTracks.addTransceivers). */
function addMissing(
	pc: RTCPeerConnection,
	tracks: LocalTracks,
	transceiverFor: (kind: 'audio' | 'video') => RTCRtpTransceiver | undefined,
	recyclable: boolean
): RTCRtpTransceiver[] {
	const added: RTCRtpTransceiver[] = [];
	for (const kind of ['audio', 'video'] as const) {
		if (transceiverFor(kind)) continue;
		const track = tracks[kind];
		if (track && recyclable) {
			const sender = pc.addTrack(track);
			const transceiver = pc.getTransceivers().find((t) => t.sender === sender);
			if (transceiver) added.push(transceiver);
		} else added.push(pc.addTransceiver(track ?? kind, { direction: track ? 'sendrecv' : 'recvonly' }));
	}
	return added;
}

export function createMediaTracks(pc: RTCPeerConnection, events: MediaTrackEvents): MediaTracks {
	let remoteStream = new MediaStream();
	let screenTransceiver: RTCRtpTransceiver | null = null;
	let remoteScreen: RTCRtpTransceiver | null = null;

	/** The transceiver carrying one kind of media, whoever created it. */
	const transceiverFor = (kind: 'audio' | 'video') => mediaTransceiver(pc, kind);

	return {
		addTransceivers: (tracks) => addMissing(pc, tracks, transceiverFor, false),
		addRecyclable: (tracks) => addMissing(pc, tracks, transceiverFor, true),
		dropUnnegotiated(transceivers) {
			for (const t of transceivers) {
				if (t.mid !== null || !live(t)) continue;
				retired.add(t);
				t.direction = 'inactive';
			}
		},
		async attach(tracks) {
			const replacing: Promise<void>[] = [];
			for (const kind of ['audio', 'video'] as const) {
				const transceiver = transceiverFor(kind);
				if (!transceiver) continue;
				const track = tracks[kind];
				// Both at once: each replaceTrack is a round trip to the WebRTC threads (20–40 ms on a slow device).
				if (transceiver.sender.track !== track) replacing.push(transceiver.sender.replaceTrack(track));
				if (track && transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
			}
			await Promise.all(replacing);
		},
		async shareScreen(track) {
			if (track && screenTransceiver) return screenTransceiver.sender.replaceTrack(track);
			if (track) screenTransceiver = pc.addTransceiver(track, { direction: 'sendonly' });
			else if (screenTransceiver && pc.connectionState !== 'closed') {
				screenTransceiver.stop();
				screenTransceiver = null;
			}
		},
		onTrack(track, transceiver) {
			performance.mark(`qrcall:track-${track.kind}`);
			if (track.kind === 'video' && transceiver !== transceiverFor('video')) {
				remoteScreen = transceiver;
				events.onRemoteScreen?.(new MediaStream([track]));
				return;
			}
			// A new stream for each track, never the one a <video> already plays with a track added: Chromium's
			// player, still loading the audio-only stream when the video track came, sometimes never showed that
			// video although it was being decoded (videoWidth 0 for good: 4 of 53 calls in a loop of pwa.spec's
			// offline call, and once in late-answer.spec). A new object also lets the UI see the change.
			remoteStream = new MediaStream([...remoteStream.getTracks(), track]);
			events.onRemoteStream(remoteStream);
		},
		checkRemoteScreen() {
			const t = remoteScreen;
			if (!t) return;
			const receiving = t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv';
			if ((t.currentDirection && !receiving) || t.receiver.track.readyState === 'ended') {
				remoteScreen = null;
				events.onRemoteScreen?.(null);
			}
		}
	};
}
