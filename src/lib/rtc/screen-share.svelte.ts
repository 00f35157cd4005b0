// Our screen, shared with everyone in the call: one track, sent over each member's connection (each peer
// renegotiates over its own channel). The browser's own "Stop sharing" bar ends the track, which stops it
// here too. Runes class: the stream is what the UI shows as "sharing".
import { captureScreen, ScreenError } from '$lib/media/screen-capture';
import type { Member } from './member.svelte';

export interface ScreenShareOptions {
	/** The members to send to (open or opening pairs). */
	members: () => Member[];
	/** A share that could not start, in words (a cancelled picker says nothing). */
	onError: (text: string) => void;
}

export class ScreenShare {
	/** Our screen as sent to the others (null: not sharing). */
	stream = $state.raw<MediaStream | null>(null);
	readonly #options: ScreenShareOptions;

	constructor(options: ScreenShareOptions) {
		this.#options = options;
	}

	/** Asks for a screen and sends it to everyone; `wanted` says whether the call is still the same after. */
	async start(wanted: () => boolean): Promise<void> {
		if (this.#options.members().length === 0 || this.stream) return;
		let track: MediaStreamTrack;
		try {
			track = await captureScreen();
		} catch (error) {
			if (!(error instanceof ScreenError && error.code === 'ERR_SCREEN_CANCELLED'))
				this.#options.onError(
					(error instanceof ScreenError ? error : new ScreenError('ERR_SCREEN_FAILED')).message
				);
			return;
		}
		if (!wanted()) return void track.stop();
		track.addEventListener('ended', () => void this.stop(track), { once: true });
		this.stream = new MediaStream([track]);
		await Promise.all(this.#options.members().map((member) => member.peer.shareScreen(track)));
	}

	/** Stops sharing (only `only`, when given: an older track's end stops nothing newer). */
	async stop(only?: MediaStreamTrack): Promise<void> {
		const track = this.stream?.getVideoTracks()[0];
		if (!track || (only && only !== track)) return;
		this.stream = null;
		track.stop();
		await Promise.all(this.#options.members().map((member) => member.peer.shareScreen(null)));
	}

	/** A member that connected while we share gets the screen too. */
	sendTo(member: Member): void {
		const track = this.stream?.getVideoTracks()[0];
		if (track) void member.peer.shareScreen(track);
	}

	/** The call is over: the track stops; there is nobody left to renegotiate with. */
	clear(): void {
		this.stream?.getTracks().forEach((t) => t.stop());
		this.stream = null;
	}
}
