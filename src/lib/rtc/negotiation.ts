// Stage two's negotiation over the control channel: perfect negotiation (the joiner is polite, the caller is
// not), the descriptions and trickled candidates it sends, the answer to the other side's media offer, and the
// joiner's early offer (./early-offer). peer.ts owns the connection and hands it here with the parts this needs.
import { answerDeadline } from './answer-deadline';
import { createEarlyOffer, type EarlyOffer } from './early-offer';
import { RtcError } from './errors';
import { sendCredentialsAhead, ufragOf } from './ice-handoff';
import { isDtlsServer, setPassiveAnswer } from './keepalive';
import type { LocalTracks, Role } from './peer-types';
import type { FrameOptions } from './channel';
import type { PeerMessage } from './protocol';
import { currentUfrag, type RestartPolicy } from './restart';
import type { MediaTracks } from './tracks';

export interface NegotiationOptions {
	role: Role;
	send: (message: PeerMessage, options?: FrameOptions) => void;
	channelOpen: () => boolean;
	media: MediaTracks;
	/** The local tracks as they are now (they change with device switches). */
	tracks: () => LocalTracks;
	restart: RestartPolicy;
	/** Resolves once the answerer's keep-alive (./keepalive) no longer touches the descriptions. */
	stopKeepalive: () => Promise<void>;
	/** Runs a task between the keep-alive's re-applies, none starting meanwhile. */
	besideKeepalive: <T>(task: () => Promise<T>) => Promise<T>;
	/**
	 * Tunes the senders (./adapt) while the camera starts (./start-resolution), before the description that
	 * starts them: the joiner's early offer (./early-offer) and an answer. Its encoder is then configured once,
	 * at its start size, instead of dropping its first frames. Never rejects. An offer of ours (the caller's
	 * when the joiner makes none) is tuned a task after its answer (peer.ts): an await between adding its
	 * transceivers and setLocalDescription would let negotiationneeded start a second offer.
	 */
	tuneSenders: () => Promise<void>;
	/** An offer could not be made or was not answered in time (the other side's failures: peer.ts). */
	onFailure: (error: unknown) => void;
	/**
	 * A negotiation is done on this side: its answer sent, or the answer to its offer applied; audio/video set
	 * up by stage one, once the channel is open.
	 */
	onNegotiated: () => void;
}

export interface Negotiation {
	/** Perfect negotiation's offer side: makes an offer and sends it. */
	negotiate(): Promise<void>;
	/**
	 * An `sdp` message from the other side. `reply` answers an offer another way than the channel (a restart
	 * relayed by a group member, ./relayed-restart): `keep` runs before the answer is sent (gathering).
	 */
	handleDescription(description: RTCSessionDescriptionInit, reply?: Reply): Promise<void>;
	/** An `ice` message from the other side. */
	addCandidate(candidate: RTCIceCandidateInit): Promise<void>;
	/**
	 * Retry after a failure: an offer still waiting for its answer is sent again (the other side may have
	 * failed to apply it); otherwise a new offer is made. Never rejects: failures go to onFailure.
	 */
	retry(): Promise<void>;
	/**
	 * Joiner, once its bootstrap answer (and the code's update) is made: its audio/video offer, set now and sent
	 * when the channel opens. Never rejects: without it, the caller offers (./early-offer).
	 */
	offerEarly(): Promise<void>;
	/** The other side's hello, with its protocol version (a caller offers at once to a joiner that will not). */
	helloFrom(version: number): void;
	/** Joiner: its early offer is still unanswered (Retry then asks the caller to offer instead). */
	earlyOfferPending(): boolean;
	/** The channel opened: the joiner's early offer goes out; offers sent now run against the answer deadline. */
	channelOpened(): void;
	/** Stage one already negotiated audio/video (a relayed group join): the joiner waits for no media offer. */
	mediaNegotiated(): void;
	stop(): void;
}

/** Where an answer goes instead of the channel, and what runs before (./relayed-restart). */
export interface Reply {
	send: (message: PeerMessage, options?: FrameOptions) => void;
	keep: () => Promise<boolean>;
}

/** The description just set locally, as sent over the channel. */
export const currentLocal = (pc: RTCPeerConnection): { type: RTCSdpType; sdp: string } => {
	const local = pc.localDescription;
	if (!local) throw new RtcError('ERR_SET_LOCAL_DESCRIPTION');
	return { type: local.type, sdp: local.sdp };
};

/** Perfect negotiation's flags (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). */
interface Flags {
	makingOffer: boolean;
	/** From a setLocalDescription until its description is sent (see trickle). */
	describing: boolean;
	ignoreOffer: boolean;
}

/**
 * How a description goes over the channel: deflated (when long) only when it restarts ICE, as that offer and
 * its answer may have to cross a link that works one way only at first (./channel); any other goes as text at
 * once, over a link that just carried the channel's own handshake both ways.
 */
export const descriptionFrame = (sdp: string, ufragBefore: string | undefined): FrameOptions => ({
	text: ufragBefore === undefined || ufragOf(sdp) === ufragBefore
});

/**
 * setLocalDescription (an offer or the answer it implies) and sends it over the data channel, queued in the
 * outbox until it opens. `keep` may withhold an offer (a restart that found no candidate); false then.
 */
async function sendLocalDescription(
	pc: RTCPeerConnection,
	flags: Flags,
	send: (message: PeerMessage, options?: FrameOptions) => void,
	keep?: () => Promise<boolean>
): Promise<boolean> {
	const ufragBefore = currentUfrag(pc);
	try {
		flags.describing = true;
		// HACK: an answer keeps the DTLS role this side already has. Firefox 153, DTLS server since its first
		// answer (./keepalive setPassiveAnswer), answered a Chromium caller's ICE-restart offer with
		// a=setup:active, which Chromium refused ("Failed to set SSL role for the transport"), leaving the
		// restart unanswered and "No video" shown after a 20 s outage. RFC 8842 §5.5: the role stays. Its last
		// local description may be its early audio/video offer (a=setup:actpass), answered active: a server too.
		if (pc.signalingState === 'have-remote-offer' && isDtlsServer(pc)) await setPassiveAnswer(pc);
		else await pc.setLocalDescription();
		if (keep && !(await keep())) return false;
		const description = currentLocal(pc);
		// A restart offer's credentials go first, in one small packet (./ice-handoff).
		sendCredentialsAhead(description, ufragBefore, send);
		send({ t: 'sdp', description }, descriptionFrame(description.sdp, ufragBefore));
		return true;
	} finally {
		flags.describing = false;
	}
}

/** Candidates found after stage one (ICE restarts) go over the control channel. */
function trickle(pc: RTCPeerConnection, flags: Flags, options: NegotiationOptions) {
	pc.onicecandidate = ({ candidate }) => {
		// Stage-one candidates are in the code. Those found between a setLocalDescription and the sending of
		// its description travel inside it: sent before it, they would name ICE credentials the other side
		// does not know yet, and it would reject them.
		if (candidate && options.channelOpen() && !flags.describing) {
			options.send({ t: 'ice', candidate: candidate.toJSON() });
		}
	};
}

/**
 * Who yields when both sides offered at once (perfect negotiation's polite peer): the joiner, except when
 * both offers are ICE restarts, as after an outage both sides hold one until the link is back. Then the
 * caller rolls its own back: a Chromium 156 joiner that rolled back its restart offer to take the caller's
 * replaced both of its RTP streams (the counters started again from 0) and got video back 3–4 s after the
 * link returned, while a caller that rolls back keeps its streams (video back 0.7–2.4 s, 60 s outage).
 */
export function yieldsTo(pc: RTCPeerConnection, role: Role, offer: RTCSessionDescriptionInit): boolean {
	const restarting = (sdp: string | undefined, current: string | undefined) =>
		ufragOf(sdp) !== undefined && ufragOf(current) !== undefined && ufragOf(sdp) !== ufragOf(current);
	const mineRestarts = restarting(pc.pendingLocalDescription?.sdp, pc.currentLocalDescription?.sdp);
	const theirsRestarts = restarting(offer.sdp, pc.currentRemoteDescription?.sdp);
	return role === 'joiner' ? !(mineRestarts && theirsRestarts) : mineRestarts && theirsRestarts;
}

/** What the parts of one negotiation share. */
interface Parts {
	pc: RTCPeerConnection;
	flags: Flags;
	deadline: ReturnType<typeof answerDeadline>;
	early: EarlyOffer;
	options: NegotiationOptions;
}

/** Perfect negotiation's offer side: makes an offer (or a restart offer the policy may withhold) and sends it. */
async function makeOffer({ pc, flags, deadline, options }: Parts): Promise<void> {
	try {
		flags.makingOffer = true;
		// The first media offer of a side sets audio and video up (the caller's, when the joiner made none).
		options.media.addTransceivers(options.tracks());
		const ufragBefore = currentUfrag(pc);
		if (await sendLocalDescription(pc, flags, options.send, () => options.restart.keepOffer(ufragBefore))) {
			performance.mark('qrcall:offer-sent');
			deadline.arm();
		}
	} catch (error) {
		options.onFailure(error);
	} finally {
		flags.makingOffer = false;
	}
}

/** Perfect negotiation's receive side: an `sdp` message from the other side, answered when it is an offer. */
async function receiveDescription(
	parts: Parts,
	description: RTCSessionDescriptionInit,
	reply?: Reply
): Promise<void> {
	const { pc, flags, deadline, early, options } = parts;
	await options.stopKeepalive();
	const collision = description.type === 'offer' && (flags.makingOffer || pc.signalingState !== 'stable');
	flags.ignoreOffer = !yieldsTo(pc, options.role, description) && collision;
	if (flags.ignoreOffer) return;
	if (description.type === 'offer') early.offerArrived();
	await pc.setRemoteDescription(description);
	deadline.settle();
	early.remoteApplied(description.type);
	if (description.type !== 'offer') {
		performance.mark('qrcall:remote-answer');
		performance.mark('qrcall:media-answer');
		return options.onNegotiated();
	}
	// The tracks ride on the transceivers of the offer, so the answer already sends media and no second
	// round trip is needed.
	await options.media.attach(options.tracks());
	await options.tuneSenders();
	if (!(await sendLocalDescription(pc, flags, reply?.send ?? options.send, reply?.keep))) return;
	performance.mark('qrcall:media-answer');
	options.onNegotiated();
}

/** Negotiation.retry: the offer still waiting for its answer is sent again, else a new one is made. */
async function retryOffer(parts: Parts): Promise<void> {
	const { pc, deadline, options } = parts;
	const pending = pc.pendingLocalDescription;
	if (pc.signalingState !== 'have-local-offer' || !pending) return makeOffer(parts);
	try {
		options.send(
			{ t: 'sdp', description: { type: pending.type, sdp: pending.sdp } },
			descriptionFrame(pending.sdp, currentUfrag(pc))
		);
		deadline.arm();
	} catch (error) {
		options.onFailure(error);
	}
}

export function createNegotiation(pc: RTCPeerConnection, options: NegotiationOptions): Negotiation {
	const flags: Flags = { makingOffer: false, describing: false, ignoreOffer: false };
	const negotiate = () => makeOffer(parts);
	const early = createEarlyOffer(pc, {
		...options,
		negotiate,
		setMakingOffer: (making) => (flags.makingOffer = making)
	});
	const parts: Parts = { pc, flags, deadline: answerDeadline(pc, options), early, options };

	/** Stage one set audio/video up (mediaNegotiated). */
	let mediaInStageOne = false;
	/** A change needed negotiating after stage one, before the channel was open to carry it. */
	let missed = false;
	/**
	 * Stage one's audio/video and the channel are both there, whichever came last: the change it missed is
	 * offered, and this side is done. The call screen then renders, not in front of the channel's opening, which
	 * comes a few ms after DTLS and media (its onopen waited behind that render: 36 ms, not 18).
	 */
	const stageOneDone = () => {
		if (missed && pc.signalingState === 'stable') void negotiate();
		missed = false;
		options.onNegotiated();
	};
	pc.onnegotiationneeded = () => {
		// Stage one is carried by the code, and the first media offer by ./early-offer, not by this handler.
		if (options.channelOpen()) return void negotiate();
		// A camera that started after the code was made (its transceiver then recvonly) fires this once, in the
		// seconds between the answer and the channel: that offer goes when the channel opens.
		missed = pc.currentRemoteDescription !== null;
	};
	trickle(pc, flags, options);

	return {
		negotiate,
		handleDescription: (description, reply) => receiveDescription(parts, description, reply),
		async addCandidate(candidate) {
			try {
				await pc.addIceCandidate(candidate);
			} catch (error) {
				if (!flags.ignoreOffer) throw error;
			}
		},
		retry: () => retryOffer(parts),
		offerEarly: early.make,
		helloFrom: early.helloFrom,
		earlyOfferPending: early.pending,
		channelOpened() {
			void early.channelOpened().then(parts.deadline.arm, options.onFailure);
			if (mediaInStageOne) stageOneDone();
		},
		mediaNegotiated() {
			// Neither side waits for, nor makes, a first media offer.
			mediaInStageOne = true;
			early.offerArrived();
			parts.deadline.settle();
			// The channel can open before setRemoteDescription's promise resolves (bench:call: 11 ms before).
			if (options.channelOpen()) stageOneDone();
		},
		stop() {
			early.stop();
			parts.deadline.stop();
		}
	};
}
