// What the browsers themselves saw during a fault, in the spirit of chrome://webrtc-internals: every
// connection, ICE, DTLS, SCTP and data-channel state change with page time, the candidate pairs' consent
// checks and the video on the wire each second, and what the user was shown. Logged by the netns specs so
// a failing run says which layer gave up, and when.
import type { EvaluatingPage } from '../app-driver';

/**
 * Init script: every data channel a page creates is kept on its connection (`__qcChannels`), since the
 * app's negotiated channels are never announced by a 'datachannel' event.
 */
export function recordChannels(): void {
	const create = RTCPeerConnection.prototype.createDataChannel;
	RTCPeerConnection.prototype.createDataChannel = function (label, init) {
		const channel = create.call(this, label, init);
		const self = this as RTCPeerConnection & { __qcChannels?: RTCDataChannel[] };
		(self.__qcChannels ??= []).push(channel);
		// A channel the call opened while tracing (a file's): its opening is a message on the association too.
		// Not rtc/moved.ts's throwaway connection, which never gets a remote description.
		const trace = (window as unknown as { __qcTrace?: Trace }).__qcTrace;
		if (this.remoteDescription) trace?.log.push(`${trace.at()} create ${label}`);
		return channel;
	};
}

/** What the parts below share on the page: the log, page time and a listener that logs one line per event. */
interface Trace {
	log: string[];
	at: () => number;
	on: (target: EventTarget | null | undefined, event: string, what: () => string) => void;
}
type TraceWindow = { __qcStates: string[]; __qcTrace: Trace };
type TracedPeer = RTCPeerConnection & { __qcChannels?: RTCDataChannel[] };

/** Page part: the log (window.__qcStates) and its clock, and the app's own warnings in it. */
function startTrace(t0: number): void {
	const log: string[] = [];
	const at = () => Date.now() - t0;
	const on: Trace['on'] = (target, event, what) =>
		target?.addEventListener(event, () => log.push(`${at()} ${what()}`));
	Object.assign(window, { __qcStates: log, __qcTrace: { log, at, on } });
	// The app's own warnings (a failed restart, a candidate refused) belong beside the states.
	const warn = console.warn.bind(console);
	console.warn = (...args: unknown[]) => {
		log.push(
			`${at()} warn ${args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ')}`
		);
		warn(...args);
	};
}

/** Page part: each connection's state changes, its candidates, and those the app adds. */
function watchPeers(): void {
	const { log, at, on } = (window as unknown as TraceWindow).__qcTrace;
	for (const pc of window.__qrcallPeers ?? []) {
		on(pc, 'connectionstatechange', () => `pc=${pc.connectionState}`);
		on(pc, 'iceconnectionstatechange', () => `ice=${pc.iceConnectionState}`);
		on(pc, 'signalingstatechange', () => `signaling=${pc.signalingState}`);
		pc.addEventListener('icecandidate', ({ candidate }) =>
			log.push(`${at()} candidate=${candidate ? `${candidate.address}:${candidate.port}` : 'end'}`)
		);
		// Candidates the app adds (trickled, or renewed after a failure: rtc/renew-checks.ts), and whether each took.
		const add = pc.addIceCandidate.bind(pc) as (c?: RTCIceCandidateInit) => Promise<void>;
		pc.addIceCandidate = ((c?: RTCIceCandidateInit) => {
			const what = `addIceCandidate ${c?.candidate?.split(' ').slice(0, 1).join('') ?? 'end'}`;
			log.push(`${at()} ${what}`);
			return add(c).catch((error: unknown) => {
				log.push(`${at()} ${what} rejected: ${String(error)}`);
				throw error;
			});
		}) as RTCPeerConnection['addIceCandidate'];
		const sctp = pc.sctp;
		on(sctp, 'statechange', () => `sctp=${sctp?.state}`);
		on(sctp?.transport, 'statechange', () => `dtls=${sctp?.transport.state}`);
		on(sctp?.transport, 'error', () => 'dtls error');
		const ice = sctp?.transport.iceTransport;
		on(ice, 'statechange', () => `iceTransport=${ice?.state}`);
		on(ice, 'gatheringstatechange', () => `gathering=${ice?.gatheringState}`);
	}
}

/**
 * Page part: what each data channel carries, by message kind: a restart offer's send and its arrival on the
 * other side read on one time line (pings and pongs too: they show when the channel works again).
 */
function watchChannels(): void {
	const { log, at, on } = (window as unknown as TraceWindow).__qcTrace;
	const kind = (data: unknown) => (typeof data === 'string' ? /"t":"([\w-]+)"/.exec(data)?.[1] : 'binary');
	for (const pc of window.__qrcallPeers ?? []) {
		for (const dc of (pc as TracedPeer).__qcChannels ?? []) {
			for (const event of ['open', 'closing', 'close', 'error'])
				on(dc, event, () => `channel ${dc.label}=${event} (${dc.readyState})`);
			dc.addEventListener('message', ({ data }) => log.push(`${at()} recv ${dc.label} ${kind(data)}`));
			const send = dc.send.bind(dc) as (data: unknown) => void;
			dc.send = ((data: unknown) => {
				log.push(`${at()} send ${dc.label} ${kind(data)} buffered=${dc.bufferedAmount}`);
				send(data);
			}) as RTCDataChannel['send'];
		}
	}
}

/** Page part: each second, when it changed, the video on the wire, buffered bytes and the candidate pairs. */
function sampleStats(): void {
	const { log, at } = (window as unknown as TraceWindow).__qcTrace;
	const describe = async (pc: RTCPeerConnection, parts: string[]) => {
		const stats = new Map<string, Record<string, unknown>>();
		(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
		for (const s of stats.values()) {
			// Video on the wire: sent frames / target kbit/s / limit / key frames encoded ↔ received / decoded /
			// PLIs sent / key frames decoded (when a key frame arrives after an outage).
			if (s.type === 'outbound-rtp' && s.kind === 'video')
				parts.push(
					`out ${String(s.framesSent)}/${Math.round(Number(s.targetBitrate) / 1000)}/${String(s.qualityLimitationReason)}/kf ${String(s.keyFramesEncoded)}`
				);
			if (s.type === 'inbound-rtp' && s.kind === 'video')
				parts.push(
					`in ${String(s.framesReceived)}/${String(s.framesDecoded)}/pli ${String(s.pliCount)}/kf ${String(s.keyFramesDecoded)}`
				);
			if (s.type === 'transport')
				parts.push(`transport ice=${String(s.iceState)} dtls=${String(s.dtlsState)}`);
		}
		const channels = (pc as TracedPeer).__qcChannels ?? [];
		parts.push(`buffered ${channels.map((dc) => `${dc.label}:${dc.bufferedAmount}`).join(',')}`);
		// Candidate pairs by state, the nominated one's consent checks (requests sent / responses received).
		const pairs = [...stats.values()].filter((s) => s.type === 'candidate-pair');
		const byState = new Map<string, number>();
		for (const p of pairs) byState.set(String(p.state), (byState.get(String(p.state)) ?? 0) + 1);
		parts.push(`pairs ${[...byState].map(([k, v]) => `${k}:${v}`).join(',')}`);
		for (const p of pairs.filter((x) => x.nominated)) {
			const local = stats.get(String(p.localCandidateId));
			const remote = stats.get(String(p.remoteCandidateId));
			parts.push(
				`nominated ${String(local?.address)}:${String(local?.port)}>${String(remote?.address)}:${String(remote?.port)} ${String(p.state)} req ${String(p.requestsSent)} resp ${String(p.responsesReceived)}`
			);
		}
	};
	let last = '';
	setInterval(async () => {
		const parts: string[] = [];
		for (const pc of window.__qrcallPeers ?? [])
			if (pc.connectionState !== 'closed') await describe(pc, parts);
		const now = parts.join(' | ');
		if (now !== last) log.push(`${at()} ${(last = now)}`);
	}, 1_000);
}

/** Page part: online/offline, and what the user sees beside the states behind it (status regions). */
function watchShown(): void {
	const { log, at, on } = (window as unknown as TraceWindow).__qcTrace;
	for (const event of ['online', 'offline']) on(window, event, () => event);
	// A status the test did not expect is explained here.
	let shown = '';
	setInterval(() => {
		const now = [...document.querySelectorAll('[role=status]')].map((s) => s.textContent?.trim()).join(' | ');
		if (now !== shown) log.push(`${at()} shown=${(shown = now)}`);
	}, 100);
}

/**
 * Starts recording (window.__qcStates), times in ms since `since` (Date.now() of the test process: the lab's
 * namespaces share one clock, so both sides' logs read on one time line, the fault's).
 */
export async function traceStates(page: EvaluatingPage, since = Date.now()): Promise<void> {
	await page.evaluate(startTrace, since);
	for (const part of [watchPeers, watchChannels, sampleStats, watchShown]) await page.evaluate(part, null);
}

export async function stateLog(page: EvaluatingPage): Promise<string[]> {
	return page.evaluate(() => (window as unknown as { __qcStates?: string[] }).__qcStates ?? [], null);
}
