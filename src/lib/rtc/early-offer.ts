// A code without a media record (an lz code, another stack's: docs/signal-format.md §3.2) leaves audio/video
// to stage two, whose first offer comes from the joiner (docs/peer-protocol.md): made while the caller is still
// scanning its answer, held in have-local-offer, and sent the moment the channel opens, so the caller answers
// at once and sends media right after its own setLocalDescription, and the joiner right after applying that
// answer. A caller whose joiner makes none (an older qrcall, another stack) offers itself: at once when the
// joiner's hello names a version without early offers, else after joinerOfferWaitMs.
import type { NegotiationOptions } from './negotiation';

/**
 * How long a caller waits after the channel opened for the joiner's offer before making its own, when no hello
 * said whether one comes (a stack that sends none): the joiner's offer follows its hello, the first message on
 * the channel, so it comes within a round trip; a joiner that makes none then waits a pause, not a failure.
 */
export const joinerOfferWaitMs = 1_500;
/** The protocol version (`hello`) from which a joiner offers audio/video first (../group/wire). */
export const earlyOfferFromVersion = 4;

/** What the negotiation it belongs to already has, described once there (./negotiation). */
export interface EarlyOfferOptions extends Pick<
	NegotiationOptions,
	'role' | 'send' | 'channelOpen' | 'media' | 'tracks' | 'stopKeepalive' | 'tuneSenders'
> {
	/** Runs a task between the keep-alive's re-applies, none starting meanwhile (./keepalive). */
	besideKeepalive: <T>(task: () => Promise<T>) => Promise<T>;
	/** Makes and sends an offer the ordinary way (./negotiation). */
	negotiate: () => Promise<void>;
	/** Perfect negotiation's makingOffer flag. */
	setMakingOffer: (making: boolean) => void;
}

export interface EarlyOffer {
	/** Joiner: makes and sets the offer (once; never rejects: without it, the caller offers). */
	make(): Promise<void>;
	/** Joiner: sends the held offer (true when it did). Caller: starts waiting for it. */
	channelOpened(): Promise<boolean>;
	/** Caller: the joiner's hello says its version; one without early offers gets the caller's at once. */
	helloFrom(version: number): void;
	/** A remote offer is about to be applied: the caller no longer waits to offer itself. */
	offerArrived(): void;
	/** A remote description was applied: the early offer was answered, or rolled back for this offer. */
	remoteApplied(type: RTCSdpType): void;
	/** Joiner: its early offer was sent and is still unanswered (Retry then asks the caller to offer). */
	pending(): boolean;
	stop(): void;
}

export function createEarlyOffer(pc: RTCPeerConnection, options: EarlyOfferOptions): EarlyOffer {
	const { role, media } = options;
	/** The transceivers of the joiner's early offer, until that offer is answered or rolled back. */
	let early: RTCRtpTransceiver[] = [];
	let making: Promise<void> | null = null;
	let sent = false;
	let offered = false;
	/** Caller: the channel is open and it has not offered yet (nor had an offer). */
	let waiting = false;
	let wait: ReturnType<typeof setTimeout> | undefined;

	const makeOffer = async () => {
		if (role !== 'joiner' || pc.signalingState !== 'stable' || pc.connectionState === 'closed') return;
		// Already open (the caller was quicker than this side's gathering): made and sent as any offer.
		if (options.channelOpen()) return options.negotiate();
		try {
			options.setMakingOffer(true);
			early = media.addRecyclable(options.tracks());
			// Seconds before the answer comes: the encoder then starts at once, already tuned.
			await options.tuneSenders();
			await pc.setLocalDescription();
			performance.mark('qrcall:offer-made');
		} catch (error) {
			// Not a failure of the call: the caller offers instead (joinerOfferWaitMs).
			console.warn('qrcall: early media offer failed', error);
		} finally {
			options.setMakingOffer(false);
		}
	};
	const offerNow = () => {
		clearTimeout(wait);
		if (!waiting) return;
		waiting = false;
		if (!offered && pc.signalingState === 'stable') void options.negotiate();
	};

	return {
		// Between the keep-alive's re-applies, which go on while the offer is held (./keepalive).
		make: () => (making ??= options.besideKeepalive(makeOffer)),
		async channelOpened() {
			if (role === 'caller') {
				waiting = !offered;
				wait = setTimeout(offerNow, joinerOfferWaitMs);
				return false;
			}
			// The held offer as it stands once the keep-alive has stopped (it may have set it again).
			await Promise.all([options.stopKeepalive(), making]);
			const held = pc.pendingLocalDescription;
			if (sent || early.length === 0 || pc.signalingState !== 'have-local-offer' || !held) return false;
			sent = true;
			// As text: it leaves right after the hello, before the other side's said it reads deflated frames.
			options.send({ t: 'sdp', description: { type: held.type, sdp: held.sdp } }, { text: true });
			performance.mark('qrcall:offer-sent');
			return true;
		},
		helloFrom(version) {
			if (version < earlyOfferFromVersion) offerNow();
		},
		offerArrived() {
			offered = true;
			waiting = false;
			clearTimeout(wait);
		},
		remoteApplied(type) {
			// Rolled back for a colliding offer (an older caller offers too): these transceivers got no m-line,
			// and the tracks go on those the offer made.
			if (type === 'offer') media.dropUnnegotiated(early.splice(0));
			else early = [];
		},
		pending: () => sent && early.length > 0 && pc.signalingState === 'have-local-offer',
		stop: () => clearTimeout(wait)
	};
}
