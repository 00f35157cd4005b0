// The session's vocabulary, apart from the class (./session.svelte) so that modules it uses (./adding.svelte)
// need not import the session itself: its phases, which code a read text is taken for, the code's lifetime,
// and the one way an error becomes a sentence for people.
import { signalErrorText } from '$lib/i18n/signal-errors';
import { SignalError } from '$lib/signal/errors';
import { RtcError } from './errors';
import type { LocalTracks } from './peer';

/** How long the caller's code stays usable: people need minutes to carry the answer back. */
export const codeLifetimeMs = 10 * 60_000;

/**
 * Once connected, the call screen waits at most this long for stage two's first exchange on this side
 * (Member.stageTwo): its first render takes the main thread for 30–400 ms on this machine (bench:call, load
 * 10–25), and done at 'connected' it held back the offer and the answer that start the media (the caller's
 * answer sent 90–190 ms after its answer was applied instead of 40–60 ms). Rendered after that answer, it is
 * ready before the first frame, which comes 150+ ms later. A peer that negotiates no media (another stack)
 * gets the call screen after the wait.
 */
export const callScreenWaitMs = 1_000;

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
export const settledWithin = (promise: Promise<void>, ms: number): Promise<void> =>
	Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms))]);

/** The "Send to" choice that sends a file to everyone in the call. */
export const everyone = '*';

export type Phase =
	| 'idle' // home
	| 'preparing' // gathering the code
	| 'offering' // caller shows its code, waits for the answer
	| 'joining' // joiner has no code yet: scan or paste
	| 'answering' // joiner shows its answer, waits for the call
	| 'in-call'
	| 'ended';

/**
 * What a code read now is taken for. Only a caller waiting for its answer reads answers; everyone else reads
 * call codes. The phase alone would not do: a joiner whose answer is still being made is 'preparing' too, and
 * a code it reads then is a new call code (or the wrong device's answer, which the codec then says).
 */
export function codeExpected(role: 'caller' | 'joiner' | null, phase: Phase): 'answer' | 'offer' {
	return role === 'caller' && (phase === 'offering' || phase === 'preparing') ? 'answer' : 'offer';
}

export interface SessionOptions {
	/** Origin + path the link points at, e.g. https://qrcall.app/ */
	linkBase: string;
	getTracks: () => LocalTracks;
}

/** Our own errors carry a sentence for people; anything else gets `failed`, which says what did not happen. */
export function humanMessage(error: unknown, failed: string): string {
	if (error instanceof SignalError) return signalErrorText(error);
	if (error instanceof RtcError) return error.message;
	return failed;
}
