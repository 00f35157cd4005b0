// A stand-in for the few RTCPeerConnection members the ICE-restart policy (rtc/restart.ts) uses, shared by
// its unit tests (./rtc-restart.test.ts, ./rtc-restart-relayed.test.ts).
import { createRestartPolicy } from '../../src/lib/rtc/restart';

export const offerSdp = (ufrag: string, candidates = 0) =>
	[
		`a=ice-ufrag:${ufrag}`,
		...Array.from({ length: candidates }, () => 'a=candidate:1 1 udp 1 10.0.0.1 9 typ host')
	]
		.join('\r\n')
		.concat('\r\n');

/** Just what the policy reads and calls; restartIce only counts, like the browser's flag it sets. */
export class StandInConnection extends EventTarget {
	connectionState: RTCPeerConnectionState = 'connected';
	signalingState: RTCSignalingState = 'stable';
	localDescription: { type: RTCSdpType; sdp: string } | null = { type: 'offer', sdp: offerSdp('old', 1) };
	currentLocalDescription = this.localDescription;
	restarts = 0;
	/** Offers set with setLocalDescription() (a fresh restart offer each, as the restart flag asks). */
	offers = 0;
	restartIce() {
		this.restarts += 1;
	}
	rollbacks = 0;
	setLocalDescription(description?: { type: RTCSdpType }) {
		if (description?.type === 'rollback') {
			this.rollbacks += 1;
			this.signalingState = 'stable';
			this.localDescription = this.currentLocalDescription;
			return Promise.resolve();
		}
		this.offers += 1;
		this.signalingState = 'have-local-offer';
		this.localDescription = { type: 'offer', sdp: offerSdp(`fresh${this.offers}`) };
		return Promise.resolve();
	}
	/** The browser found a local candidate for the offer being held (and added it to the description). */
	gatherOne() {
		if (this.localDescription) this.localDescription.sdp += 'a=candidate:1 1 udp 1 10.0.0.2 9 typ host\r\n';
		this.dispatchEvent(
			Object.assign(new Event('icecandidate'), {
				candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 9 typ host' }
			})
		);
	}
}

export function setup(
	restarts = true,
	sideRoute?: (offer: { type: 'offer' | 'answer'; sdp: string }) => boolean
) {
	const pc = new StandInConnection();
	let connected = false;
	const policy = createRestartPolicy(pc as unknown as RTCPeerConnection, {
		restarts: () => restarts,
		everConnected: () => connected,
		sideRoute
	});
	/** The link was up once and has now failed: the policy restarts. */
	const failAfterConnecting = () => {
		connected = true;
		pc.connectionState = 'failed';
		policy.onFailed();
	};
	return { pc, policy, failAfterConnecting, connect: () => (connected = true) };
}

/** A restart offer after a failure is set; keepOffer starts holding it. */
export const holdRestartOffer = (pc: StandInConnection, policy: ReturnType<typeof setup>['policy']) => {
	pc.signalingState = 'have-local-offer';
	pc.localDescription = { type: 'offer', sdp: offerSdp('new') };
	let settled: boolean | undefined;
	void policy.keepOffer('old').then((kept) => (settled = kept));
	return () => settled;
};
