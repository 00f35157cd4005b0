// What a person reads when a file transfer fails: what happened and what to do next. Stable codes, so tests
// and the other side's 'cancel' reason map to the same words.
import { memoryLimitBytes } from './storage';
import type { CancelReason } from './wire';

export type TransferErrorCode =
	| 'data-before-header'
	| 'more-than-announced'
	| 'damaged'
	| 'space'
	| 'too-big'
	| 'storage'
	| 'version'
	| 'protocol'
	| 'peer-space'
	| 'peer-too-big'
	| 'peer-storage'
	| 'peer-version'
	| 'peer-protocol';

const limitMb = Math.round(memoryLimitBytes / 1e6);

export const transferMessages: Record<TransferErrorCode, string> = {
	'data-before-header':
		'The file’s data arrived before its name and size, so it could not be received. Ask the other person to send it again.',
	'more-than-announced':
		'More data arrived than the file’s announced size, so it was not kept. Ask the other person to send it again.',
	damaged:
		'The file arrived damaged (its SHA-256 did not match what was sent), so it was not kept. Send it again.',
	space: 'This device ran out of storage space for the file. Free some space, then ask for the file again.',
	'too-big': `This browser cannot store files during a call, so it only takes files up to ${limitMb} MB. Ask for a smaller file, or use a browser that allows site storage (not a private window).`,
	storage: 'The file could not be stored on this device. Ask the other person to send it again.',
	version:
		'The other device runs an older version of qrcall. Reload qrcall on both devices, then send the file again.',
	protocol:
		'The file transfer got out of step, so it was stopped. Ask the other person to send the file again.',
	'peer-space':
		'The other device ran out of storage space for this file. They need to free some space first.',
	'peer-too-big': `The other device can only take files up to ${limitMb} MB in its browser. Send a smaller file.`,
	'peer-storage': 'The other device could not store the file. Try sending it again.',
	'peer-version':
		'The other device runs another version of qrcall. Reload qrcall on both devices, then send the file again.',
	'peer-protocol': 'The other device stopped the transfer because it got out of step. Send the file again.'
};

/** The reason a receiver sends back for each of its own failures (none for a plain cancel). */
export const reasonFor: Partial<Record<TransferErrorCode, CancelReason>> = {
	space: 'space',
	'too-big': 'too-big',
	storage: 'storage',
	version: 'version',
	'data-before-header': 'protocol',
	'more-than-announced': 'protocol'
};

export const peerCode: Record<CancelReason, TransferErrorCode> = {
	space: 'peer-space',
	'too-big': 'peer-too-big',
	storage: 'peer-storage',
	version: 'peer-version',
	protocol: 'peer-protocol'
};
