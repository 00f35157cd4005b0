// Audio and video come with the codes (their media record, docs/signal-format.md §3.2). A caller whose camera
// and microphone start only after its code was made (a permission granted while the other device scans) put
// receive-only sections in that code; once they start, its transceivers need an offer, which can go only once
// the channel is open (rtc/negotiation.ts): the other side must still get the caller's picture and sound.
import { decode } from '../../src/lib/signal';
import { expect, test } from './fixtures';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	openApp,
	pasteCode,
	startCall
} from './call-helpers';

declare global {
	interface Window {
		__releaseCamera?: () => void;
	}
}

/** Init script: the real getUserMedia, answered only once the test releases it (a late permission). */
function holdCamera(): void {
	const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	window.__releaseCamera = release;
	navigator.mediaDevices.getUserMedia = async (constraints) => {
		await released;
		return real(constraints);
	};
}

test('a caller whose camera starts after its code was made still sends it, once the channel is open', async ({
	browser
}) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await caller.addInitScript(holdCamera);
	await openApp(caller);
	await openApp(joiner);

	const offer = await startCall(caller);
	const sections = decode(offer).sdp.match(/^a=(sendrecv|recvonly)$/gm);
	expect(sections).toEqual(['a=recvonly', 'a=recvonly']);
	await caller.evaluate(() => window.__releaseCamera?.());

	await pasteCode(caller, await answerCall(joiner, offer));
	await expectConnected(caller);
	await expectConnected(joiner);
	await expectMediaFlowing(joiner);
	await expectMediaFlowing(caller);
});
