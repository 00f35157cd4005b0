// npm run bench:call — handshake timings of the built app on loopback, median and range of RUNS (≥ 3, default 7)
// runs, against a one-stage exchange of the full audio/video SDP between the same two browsers in the same runs.
// Reads the app's performance marks (qrcall:start, :code, :answer-applied, :channel-open, :first-frame) on the
// caller's page. Like for like: the reference's <video> gets the stream at ontrack and its first frame is the
// first requestVideoFrameCallback; qrcall's remote <video> gets it at ontrack too (ui/remote-video.ts) and its
// first frame is the first frame on the call screen (ui/SoloStage.svelte: that callback, or the screen's first
// paint when the <video> held a frame before the screen rendered). Most rows are the app installed and warm
// (service worker active, call engine and screens loaded at idle); the COLD rows open the installed app afresh
// and use it at once (see twoStageCold).
import { chromium, type Browser, type Page } from '@playwright/test';
import { createSocket } from 'node:dgram';
import { loadavg } from 'node:os';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { benchPort, startPreview } from './preview-server';
import { answerCall, openApp, pasteCode, startCall } from '../tests/e2e/call-helpers';
import { median } from './bench-stats';
import { twoStageCold, type ColdSample } from './bench-call-cold';
import { installed, mark, settleMs, type Devices } from './bench-call-page';

const runs = Number(process.env.RUNS ?? 7);
if (!Number.isInteger(runs) || runs < 3) {
	console.error(`bench:call needs RUNS ≥ 3 for a median and a range (got ${process.env.RUNS})`);
	process.exit(2);
}
const port = benchPort(4175, 500);
const base = `http://127.0.0.1:${port}`;

interface Sample {
	codeShown: number;
	codeShownSilentStun: number;
	channelOpen: number;
	firstFrame: number;
	/** The joiner's first remote frame, on the same clock (both browsers run on this machine). */
	joinerFirstFrame: number;
	/** The caller's audio/video answer applied: the code's own answer, which carries them (0 ms). */
	mediaAnswer: number;
	engineLoaded: number;
	remoteTrack: number;
	/** The remote camera's stream reached a <video> (ui/remote-video.ts), before the call screen renders. */
	remoteVideo: number;
	inCall: number;
	oneStageFirstFrame: number;
}

/**
 * A LAN with no internet still reports navigator.onLine, so the default STUN server is configured but never
 * answers: this UDP socket receives the binding requests and stays silent.
 */
async function silentStun(): Promise<{ url: string; close: () => void }> {
	const socket = createSocket('udp4');
	await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
	return { url: `stun:127.0.0.1:${socket.address().port}`, close: () => socket.close() };
}

async function codeWithSilentStun(browser: Browser, stunUrl: string): Promise<number> {
	const page = await (await browser.newContext({ baseURL: base })).newPage();
	await page.addInitScript(
		(url) => localStorage.setItem('qrcall.iceServers', JSON.stringify([{ urls: url }])),
		stunUrl
	);
	await page.goto('/');
	await installed(page);
	await startCall(page);
	const [start, code] = await Promise.all(['start', 'code'].map((n) => mark(page, n)));
	await page.context().close();
	return (code ?? 0) - (start ?? 0);
}

/** A page's mark on the wall clock, to compare two browsers' marks. */
const epoch = (page: Page, at: number) => page.evaluate((t) => performance.timeOrigin + t, at);

async function twoStage([callerDevice, joinerDevice]: Devices): Promise<
	Omit<Sample, 'oneStageFirstFrame' | 'codeShownSilentStun'>
> {
	const caller = await (await callerDevice.newContext({ baseURL: base })).newPage();
	const joiner = await (await joinerDevice.newContext({ baseURL: base })).newPage();
	await openApp(caller);
	await openApp(joiner);
	await Promise.all([installed(caller), installed(joiner)]);
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);
	// Hands off while the call sets up: a waitForFunction here would inject Playwright's script (~70 ms of
	// main thread) and poll every animation frame in the very page being measured.
	await caller.waitForTimeout(settleMs);
	const [start, code, applied, open, frame] = await Promise.all(
		['start', 'code', 'answer-applied', 'channel-open', 'first-frame'].map((n) => mark(caller, n))
	);
	// Where the time to the first frame goes, on the caller: media answer applied, remote video track, call UI.
	const [mediaAnswer, track, remoteVideo, inCall, engine] = await Promise.all(
		['media-answer', 'track-video', 'remote-video', 'in-call', 'engine'].map((n) => mark(caller, n))
	);
	const appliedAt = await epoch(caller, applied ?? 0);
	const joinerMark = async (name: string) => (await epoch(joiner, await mark(joiner, name))) - appliedAt;
	const sample = {
		codeShown: (code ?? 0) - (start ?? 0),
		engineLoaded: (engine ?? 0) - (start ?? 0),
		channelOpen: (open ?? 0) - (applied ?? 0),
		firstFrame: (frame ?? 0) - (applied ?? 0),
		joinerFirstFrame: await joinerMark('first-frame'),
		mediaAnswer: (mediaAnswer ?? 0) - (applied ?? 0),
		remoteTrack: (track ?? 0) - (applied ?? 0),
		remoteVideo: (remoteVideo ?? 0) - (applied ?? 0),
		inCall: (inCall ?? 0) - (applied ?? 0)
	};
	await caller.context().close();
	await joiner.context().close();
	return sample;
}

/** The classic one-stage handshake: full audio/video offer and answer, gathered, exchanged at once. */
async function oneStage([deviceA, deviceB]: Devices): Promise<number> {
	const a = await (await deviceA.newContext({ baseURL: base })).newPage();
	const b = await (await deviceB.newContext({ baseURL: base })).newPage();
	// tsx (esbuild keepNames) wraps named functions in __name(), which the page does not have.
	for (const page of [a, b]) {
		await page.addInitScript('window.__name = (f) => f');
		await page.goto('/');
	}
	const setup = () => {
		const w = window as unknown as { pc: RTCPeerConnection; gathered: () => Promise<string> };
		w.pc = new RTCPeerConnection();
		w.gathered = () =>
			new Promise((resolve) => {
				const done = () => resolve(JSON.stringify(w.pc.localDescription));
				if (w.pc.iceGatheringState === 'complete') done();
				else
					w.pc.addEventListener(
						'icegatheringstatechange',
						() => w.pc.iceGatheringState === 'complete' && done()
					);
			});
	};
	await a.evaluate(setup);
	await b.evaluate(setup);
	const offer = await a.evaluate(async () => {
		const w = window as unknown as { pc: RTCPeerConnection; gathered: () => Promise<string> };
		const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
		stream.getTracks().forEach((t) => w.pc.addTrack(t, stream));
		await w.pc.setLocalDescription();
		return w.gathered();
	});
	const answer = await b.evaluate(async (sdp) => {
		const w = window as unknown as { pc: RTCPeerConnection; gathered: () => Promise<string> };
		await w.pc.setRemoteDescription(JSON.parse(sdp) as RTCSessionDescriptionInit);
		const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
		stream.getTracks().forEach((t) => w.pc.addTrack(t, stream));
		await w.pc.setLocalDescription();
		return w.gathered();
	}, offer);
	const ms = await a.evaluate(async (sdp) => {
		const w = window as unknown as { pc: RTCPeerConnection };
		const video = document.createElement('video');
		video.muted = true;
		document.body.append(video);
		w.pc.ontrack = ({ track, streams }) => {
			if (track.kind === 'video') {
				video.srcObject = streams[0] ?? new MediaStream([track]);
				void video.play();
			}
		};
		const t0 = performance.now();
		await w.pc.setRemoteDescription(JSON.parse(sdp) as RTCSessionDescriptionInit);
		return new Promise<number>((resolve) =>
			video.requestVideoFrameCallback(() => resolve(performance.now() - t0))
		);
	}, answer);
	await a.context().close();
	await b.context().close();
	return ms;
}

const stats = (values: number[]) => ({
	'median ms': Math.round(median(values)),
	'min ms': Math.round(Math.min(...values)),
	'max ms': Math.round(Math.max(...values))
});

function report(samples: Sample[], cold: ColdSample[], loadAtStart: string): void {
	const row = (label: string, key: keyof Sample, target: string) => ({
		measure: label,
		...stats(samples.map((s) => s[key])),
		target
	});
	const coldRow = (label: string, key: 'codeShown' | 'channelOpen' | 'firstFrame') => ({
		measure: label,
		...stats(cold.map((s) => s[key])),
		target: ''
	});
	// The two-stage cost as a ratio to the one-stage reference measured in the same run (issue 18: ≤ 1.25).
	const ratios = samples.map((s) => s.firstFrame / s.oneStageFirstFrame);
	ratios.forEach((ratio, i) =>
		console.log(
			`run ${i + 1}: answer applied → first frame ${Math.round(samples[i]?.firstFrame ?? 0)} ms, ` +
				`one-stage ${Math.round(samples[i]?.oneStageFirstFrame ?? 0)} ms, ratio ${ratio.toFixed(2)}`
		)
	);
	const early = (key: 'engineEarly' | 'callScreenEarly') => cold.filter((s) => s[key]).length;
	console.log(
		`load average (1, 5, 15 min) ${loadAtStart} at the start, ${loadNow()} at the end\n` +
			`bench:call — Chromium, loopback, ${runs} runs. Rows without COLD: the app installed (service worker ` +
			`active) and warm (call engine and screens loaded at idle before Start). COLD rows: installed, opened ` +
			`in a new page and used at once; the engine was loaded before Start in ${early('engineEarly')}/${cold.length} ` +
			`runs, the call screen before the answer in ${early('callScreenEarly')}/${cold.length}.`
	);
	console.table([
		row('start → code on screen (no ICE servers)', 'codeShown', '≤ 300'),
		row('  … start → call engine loaded', 'engineLoaded', ''),
		row('start → code, STUN configured but silent', 'codeShownSilentStun', '≤ 300'),
		row('answer applied → data channel open', 'channelOpen', '≤ 50'),
		row('  … → in-call screen chosen', 'inCall', ''),
		row('  … → remote video track (ontrack)', 'remoteTrack', ''),
		row('  … → remote <video> given its stream', 'remoteVideo', ''),
		row('  … → media answer applied', 'mediaAnswer', '≤ 80'),
		row('answer applied → first remote frame', 'firstFrame', ''),
		row('  … joiner: its first remote frame', 'joinerFirstFrame', ''),
		row('one-stage full SDP: answer → first frame', 'oneStageFirstFrame', 'reference'),
		{
			measure: 'ratio first frame / one-stage (per run)',
			'median ms': Number(median(ratios).toFixed(2)),
			'min ms': Number(Math.min(...ratios).toFixed(2)),
			'max ms': Number(Math.max(...ratios).toFixed(2)),
			target: '≤ 1.25 (a ratio, not ms)'
		},
		coldRow('COLD start → code on screen', 'codeShown'),
		coldRow('COLD answer applied → data channel open', 'channelOpen'),
		coldRow('COLD answer applied → first remote frame', 'firstFrame')
	]);
}

const loadNow = () =>
	loadavg()
		.map((l) => l.toFixed(1))
		.join(' ');

async function main() {
	const loadAtStart = loadNow();
	const server = await startPreview(port);
	const launch = () => chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
	const devices: Devices = [await launch(), await launch()];
	const [browser] = devices;
	const samples: Sample[] = [];
	const cold: ColdSample[] = [];
	const stun = await silentStun();
	try {
		for (let i = 0; i < runs; i++) {
			const two = await twoStage(devices);
			const codeShownSilentStun = await codeWithSilentStun(browser, stun.url);
			samples.push({ ...two, codeShownSilentStun, oneStageFirstFrame: await oneStage(devices) });
			cold.push(await twoStageCold(devices, base));
			process.stderr.write(`run ${i + 1}/${runs} done\n`);
		}
	} finally {
		for (const device of devices) await device.close();
		server.close();
		stun.close();
	}
	report(samples, cold, loadAtStart);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
