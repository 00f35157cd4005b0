// What the app shell shares with the layout: whether a call is under way (a code shown or scanned, or
// connected). The update prompt waits for it to end, because reloading into a new version would drop it.
// Derived from the session the shell registers, never copied from it.

let session = $state.raw<{ readonly phase: string } | null>(null);

export const callStatus = {
	get active(): boolean {
		const phase = session?.phase;
		return phase !== undefined && phase !== 'idle' && phase !== 'ended';
	}
};

/** The app shell's session; returns the function that forgets it (on unmount). */
export function watchCall(current: { readonly phase: string }): () => void {
	session = current;
	return () => {
		if (session === current) session = null;
	};
}
