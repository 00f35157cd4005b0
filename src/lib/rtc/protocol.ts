// The data-channel protocol of stage two: JSON messages, one per data-channel message. Everything after the
// bootstrap (full SDP for audio/video, later renegotiations, ICE restarts, hang-up) travels here. The
// contract between two versions is docs/peer-protocol.md.
import { parseGroupMessage, type GroupMessage } from './group/wire';
import { validIceParams } from './ice-handoff';

export type PeerMessage =
	| { t: 'sdp'; description: RTCSessionDescriptionInit }
	| { t: 'ice'; candidate: RTCIceCandidateInit }
	| { t: 'ice-params'; ufrag: string; pwd: string }
	| { t: 'media'; mic: boolean; camera: boolean }
	| { t: 'chat'; id: string; text: string; at: number }
	| { t: 'ping'; id: number }
	| { t: 'pong'; id: number }
	| { t: 'keyframe' }
	| { t: 'renegotiate' }
	| { t: 'bye' }
	| GroupMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** Parses one message; anything unknown or malformed yields null (a newer peer may send more kinds). */
export function parseMessage(data: unknown): PeerMessage | null {
	if (typeof data !== 'string') return null;
	let value: unknown;
	try {
		value = JSON.parse(data);
	} catch {
		return null;
	}
	if (!isRecord(value)) return null;
	switch (value.t) {
		case 'sdp': {
			const d = value.description;
			if (!isRecord(d) || (d.type !== 'offer' && d.type !== 'answer') || typeof d.sdp !== 'string')
				return null;
			return { t: 'sdp', description: { type: d.type, sdp: d.sdp } };
		}
		case 'ice': {
			const c = value.candidate;
			if (!isRecord(c) || typeof c.candidate !== 'string') return null;
			return {
				t: 'ice',
				candidate: {
					candidate: c.candidate,
					sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid : null,
					sdpMLineIndex: typeof c.sdpMLineIndex === 'number' ? c.sdpMLineIndex : null
				}
			};
		}
		case 'ice-params':
			// A restart offer's credentials, ahead of it (./ice-handoff); never into an SDP unless valid.
			return validIceParams(value) ? { t: 'ice-params', ufrag: value.ufrag, pwd: value.pwd } : null;
		case 'media':
			return { t: 'media', mic: value.mic === true, camera: value.camera === true };
		case 'chat':
			if (typeof value.id !== 'string' || typeof value.text !== 'string' || typeof value.at !== 'number')
				return null;
			return { t: 'chat', id: value.id, text: value.text, at: value.at };
		case 'ping':
		case 'pong':
			// Liveness probes while ICE is not connected (./liveness).
			return typeof value.id === 'number' ? { t: value.t, id: value.id } : null;
		case 'keyframe':
			// The receiver's video stalled while connected: the sender restarts its camera encoding (./video-watch).
			return { t: 'keyframe' };
		case 'renegotiate':
			// Stage two failed on the sender's side (its Retry): the caller offers again.
			return { t: 'renegotiate' };
		case 'bye':
			return { t: 'bye' };
		default:
			// hello, roster, relay, full: the group's messages (./group/wire).
			return parseGroupMessage(value);
	}
}
