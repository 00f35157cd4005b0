import { SignalError, asSignalError } from './errors';
import { CURRENT, LEGACY, lengthMatches, open, type Frame } from './frame';

/**
 * Finding the code in what the user pasted or scanned: a bare code, a link in any letter case, either one broken
 * by the spaces and line breaks chat apps insert, or wrapped in chat text ("join me: https://…/#CODE thanks").
 * The whole text (after the `#`, if any) is tried first; when that fails, runs of neighbouring words are tried,
 * and the check (2^-24 per try, after a 1-in-1849 length pre-filter) makes a false match essentially impossible.
 */

/** Longer input is not something a person pasted; refusing it keeps decoding fast. */
const MAX_TEXT_CHARS = 100_000;
/** Words searched for a code inside chat text (runs are quadratic in this). */
const MAX_WORDS = 32;
/** A bare string this short is a word, not a (cut-off) code. */
const MIN_BARE_CHARS = 8;
/** Lower-case prose shorter than this is not taken for a lower-cased code. */
const MIN_LOWERCASE_CHARS = 40;

/** Characters searched for: this version's and the first version's (to recognise an older code). */
const isCodeChar = (char: string) => LEGACY.digits.isDigit(char);
const isCode = (text: string) => [...text].every(isCodeChar);
const FIRST_VERSION_ONLY = /[$*.]/;
const NOT_CODE = /[^0-9A-Z$*+\-./:]/;
/** Sentence punctuation that may follow a code (and end a first-version one). */
const SENTENCE_END = /[.:]/;
const ESCAPE = /%([0-9a-f]{2})/gi;
const PRINTABLE_ASCII = /^[\x20-\x7e]$/;

export interface Located {
	code: string;
	frame: Frame;
}

export function locate(text: unknown): Located {
	if (typeof text !== 'string') throw new SignalError('ERR_NOT_A_CODE');
	const trimmed = percentDecoded(text).trim();
	if (!trimmed) throw new SignalError('ERR_EMPTY');
	if (trimmed.length > MAX_TEXT_CHARS) throw new SignalError('ERR_NOT_A_CODE');
	const hash = trimmed.lastIndexOf('#');
	const fromLink = hash >= 0;
	const body = fromLink ? trimmed.slice(hash + 1) : trimmed;
	const words = body.split(/\s+/).filter((word) => word.length > 0);
	// "https://qrcall.app/#" with nothing after it: the code was cut off entirely.
	if (words.length === 0) throw new SignalError('ERR_TRUNCATED');
	// Prose mixes cases; a code never does (apps only ever lower-case it whole).
	const prose = !fromLink && /[a-z]/.test(body) && /[A-Z]/.test(body);
	const whole = words.join('').toUpperCase();
	let failure: SignalError | null = null;
	if (!prose && isCode(whole)) {
		try {
			return { code: whole, frame: openAny(whole) };
		} catch (error) {
			failure = asSignalError(error);
		}
	}
	const runs = wordRuns(words, prose);
	for (const run of runs) {
		if (run !== whole && (lengthMatches(run) || lengthMatches(run, LEGACY))) {
			try {
				return { code: run, frame: openAny(run) };
			} catch (error) {
				// An older code is found, just not readable; any other failure: not this run, and the error
				// reported is the one of the most plausible candidate below.
				if (error instanceof SignalError && error.code === 'ERR_OLDER_VERSION') throw error;
			}
		}
	}
	throw failure && !looksLikeWord(whole, fromLink, body) ? failure : errorOfLongest(runs, fromLink, body);
}

/**
 * Pasted text may come percent-encoded (`%2F`, `%3A` from an app that escaped the link). `%` is never in a
 * code, so escapes of printable ASCII are undone; a broken escape (`%2` where a link was cut) stays as text.
 */
function percentDecoded(text: string): string {
	return text.replace(ESCAPE, (escape, hex: string) => {
		const char = String.fromCharCode(parseInt(hex, 16));
		return PRINTABLE_ASCII.test(char) ? char : escape;
	});
}

/** The code in a text, normalised: upper case, no spaces, no surrounding chat text. */
export function extractCode(text: string): string {
	try {
		return locate(text).code;
	} catch (error) {
		throw asSignalError(error);
	}
}

/** What to report when no run is a valid code: the longest run's failure, unless it is too short to be a code. */
function errorOfLongest(runs: string[], fromLink: boolean, body: string): SignalError {
	const longest = runs.reduce((best, run) => (run.length > best.length ? run : best), '');
	if (!longest || looksLikeWord(longest, fromLink, body)) return new SignalError('ERR_NOT_A_CODE');
	try {
		openAny(longest);
		return new SignalError('ERR_NOT_A_CODE');
	} catch (error) {
		return asSignalError(error);
	}
}

/** A code of this version, or ERR_OLDER_VERSION for one that passes the first version's check. */
function openAny(code: string): Frame {
	// `$ * .` only exist in the first version: such a code is damaged or cut as one of those.
	if (FIRST_VERSION_ONLY.test(code)) {
		open(code, LEGACY);
		throw new SignalError('ERR_OLDER_VERSION');
	}
	try {
		return open(code, CURRENT);
	} catch (error) {
		if (isLegacy(code)) throw new SignalError('ERR_OLDER_VERSION');
		throw error;
	}
}

function isLegacy(code: string): boolean {
	try {
		open(code, LEGACY);
		return true;
	} catch {
		return false;
	}
}

function looksLikeWord(candidate: string, fromLink: boolean, body: string): boolean {
	if (fromLink) return false;
	return candidate.length < MIN_BARE_CHARS || (/[a-z]/.test(body) && candidate.length < MIN_LOWERCASE_CHARS);
}

/**
 * Upper-cased runs of neighbouring words, longest first. Punctuation is trimmed from a word's ends (a run cannot
 * continue across trimmed punctuation); a word with other characters inside, or a mixed-case word in prose, ends
 * a run.
 */
function wordRuns(words: string[], prose: boolean): string[] {
	const parts = words.slice(0, MAX_WORDS).map((word) => trimWord(word, prose));
	const runs: string[] = [];
	for (let start = 0; start < parts.length; start++) {
		let run = '';
		for (let end = start; end < parts.length; end++) {
			const part = parts[end];
			if (!part || (end > start && part.cutStart)) break;
			run += part.code;
			runs.push(run);
			// A full stop or colon right after a code may belong to the sentence or to a first-version code (which
			// could end in `.` or `:`): each shorter candidate is tried, one character at a time.
			for (let cut = run.length - 1; cut > 0 && SENTENCE_END.test(run.charAt(cut)); cut--)
				runs.push(run.slice(0, cut));
			if (part.cutEnd) break;
		}
	}
	return runs.sort((a, b) => b.length - a.length);
}

function trimWord(word: string, prose: boolean): { code: string; cutStart: boolean; cutEnd: boolean } | null {
	if (prose && /[a-z]/.test(word)) return null;
	const upper = word.toUpperCase();
	let start = 0;
	let end = upper.length;
	while (start < end && !isCodeChar(upper.charAt(start))) start++;
	while (end > start && !isCodeChar(upper.charAt(end - 1))) end--;
	// `(link).` or `[text](link)`: the code ends at the first character that cannot be in one.
	const inner = upper.slice(start, end).search(NOT_CODE);
	if (inner >= 0) end = start + inner;
	const code = upper.slice(start, end);
	if (!code) return null;
	return { code, cutStart: start > 0, cutEnd: end < upper.length };
}
