// Shared setup for the in-call specs: two browser contexts connected through the real UI.
import { expect, type Browser, type Page } from '@playwright/test';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from './call-helpers';

export interface Call {
	caller: Page;
	joiner: Page;
}

export async function connectCall(
	browser: Browser,
	viewport?: { width: number; height: number }
): Promise<Call> {
	const caller = await (await browser.newContext({ viewport })).newPage();
	const joiner = await (await browser.newContext({ viewport })).newPage();
	await openApp(caller);
	await openApp(joiner);
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);
	return { caller, joiner };
}

export async function safetyCode(page: Page): Promise<string> {
	const code = page.getByTestId('safety-code');
	await expect(code).toHaveText(/^\d{3} \d{3}$/, { timeout: 15_000 });
	return (await code.textContent()) ?? '';
}

export async function closeCall(call: Call): Promise<void> {
	await call.caller.context().close();
	await call.joiner.context().close();
}

/**
 * What makes Chromium's compositor redraw more than a shown <video> at each of its frames (ui/SoloStage):
 * an ancestor that clips it with rounded corners (overflow other than visible under a border-radius: the
 * whole box becomes a render pass of its own), and an ancestor's outline, which paints above it (the speaking
 * ring, while coloured). Returns "video > ancestor: why" descriptions (empty when none).
 */
export function costlyVideoAncestors(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		for (const video of document.querySelectorAll('video')) {
			if (video.getClientRects().length === 0) continue;
			for (let e = video.parentElement; e; e = e.parentElement) {
				const style = getComputedStyle(e);
				const name = `${video.className} > ${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
				if (style.overflow !== 'visible' && parseFloat(style.borderTopLeftRadius) > 0)
					found.push(`${name}: rounded clip`);
				if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
					found.push(`${name}: outline`);
			}
		}
		return found;
	});
}
