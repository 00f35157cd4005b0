// Reads what really happens on the wire from the app's own RTCPeerConnections (window.__qrcallPeers, recorded
// by observePeers): decoded frames, audio packets, resolution, bitrate and the selected candidate pair.
import { expect, type Page } from '@playwright/test';
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

/** Waits until video frames are decoded and audio packets arrive again; how long each took (ms). */
export async function waitForFlow(
	page: EvaluatingPage,
	timeoutMs: number
): Promise<{ video: number; audio: number }> {
	const started = Date.now();
	const before = await snapshot(page);
	const took = { video: -1, audio: -1 };
	await expect
		.poll(
			async () => {
				const now = await snapshot(page);
				if (took.video < 0 && now.framesDecoded > before.framesDecoded + 2) took.video = Date.now() - started;
				if (took.audio < 0 && now.audioPackets > before.audioPackets + 5) took.audio = Date.now() - started;
				return took.video >= 0 && took.audio >= 0;
			},
			{ timeout: timeoutMs, intervals: [100] }
		)
		.toBe(true);
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

/** Starts recording every connection/ICE state change of the app's peers, with page time. */
export async function traceStates(page: EvaluatingPage): Promise<void> {
	await page.evaluate(() => {
		const log: string[] = [];
		(window as unknown as { __qcStates: string[] }).__qcStates = log;
		const t0 = performance.now();
		for (const pc of window.__qrcallPeers ?? []) {
			const record = (what: string) => () =>
				log.push(
					`${Math.round(performance.now() - t0)} ${what}=${what === 'ice' ? pc.iceConnectionState : pc.connectionState}`
				);
			pc.addEventListener('connectionstatechange', record('pc'));
			pc.addEventListener('iceconnectionstatechange', record('ice'));
			pc.addEventListener('signalingstatechange', () =>
				log.push(`${Math.round(performance.now() - t0)} signaling=${pc.signalingState}`)
			);
			pc.addEventListener('icecandidate', ({ candidate }) =>
				log.push(`${Math.round(performance.now() - t0)} candidate=${candidate?.address ?? 'end'}`)
			);
		}
		// Video on the wire each second: sent frames / target (kbit/s) / limit ↔ received, decoded, PLIs sent.
		let last = '';
		setInterval(async () => {
			const parts: string[] = [];
			for (const pc of window.__qrcallPeers ?? []) {
				if (pc.connectionState === 'closed') continue;
				(await pc.getStats()).forEach((s: Record<string, unknown>) => {
					if (s.kind !== 'video') return;
					if (s.type === 'outbound-rtp')
						parts.push(
							`out ${String(s.framesSent)}/${Math.round(Number(s.targetBitrate) / 1000)}/${String(s.qualityLimitationReason)}`
						);
					if (s.type === 'inbound-rtp')
						parts.push(`in ${String(s.framesReceived)}/${String(s.framesDecoded)}/pli ${String(s.pliCount)}`);
				});
			}
			const now = parts.join(' ');
			if (now !== last) log.push(`${Math.round(performance.now() - t0)} video ${(last = now)}`);
		}, 1_000);
		for (const event of ['online', 'offline'])
			addEventListener(event, () => log.push(`${Math.round(performance.now() - t0)} ${event}`));
		// What the user sees, beside the states behind it: a status the test did not expect is explained here.
		let shown = '';
		setInterval(() => {
			const now = [...document.querySelectorAll('[role=status]')]
				.map((s) => s.textContent?.trim())
				.join(' | ');
			if (now !== shown) log.push(`${Math.round(performance.now() - t0)} shown=${(shown = now)}`);
		}, 100);
	}, null);
}

export async function stateLog(page: EvaluatingPage): Promise<string[]> {
	return page.evaluate(() => (window as unknown as { __qcStates?: string[] }).__qcStates ?? [], null);
}

/** The ICE username fragment of the call's current local description: an ICE restart changes it. */
export function localUfrag(page: EvaluatingPage): Promise<string | null> {
	return page.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		return /^a=ice-ufrag:(.+)$/m.exec(pc?.localDescription?.sdp ?? '')?.[1]?.trim() ?? null;
	}, null);
}
