// The device lists the pickers show, and the speaker choice (applied by whoever plays the remote audio).
import { mediaDevices } from './acquire';

export class DeviceList {
	#all = $state.raw<MediaDeviceInfo[]>([]);
	#speakerId = $state('');
	#onChange: (() => void) | null = null;

	readonly cameras = $derived(this.#all.filter((d) => d.kind === 'videoinput'));
	readonly microphones = $derived(this.#all.filter((d) => d.kind === 'audioinput'));
	readonly speakers = $derived(this.#all.filter((d) => d.kind === 'audiooutput'));

	/** Only remembered here: whoever plays the remote audio applies it with setSinkId(). */
	get speakerId(): string {
		return this.#speakerId;
	}

	selectSpeaker(id: string): void {
		this.#speakerId = id;
	}

	/** Labels and ids only appear once permission is granted: call again after it was. */
	async refresh(): Promise<void> {
		try {
			this.#all = await mediaDevices().enumerateDevices();
		} catch {
			// Keep the old list: an insecure page has none to show and LocalMedia.start() reports why.
		}
	}

	/** Follows plugged and unplugged devices; `onChange` runs after the list was asked for again. */
	listen(onChange: () => void): void {
		if (this.#onChange) return;
		this.#onChange = onChange;
		navigator.mediaDevices.addEventListener('devicechange', this.#changed);
	}

	unlisten(): void {
		if (!this.#onChange) return;
		navigator.mediaDevices.removeEventListener('devicechange', this.#changed);
		this.#onChange = null;
	}

	#changed = (): void => {
		void this.refresh();
		this.#onChange?.();
	};
}
