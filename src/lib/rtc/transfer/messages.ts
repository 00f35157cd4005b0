// What a person reads when a file transfer fails: what happened and what to do next. Stable codes, so tests
// and the other side's 'cancel' reason map to the same words.
import { formatBytes } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages';
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
	| 'newer-version'
	| 'protocol'
	| 'not-connected'
	| 'peer-space'
	| 'peer-too-big'
	| 'peer-storage'
	| 'peer-version'
	| 'peer-protocol';

const limit = () => formatBytes(memoryLimitBytes);

/** The words live in the message catalog: read in the current language each time a transfer's error is shown. */
export const transferMessages: Record<TransferErrorCode, () => string> = {
	'data-before-header': m.transfer_data_before_header,
	'more-than-announced': m.transfer_more_than_announced,
	damaged: m.transfer_damaged,
	space: m.transfer_space,
	'too-big': () => m.transfer_too_big({ limit: limit() }),
	storage: m.transfer_storage,
	version: m.transfer_version,
	'newer-version': m.transfer_newer_version,
	protocol: m.transfer_protocol,
	'not-connected': m.transfer_not_connected,
	'peer-space': m.transfer_peer_space,
	'peer-too-big': () => m.transfer_peer_too_big({ limit: limit() }),
	'peer-storage': m.transfer_peer_storage,
	'peer-version': m.transfer_peer_version,
	'peer-protocol': m.transfer_peer_protocol
};

/** The reason a receiver sends back for each of its own failures (none for a plain cancel). */
export const reasonFor: Partial<Record<TransferErrorCode, CancelReason>> = {
	space: 'space',
	'too-big': 'too-big',
	storage: 'storage',
	version: 'version',
	'newer-version': 'version',
	protocol: 'protocol',
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
