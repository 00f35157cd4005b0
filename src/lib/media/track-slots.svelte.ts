// The one MediaStream that LocalMedia (./local-media.svelte) hands out, with a slot per kind: at most one
// audio and one video track, swapped in place so a <video> bound to the stream keeps playing. Beside it, the
// camera's track alone (`view`) for our own pictures. Only the holding lives here; which device to ask for,
// and when, is LocalMedia's.
import type { TrackKind } from './constraints';

export class TrackSlots {
	#stream = $state.raw<MediaStream | null>(null);
	#view = $state.raw<MediaStream | null>(null);
	#audio = $state.raw<MediaStreamTrack | null>(null);
	#video = $state.raw<MediaStreamTrack | null>(null);
	#onEnded: (track: MediaStreamTrack) => void;
	#consumer: HTMLVideoElement | null = null;

	/** `onEnded`: a held track died on its own (unplugged, revoked); close() never reports one. */
	constructor(onEnded: (track: MediaStreamTrack) => void) {
		this.#onEnded = onEnded;
	}

	get stream(): MediaStream | null {
		return this.#stream;
	}
	/**
	 * The video track alone, for the self views. Why: a <video> given the microphone's track too keeps an
	 * audio output stream running for it, muted or not (Chromium 156: one AudioOutputDevice thread per such
	 * element, 100 render callbacks a second, all call long).
	 */
	get view(): MediaStream | null {
		return this.#view;
	}
	get audio(): MediaStreamTrack | null {
		return this.#audio;
	}
	get video(): MediaStreamTrack | null {
		return this.#video;
	}

	get(kind: TrackKind): MediaStreamTrack | null {
		return kind === 'audio' ? this.#audio : this.#video;
	}

	/** A new, empty stream: tracks can be installed from now on. */
	open(): void {
		this.#stream = new MediaStream();
		this.#view = new MediaStream();
		this.#consumer = consume(this.#view);
	}

	/**
	 * Makes `track` the current one of its kind and returns the one it replaced, detached but still running:
	 * the caller stops it once the far side has moved over. The stream holds one track per kind throughout,
	 * so whoever reads `stream` meanwhile sees the new state. With no open stream the track is stopped.
	 */
	install(track: MediaStreamTrack, enabled: boolean): MediaStreamTrack | null {
		const stream = this.#stream;
		if (!stream) {
			track.stop();
			return null;
		}
		const kind = track.kind as TrackKind;
		const old = this.get(kind);
		if (old) this.#detach(old);
		track.enabled = enabled;
		track.addEventListener('ended', this.#ended);
		stream.addTrack(track);
		if (kind === 'video') this.#view?.addTrack(track);
		this.#set(kind, track);
		return old;
	}

	/** Empties the slot of `kind`; returns its track, detached but still running (the caller stops it). */
	remove(kind: TrackKind): MediaStreamTrack | null {
		const old = this.get(kind);
		if (!old) return null;
		this.#set(kind, null);
		this.#detach(old);
		return old;
	}

	/** Held tracks that ended without telling: some browsers report an unplugged device only by devicechange. */
	endedTracks(): MediaStreamTrack[] {
		return [this.#audio, this.#video].filter((t) => t?.readyState === 'ended') as MediaStreamTrack[];
	}

	/** Stops every track and drops the stream. Safe to call repeatedly. */
	close(): void {
		for (const t of [this.#audio, this.#video]) {
			if (!t) continue;
			this.#detach(t);
			t.stop();
		}
		this.#audio = null;
		this.#video = null;
		this.#stream = null;
		this.#view = null;
		if (this.#consumer) this.#consumer.srcObject = null;
		this.#consumer = null;
	}

	#set(kind: TrackKind, track: MediaStreamTrack | null): void {
		if (kind === 'audio') this.#audio = track;
		else this.#video = track;
	}

	#detach(track: MediaStreamTrack): void {
		track.removeEventListener('ended', this.#ended);
		this.#stream?.removeTrack(track);
		this.#view?.removeTrack(track);
	}

	// stop() never fires 'ended', so this only runs for tracks that died on their own.
	#ended = (event: Event): void => this.#onEnded(event.target as MediaStreamTrack);
}

/**
 * A <video> that is never shown, holding `view` while the stream is open, so the camera always has a consumer.
 * HACK: Chromium suspends a camera capture a few seconds after its last consumer (element, RTCRtpSender)
 * goes, and while it is suspended a new capture of the same camera gets no frame at all, from any page of
 * the browser (the device is the browser's, shared by every page:
 * https://source.chromium.org/search?q=VideoCaptureController::MaybeSuspend). Measured, Chromium 156, fake
 * camera: the caller's screen with its code shows no self view, and the joiner's scanner in a second context
 * of the browser then waited 8 s at readyState 0, in each of 9 runs without a consumer (probes and e2e
 * call-qr). Before this, the camera preview, kept off the page with its stream, held the track by chance.
 */
function consume(view: MediaStream): HTMLVideoElement | null {
	if (typeof document === 'undefined') return null;
	const video = document.createElement('video');
	video.muted = true;
	video.srcObject = view;
	return video;
}
