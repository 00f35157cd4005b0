import { BitReader } from './bits';
import { readCompact, isCompactable, writeCompact } from './compact';
import { SignalError, asSignalError, wrongRole } from './errors';
import { locate } from './extract';
import { readLz, writeLz } from './fallback';
import { seal } from './frame';
import { Format, readHeader } from './header';
import { toLink } from './link';
import type { Role } from './model';
import { toBootstrap, toSdp } from './sdp';
import { selectCandidates } from './select';
import { offerTag } from './tag';

export interface Description {
	type: 'offer' | 'answer';
	sdp: string;
}

export interface EncodeOptions {
	/** e.g. `https://qrcall.app/`: the result is then the link `HTTPS://QRCALL.APP/#CODE`. */
	origin?: string;
	/** For an answer: the SDP of the offer it answers, whose tag the code then carries (docs §2.3). */
	answering?: string;
}

export interface DecodeOptions {
	/** The role the caller needs; a code of the other role throws ERR_WRONG_ROLE. */
	expect?: Role;
	/** The SDP of our own offer: an answer to any other offer throws ERR_OTHER_CALL. */
	answering?: string;
}

/** The code (or link) for a description: compact when it is a plain data-channel description, lz otherwise. */
export function encode(description: Description, options: EncodeOptions = {}): string {
	const { type, sdp } = description as Partial<Description>;
	if ((type !== 'offer' && type !== 'answer') || typeof sdp !== 'string' || !sdp.includes('m=')) {
		throw new SignalError('ERR_UNSUPPORTED');
	}
	const bootstrap = toBootstrap(type, sdp);
	const writer =
		bootstrap && isCompactable(bootstrap) ? writeCompact(selectCandidates(bootstrap)) : writeLz(type, sdp);
	const tag = type === 'answer' && options.answering !== undefined ? offerTag(options.answering) : null;
	const code = seal(writer, tag);
	return options.origin === undefined ? code : toLink(options.origin, code);
}

/** The description in a code, link or pasted text. Throws only SignalError. */
export function decode(text: string, options: DecodeOptions = {}): Description {
	try {
		const { frame } = locate(text);
		const reader = new BitReader(frame.payload, frame.bits);
		const header = readHeader(reader);
		// Only answers carry a tag, so a tag on an offer is damage the check let through.
		if (header.role === 'offer' && frame.tag !== null) throw new SignalError('ERR_CORRUPT');
		if (options.expect && header.role !== options.expect) throw wrongRole(options.expect);
		if (header.role === 'answer' && options.answering !== undefined) {
			if (frame.tag !== offerTag(options.answering)) throw new SignalError('ERR_OTHER_CALL');
		}
		if (header.format === Format.lz) return { type: header.role, sdp: readLz(reader) };
		return { type: header.role, sdp: toSdp(readCompact(reader, header)) };
	} catch (error) {
		throw asSignalError(error);
	}
}
