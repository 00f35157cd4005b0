// Non-trickle bootstrap: the code is made once, so it must wait for candidates, but never for a STUN server
// that cannot answer (measured: a silent resolver holds gathering 13 s, a silent STUN address 40 s).

/** With ICE servers configured: how long a server-reflexive or relay candidate may take to arrive. */
export const gatherTimeoutMs = 1_500;
/** With no ICE servers only host candidates come; they normally all arrive within a few tens of ms. */
export const hostOnlyTimeoutMs = 300;
/** A loaded machine may need longer for its first candidate; without one there is no code to show. */
export const firstCandidateMaxMs = 8_000;

/** How many candidates an SDP carries. */
export const candidateCount = (sdp: string) => sdp.match(/^a=candidate:/gm)?.length ?? 0;

/**
 * Resolves when gathering completes, or when the time box has passed and at least one candidate exists, or
 * at the hard cap. Whatever was gathered by then is what goes into the code.
 */
export async function gatherWithTimeout(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
	if (pc.iceGatheringState === 'complete') return;
	const timers: ReturnType<typeof setTimeout>[] = [];
	let onChange: (() => void) | undefined;
	let onCandidate: ((event: RTCPeerConnectionIceEvent) => void) | undefined;
	try {
		await new Promise<void>((resolve) => {
			let candidates = 0;
			let timeBoxOver = false;
			onChange = () => {
				if (pc.iceGatheringState === 'complete') resolve();
			};
			onCandidate = (event) => {
				if (!event.candidate) return;
				candidates += 1;
				if (timeBoxOver) resolve();
			};
			pc.addEventListener('icegatheringstatechange', onChange);
			pc.addEventListener('icecandidate', onCandidate);
			timers.push(
				setTimeout(() => {
					timeBoxOver = true;
					if (candidates > 0) resolve();
				}, timeoutMs),
				setTimeout(resolve, Math.max(timeoutMs, firstCandidateMaxMs))
			);
		});
	} finally {
		timers.forEach(clearTimeout);
		if (onChange) pc.removeEventListener('icegatheringstatechange', onChange);
		if (onCandidate) pc.removeEventListener('icecandidate', onCandidate);
	}
}

/**
 * After an ICE restart's setLocalDescription: resolves true at its first local candidate, false when
 * gathering completes without one or `timeoutMs` passes (the network is down). `countNow` is how many the
 * current local description already holds.
 */
export async function firstCandidateWithin(
	pc: RTCPeerConnection,
	timeoutMs: number,
	countNow: number
): Promise<boolean> {
	if (countNow > 0) return true;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let onCandidate: ((event: RTCPeerConnectionIceEvent) => void) | undefined;
	try {
		return await new Promise<boolean>((resolve) => {
			onCandidate = (event) => {
				// null (or an empty string) ends the gathering: nothing came.
				resolve(!!event.candidate?.candidate);
			};
			pc.addEventListener('icecandidate', onCandidate);
			timer = setTimeout(() => resolve(false), timeoutMs);
		});
	} finally {
		clearTimeout(timer);
		if (onCandidate) pc.removeEventListener('icecandidate', onCandidate);
	}
}
