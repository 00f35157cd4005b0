// Drives the app through the DOM with nothing but page.evaluate, so one test can run the same steps in
// Playwright's Chromium and in Firefox under puppeteer-core (whose Page has a compatible evaluate()).
export interface EvaluatingPage {
	evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

const pollMs = 100;

export class AppDriver {
	readonly #page: EvaluatingPage;

	constructor(page: EvaluatingPage) {
		this.#page = page;
	}

	async click(name: string): Promise<void> {
		await this.waitFor(
			`button "${name}"`,
			(n) => {
				const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n);
				if (!button || button.disabled) return false;
				button.click();
				return true;
			},
			name
		);
	}

	async fill(label: string, text: string): Promise<void> {
		await this.waitFor(
			`field "${label}"`,
			([l, t]) => {
				const target = [...document.querySelectorAll('label')].find(
					(x) => x.textContent?.trim() === l
				)?.control;
				if (!(target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)) return false;
				target.value = t;
				target.dispatchEvent(new Event('input', { bubbles: true }));
				return true;
			},
			[label, text] as const
		);
	}

	async myCode(): Promise<string> {
		return this.waitFor(
			'my code',
			() => {
				const box = document.querySelector<HTMLTextAreaElement>('#my-code');
				return box?.value.includes('#') ? box.value : false;
			},
			null
		);
	}

	async pasteCode(code: string): Promise<void> {
		await this.fill('Paste a code', code);
		await this.click('Use code');
	}

	async startCall(): Promise<string> {
		await this.click('Start a call');
		return this.myCode();
	}

	async answerCall(offer: string): Promise<string> {
		await this.click('Join a call');
		await this.pasteCode(offer);
		await this.click('Answer');
		return this.myCode();
	}

	async waitForState(text: string, timeoutMs = 60_000): Promise<void> {
		await this.waitFor(
			`state "${text}"`,
			(t) => [...document.querySelectorAll('[role=status]')].some((s) => s.textContent?.trim() === t),
			text,
			timeoutMs
		);
	}

	/** The remote video has decoded frames and keeps playing. */
	async waitForRemoteVideo(timeoutMs = 60_000): Promise<void> {
		const first = await this.waitFor(
			'remote video',
			() => {
				const v = document.querySelector<HTMLVideoElement>('video.remote-video');
				return v && v.videoWidth > 0 ? v.currentTime : false;
			},
			null,
			timeoutMs
		);
		await this.waitFor(
			'remote video advancing',
			(t0) => {
				const v = document.querySelector<HTMLVideoElement>('video.remote-video');
				return !!v && v.currentTime > t0;
			},
			first,
			timeoutMs
		);
	}

	/**
	 * The other side is shown speaking (its fake microphone beeps or hums): the level its browser sent in the
	 * RTP audio-level extension reached this side's indicator (rtc/received-level).
	 */
	async waitForSpeaking(timeoutMs = 20_000): Promise<void> {
		await this.waitFor('speaking', () => !!document.querySelector('[data-testid=speaking]'), null, timeoutMs);
	}

	/** Audio RTP packets arrive (needs the observePeers init script, which keeps each RTCPeerConnection). */
	async waitForRemoteAudio(minPackets = 10, timeoutMs = 20_000): Promise<void> {
		await this.waitFor(
			`${minPackets} audio packets received`,
			async (min) => {
				const peers = (window as { __qrcallPeers?: RTCPeerConnection[] }).__qrcallPeers ?? [];
				let packets = 0;
				for (const pc of peers) {
					if (pc.connectionState === 'closed') continue;
					(await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
						if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
					});
				}
				return packets >= min;
			},
			minPackets,
			timeoutMs
		);
	}

	async waitFor<A, R>(
		what: string,
		probe: (arg: A) => R | false | null | undefined | Promise<R | false | null | undefined>,
		arg: A,
		timeoutMs = 20_000
	): Promise<R> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const result = await this.#page.evaluate(probe, arg);
			if (result !== false && result !== null && result !== undefined) return result as R;
			if (Date.now() > deadline) {
				// What the page showed instead: a Firefox page under puppeteer leaves no trace or snapshot.
				const shown = await this.#page.evaluate(() => document.body.innerText.replace(/\s+/g, ' '), null);
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the page shows: ${shown}`);
			}
			await new Promise((r) => setTimeout(r, pollMs));
		}
	}
}
