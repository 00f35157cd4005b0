// The ICE layer of a fault, sampled finely (issue 15, the joiner that moved): every samplePeriodMs, each
// connection's transport (ICE role and state, DTLS state, selected pair and how often it changed), every
// candidate pair (state, nominated, checks both ways, both candidates with their ufrag) and the control
// channel's buffered bytes. ./trace logs events and a per-second summary; this says which side may check
// which pair, and with which credentials. Written to QRCALL_TRACE_DIR when set, one file per side.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvaluatingPage } from '../app-driver';

/** How often the transport and the candidate pairs are sampled. */
export const samplePeriodMs = 500;

/** Page part: samples every `periodMs` into window.__qcIce, times in ms since `t0` (the test's clock). */
function sampleIce({ t0, periodMs }: { t0: number; periodMs: number }): void {
	const log: string[] = [];
	Object.assign(window, { __qcIce: log });
	const cand = (c: Record<string, unknown> | undefined) =>
		c
			? `${String(c.candidateType)}/${String(c.address)}:${String(c.port)}/${String(c.usernameFragment)}`
			: '?';
	const ufrag = (sdp: string | undefined) => /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1] ?? '-';
	const describe = async (pc: RTCPeerConnection) => {
		const stats = new Map<string, Record<string, unknown>>();
		(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
		const lines: string[] = [];
		const channels = (pc as RTCPeerConnection & { __qcChannels?: RTCDataChannel[] }).__qcChannels ?? [];
		lines.push(
			`pc=${pc.connectionState} sig=${pc.signalingState} ufrag local=${ufrag(pc.currentLocalDescription?.sdp)}` +
				`/${ufrag(pc.pendingLocalDescription?.sdp)} remote=${ufrag(pc.currentRemoteDescription?.sdp)}` +
				`/${ufrag(pc.pendingRemoteDescription?.sdp)} buffered ${channels.map((dc) => `${dc.label}:${dc.bufferedAmount}`).join(',')}`
		);
		for (const s of stats.values()) {
			if (s.type === 'transport')
				lines.push(
					`  transport role=${String(s.iceRole)} ice=${String(s.iceState)} dtls=${String(s.dtlsState)} ` +
						`sel=${String(s.selectedCandidatePairId)} changes=${String(s.selectedCandidatePairChanges)} ` +
						`localUfrag=${String(s.iceLocalUsernameFragment)}`
				);
		}
		for (const [id, p] of stats) {
			if (p.type !== 'candidate-pair') continue;
			lines.push(
				`  pair ${id} ${String(p.state)}${p.nominated ? ' NOM' : ''} req ${String(p.requestsSent)}/` +
					`resp ${String(p.responsesReceived)} in-req ${String(p.requestsReceived)}/` +
					`in-resp ${String(p.responsesSent)} bytes ${String(p.bytesSent)}/${String(p.bytesReceived)} ` +
					`${cand(stats.get(String(p.localCandidateId)))} > ${cand(stats.get(String(p.remoteCandidateId)))}`
			);
		}
		return lines;
	};
	const at = () => Date.now() - t0;
	setInterval(async () => {
		const started = at();
		const lines: string[] = [];
		for (const pc of window.__qrcallPeers ?? [])
			if (pc.connectionState !== 'closed') lines.push(...(await describe(pc)));
		log.push(`${started} ${lines.join('\n')}`);
	}, periodMs);
}

/** Starts sampling on `page`; times in ms since `since` (Date.now() of the test process: one time line). */
export async function traceIce(page: EvaluatingPage, since: number): Promise<void> {
	await page.evaluate(sampleIce, { t0: since, periodMs: samplePeriodMs });
}

export async function iceLog(page: EvaluatingPage): Promise<string[]> {
	return page.evaluate(() => (window as unknown as { __qcIce?: string[] }).__qcIce ?? [], null);
}

/** Writes one side's logs to QRCALL_TRACE_DIR (if set) as `<name>.log`; returns the path or undefined. */
export async function saveTrace(name: string, parts: Record<string, string[]>): Promise<string | undefined> {
	const dir = process.env.QRCALL_TRACE_DIR;
	if (!dir) return;
	await mkdir(dir, { recursive: true });
	const path = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.log`);
	const text = Object.entries(parts)
		.map(([title, lines]) => `## ${title}\n${lines.join('\n')}\n`)
		.join('\n');
	await writeFile(path, text);
	return path;
}
