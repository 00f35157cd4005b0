// Reads what really happens on the wire from the app's own RTCPeerConnections (window.__qrcallPeers, recorded
// by observePeers): decoded frames, audio packets, resolution, bitrate and the selected candidate pair.
import { type Page } from '@playwright/test';
import type { EvaluatingPage } from '../app-driver';
import { answerCall, expectCallUp, pasteCode, startCall } from '../call-helpers';

export interface MediaSnapshot {
	/** Monotonic page time (ms). */
	at: number;
	framesDecoded: number;
	audioPackets: number;
	/** Received video. */
	width: number;
	height: number;
	/** Sent video. */
	sentWidth: number;
	sentHeight: number;
	targetBitrate: number;
	bytesSent: number;
	qualityLimitation: string;
	/** Received RTP packets the receiver counted as lost (audio and video). */
	packetsLost: number;
	/** NACKs this side sent for missing video packets. */
	nacksSent: number;
}

export interface SelectedPair {
	local: string;
	remote: string;
	localAddress: string;
	remoteAddress: string;
}

/**
 * Stage one through the UI: start, answer, paste the answer back; then both sides connected with media.
 * Returns the two codes as they were shown and pasted.
 */
export async function callThroughUi(caller: Page, joiner: Page): Promise<{ offer: string; answer: string }> {
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);
	await expectCallUp(caller, joiner);
	return { offer, answer };
}

export async function snapshot(page: EvaluatingPage): Promise<MediaSnapshot> {
	return page.evaluate(async () => {
		const snap = {
			at: performance.now(),
			framesDecoded: 0,
			audioPackets: 0,
			width: 0,
			height: 0,
			sentWidth: 0,
			sentHeight: 0,
			targetBitrate: 0,
			bytesSent: 0,
			qualityLimitation: '',
			packetsLost: 0,
			nacksSent: 0
		};
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: Record<string, unknown>) => {
				const num = (key: string) => (typeof s[key] === 'number' ? (s[key] as number) : 0);
				if (s.type === 'inbound-rtp') snap.packetsLost += num('packetsLost');
				if (s.type === 'inbound-rtp' && s.kind === 'video') {
					snap.nacksSent += num('nackCount');
					snap.framesDecoded += num('framesDecoded');
					snap.width = num('frameWidth');
					snap.height = num('frameHeight');
				}
				if (s.type === 'inbound-rtp' && s.kind === 'audio') snap.audioPackets += num('packetsReceived');
				if (s.type === 'outbound-rtp' && s.kind === 'video') {
					snap.sentWidth = num('frameWidth');
					snap.sentHeight = num('frameHeight');
					snap.targetBitrate = num('targetBitrate');
					snap.bytesSent += num('bytesSent');
					snap.qualityLimitation = String(s.qualityLimitationReason ?? '');
				}
			});
		}
		return snap;
	}, null);
}

/** Samples `snapshot` every `everyMs` for `durationMs`, inside the page (no round-trip jitter). */
export async function sample(page: Page, durationMs: number, everyMs = 250): Promise<MediaSnapshot[]> {
	const samples: MediaSnapshot[] = [];
	const end = Date.now() + durationMs;
	while (Date.now() < end) {
		samples.push(await snapshot(page));
		await page.waitForTimeout(everyMs);
	}
	samples.push(await snapshot(page));
	return samples;
}

/** The longest stretch (ms) during which no new video frame was decoded. */
export function longestFreezeMs(samples: MediaSnapshot[]): number {
	let longest = 0;
	let lastChange = samples[0]?.at ?? 0;
	for (let i = 1; i < samples.length; i++) {
		const previous = samples[i - 1];
		const current = samples[i];
		if (!previous || !current) continue;
		if (current.framesDecoded > previous.framesDecoded) lastChange = current.at;
		longest = Math.max(longest, current.at - lastChange);
	}
	return Math.round(longest);
}

/** The candidate pair the connection uses, with both candidate types and addresses. */
export async function selectedPair(page: EvaluatingPage): Promise<SelectedPair | null> {
	return page.evaluate(async () => {
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState !== 'connected') continue;
			const stats = new Map<string, Record<string, unknown>>();
			(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
			for (const s of stats.values()) {
				if (s.type !== 'transport' || typeof s.selectedCandidatePairId !== 'string') continue;
				const pair = stats.get(s.selectedCandidatePairId);
				const local = stats.get(String(pair?.localCandidateId));
				const remote = stats.get(String(pair?.remoteCandidateId));
				if (!local || !remote) continue;
				return {
					local: String(local.candidateType),
					remote: String(remote.candidateType),
					localAddress: `${String(local.address)}:${String(local.port)}`,
					remoteAddress: `${String(remote.address)}:${String(remote.port)}`
				};
			}
		}
		return null;
	}, null);
}

/**
 * Polls until video frames are decoded and audio packets arrive again, for at most `timeoutMs`; how long each
 * took (ms, -1: not within it). Counted as the sum of each sample's increase: a renegotiation can replace the
 * receiver's RTP stream, whose counters then start again from 0 (seen after ICE restarts), and that is media
 * flowing, not a stall.
 */
export async function flowAfter(
	page: EvaluatingPage,
	timeoutMs: number
): Promise<{ video: number; audio: number }> {
	const started = Date.now();
	let last = await snapshot(page);
	const grown = { video: 0, audio: 0 };
	const took = { video: -1, audio: -1 };
	const increase = (now: number, before: number) => (now >= before ? now - before : now);
	while (Date.now() - started < timeoutMs && (took.video < 0 || took.audio < 0)) {
		await new Promise((r) => setTimeout(r, 100));
		const now = await snapshot(page);
		grown.video += increase(now.framesDecoded, last.framesDecoded);
		grown.audio += increase(now.audioPackets, last.audioPackets);
		last = now;
		if (took.video < 0 && grown.video > 2) took.video = Date.now() - started;
		if (took.audio < 0 && grown.audio > 5) took.audio = Date.now() - started;
	}
	return took;
}

export function note(
	info: { annotations: { type: string; description?: string }[] },
	type: string,
	value: unknown
) {
	info.annotations.push({ type, description: typeof value === 'string' ? value : JSON.stringify(value) });
	console.log(`[netns] ${type}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** The ICE username fragment of the call's current local description: an ICE restart changes it. */
export function localUfrag(page: EvaluatingPage): Promise<string | null> {
	return page.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		return /^a=ice-ufrag:(.+)$/m.exec(pc?.localDescription?.sdp ?? '')?.[1]?.trim() ?? null;
	}, null);
}
