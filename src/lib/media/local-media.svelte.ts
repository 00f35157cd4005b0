// The local camera and microphone: one stable MediaStream whose tracks are swapped in place, so a <video>
// bound to `stream` keeps working and the rtc layer only has to replaceTrack() from onTrackChange.
// Nothing here touches RTCPeerConnection.

import { m } from '$lib/paraglide/messages';
import { acquireInitial, getTrack, switchTrack } from './acquire';
import { DeviceList } from './devices.svelte';
import { toMediaError, type MediaError } from './errors';
import { switchedNotice, withoutNotice } from './notices';
import { TrackSlots } from './track-slots.svelte';
import type { TrackKind } from './constraints';

export type { TrackKind } from './constraints';

export interface LocalMediaOptions {
	/**
	 * The current track of `kind` changed (first acquisition, device switch, audio only, unplugged device).
	 * Not called by stop(). When a promise is returned (e.g. from sender.replaceTrack) the old track is
	 * stopped only after it settles, so the far side never sees a gap.
	 */
	onTrackChange?: (kind: TrackKind, track: MediaStreamTrack | null) => void | Promise<void>;
}

export class LocalMedia {
	#options: LocalMediaOptions;
	#tracks = new TrackSlots((track) => this.#trackEnded(track));
	#micOn = $state(true);
	#cameraOn = $state(true);
	#audioOnly = $state(false);
	#cameraId = $state('');
	#microphoneId = $state('');
	#error = $state.raw<MediaError | null>(null);
	#notice = $state<string | null>(null);
	#starting = $state(false);
	#suspended = false;

	// Bumped by stop(): async work begun before it must discard whatever it acquired afterwards.
	#generation = 0;
	// Track swaps run one at a time, so two quick picks can't both replace the same old track.
	#queue: Promise<void> = Promise.resolve();
	#startPromise: Promise<void> | null = null;

	/** Cameras, microphones and speakers to pick from, and the speaker chosen. */
	readonly devices = new DeviceList();
	/** A live video track exists (it may be disabled: see cameraOn). Ended tracks are replaced or dropped. */
	readonly hasVideo = $derived(this.#tracks.video !== null);
	readonly hasAudio = $derived(this.#tracks.audio !== null);
	/** The camera sends a picture: a live track, switched on (what the self-view shows and the other side is told). */
	readonly cameraLive = $derived(this.#tracks.video !== null && this.#cameraOn);

	constructor(options: LocalMediaOptions = {}) {
		this.#options = options;
	}

	get stream(): MediaStream | null {
		return this.#tracks.stream;
	}
	/** The camera's track alone, in a stream as stable as `stream`: what our own pictures show (./track-slots). */
	get view(): MediaStream | null {
		return this.#tracks.view;
	}
	get audioTrack(): MediaStreamTrack | null {
		return this.#tracks.audio;
	}
	get videoTrack(): MediaStreamTrack | null {
		return this.#tracks.video;
	}
	get micOn(): boolean {
		return this.#micOn;
	}
	get cameraOn(): boolean {
		return this.#cameraOn;
	}
	get audioOnly(): boolean {
		return this.#audioOnly;
	}
	get cameraId(): string {
		return this.#cameraId;
	}
	get microphoneId(): string {
		return this.#microphoneId;
	}
	get error(): MediaError | null {
		return this.#error;
	}
	get notice(): string | null {
		return this.#notice;
	}
	get starting(): boolean {
		return this.#starting;
	}

	/** Asks for camera and microphone. Never rejects: failures land in `error` (fatal) or `notice`. */
	start(): Promise<void> {
		if (!this.#startPromise) {
			const p = this.#enqueue(() => this.#start()).finally(() => {
				if (this.#startPromise === p) this.#startPromise = null;
			});
			this.#startPromise = p;
		}
		return this.#startPromise;
	}

	async #start(): Promise<void> {
		if (this.#tracks.stream) return;
		const gen = this.#generation;
		this.#starting = true;
		this.#error = null;
		this.#notice = null;
		const asked = this.#audioOnly;
		try {
			const { tracks, notice, audioOnly } = await acquireInitial({
				audioOnly: asked,
				microphoneId: this.#microphoneId,
				cameraId: this.#cameraId
			});
			if (gen !== this.#generation) return void tracks.forEach((t) => t.stop());
			this.#tracks.open();
			// "Audio only" switched while the devices were being asked for stays as the person set it (its queued
			// setAudioOnly job then drops or adds the video); the switch flickered back for a moment otherwise.
			if (this.#audioOnly === asked) this.#audioOnly = audioOnly;
			this.#notice = notice;
			for (const t of tracks) this.#install(t);
			this.devices.listen(this.#onDeviceChange);
			await this.devices.refresh(); // labels and ids only appear once permission is granted
			for (const t of tracks) await this.#emit(t.kind as TrackKind, t);
		} catch (e) {
			if (gen === this.#generation) this.#error = toMediaError(e);
		} finally {
			if (gen === this.#generation) this.#starting = false;
		}
	}

	setMic(on: boolean): void {
		// Toggling `enabled` sends silence without renegotiating and is instant to undo.
		this.#micOn = on;
		if (this.#tracks.audio) this.#tracks.audio.enabled = on;
	}

	setCamera(on: boolean): void {
		// A disabled track sends black frames without renegotiating, and turning it back on needs no new
		// prompt or device start-up. (Firefox also powers the camera down after a few seconds; Chrome may
		// keep its light on — use setAudioOnly(true) to release the device completely.)
		this.#cameraOn = on;
		if (this.#tracks.video) this.#tracks.video.enabled = on;
	}

	/** Drops the video track entirely (saves bandwidth and battery) or acquires it again. */
	setAudioOnly(on: boolean): Promise<void> {
		if (on === this.#audioOnly) return this.#queue;
		this.#audioOnly = on; // reflect the choice in the UI at once
		return this.#enqueue(async () => {
			this.#audioOnly = on; // again: a start() that finished in between may have reset it
			if (on) return this.#drop('video');
			await this.#reacquireVideo(true);
		});
	}

	/**
	 * Frees the camera for the QR scanner: many phones cannot run the front camera for the preview and the
	 * back camera for scanning at once. resumeCamera() takes it back unless the user chose audio only.
	 */
	suspendCamera(): Promise<void> {
		this.#suspended = true;
		return this.#enqueue(() => this.#drop('video'));
	}

	resumeCamera(): Promise<void> {
		if (!this.#suspended) return this.#queue;
		this.#suspended = false;
		return this.#enqueue(() => this.#reacquireVideo(false));
	}

	async #reacquireVideo(userAsked: boolean): Promise<void> {
		if (this.#audioOnly || !this.#tracks.stream || this.#tracks.video) return; // not started yet: start() asks for video
		const gen = this.#generation;
		try {
			const track = await getTrack('video', this.#cameraId);
			if (gen !== this.#generation) return void track.stop();
			if (userAsked) this.#cameraOn = true; // leaving audio only means "show me"
			this.#install(track);
			await this.#emit('video', track);
		} catch (e) {
			if (userAsked) this.#audioOnly = true;
			this.#notice = toMediaError(e, 'camera').message;
		}
	}

	selectCamera(id: string): Promise<void> {
		return this.#enqueue(() => this.#select('video', id));
	}

	selectMicrophone(id: string): Promise<void> {
		return this.#enqueue(() => this.#select('audio', id));
	}

	clearNotice(): void {
		this.#notice = null;
	}

	/** Stops every track and removes listeners. Safe to call repeatedly; start() may be called again. */
	stop(): void {
		this.#generation++;
		this.#startPromise = null;
		this.#starting = false;
		this.devices.unlisten();
		this.#tracks.close();
	}

	async #select(kind: TrackKind, id: string): Promise<void> {
		const old = this.#tracks.get(kind);
		if (!old) {
			// Nothing live to switch: remember the choice for the next acquisition.
			if (kind === 'audio') this.#microphoneId = id;
			else this.#cameraId = id;
			return;
		}
		if (old.getSettings().deviceId === id) return;
		const gen = this.#generation;
		const result = await switchTrack(kind, id, old);
		if ('failed' in result) {
			// A stopped `old` leaves nothing: fall back to any working device, explaining why.
			if (result.oldStopped) return this.#recover(kind, result.failed.message);
			return void (this.#notice = result.failed.message);
		}
		const { track } = result;
		if (gen !== this.#generation) return void track.stop();
		this.#install(track);
		await this.#emit(kind, track);
		old.stop();
	}

	/** The current track of `kind` ended underneath us (unplugged, revoked): use another device or do without. */
	async #recover(kind: TrackKind, reason?: string): Promise<void> {
		const gen = this.#generation;
		await this.devices.refresh();
		try {
			const track = await getTrack(kind); // the browser's default among what is still plugged in
			if (gen !== this.#generation) return void track.stop();
			const old = this.#install(track);
			await this.#emit(kind, track);
			old?.stop();
			this.#notice = switchedNotice(kind, track.label || m.media_another_device(), reason);
		} catch {
			if (gen !== this.#generation) return;
			await this.#drop(kind);
			if (kind === 'video') this.#audioOnly = true;
			this.#notice = withoutNotice(kind, reason);
		}
	}

	async #drop(kind: TrackKind): Promise<void> {
		const old = this.#tracks.remove(kind);
		if (!old) return;
		await this.#emit(kind, null);
		old.stop();
	}

	/**
	 * Makes `track` the current one of its kind (./track-slots.svelte) and remembers its device; returns the
	 * track it replaced, still running: stop it after #emit, once the far side has moved over.
	 */
	#install(track: MediaStreamTrack): MediaStreamTrack | null {
		const kind = track.kind as TrackKind;
		const open = this.#tracks.stream !== null;
		const old = this.#tracks.install(track, kind === 'audio' ? this.#micOn : this.#cameraOn);
		if (!open) return null;
		const id = track.getSettings().deviceId ?? '';
		if (kind === 'audio') this.#microphoneId = id;
		else this.#cameraId = id;
		return old;
	}

	async #emit(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
		try {
			await this.#options.onTrackChange?.(kind, track);
		} catch (e) {
			// The consumer's failure (e.g. a closed connection) must not leave our tracks half swapped; the
			// person learns that the other side may not have followed.
			console.error('LocalMedia onTrackChange failed', e);
			this.#notice = kind === 'video' ? m.media_move_camera_failed() : m.media_move_microphone_failed();
		}
	}

	#enqueue(job: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(job).catch((e: unknown) => {
			console.error('LocalMedia', e);
			this.#notice = toMediaError(e).message;
		});
		this.#queue = run;
		return run;
	}

	// Some browsers report an unplugged device only through devicechange, without firing 'ended'.
	#onDeviceChange = (): void => {
		for (const t of this.#tracks.endedTracks()) this.#trackEnded(t);
	};

	#trackEnded(track: MediaStreamTrack): void {
		void this.#enqueue(async () => {
			// A swap queued before this job may already have replaced the track.
			if (track === this.#tracks.audio || track === this.#tracks.video)
				await this.#recover(track.kind as TrackKind);
		});
	}
}
