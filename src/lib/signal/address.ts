import type { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';

/**
 * Candidate addresses in binary. The kind is 2 bits; an address is only packed as IPv4/IPv6/UUID when printing
 * it back gives the exact original text, otherwise it travels as text, so the address always survives unchanged.
 */

export const ADDRESS_KIND_BITS = 2;
const Kind = {
	IPv4: 0,
	IPv6: 1,
	/** mDNS `<uuid v4>.local`: 122 bits, the 4 version bits and 2 variant bits are fixed. */
	Uuid: 2,
	/** Anything else, as 1–255 printable ASCII characters behind an 8-bit length. */
	Text: 3
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];
const PORT_BITS = 16;
const TEXT_LENGTH_BITS = 8;
const MAX_TEXT_LENGTH = 2 ** TEXT_LENGTH_BITS - 1;
const PRINTABLE = /^[\x21-\x7e]+$/;
const UUID_LOCAL = /^([0-9a-f]{8})-([0-9a-f]{4})-4([0-9a-f]{3})-([89ab][0-9a-f]{3})-([0-9a-f]{12})\.local$/;
const IPV6_GROUPS = 8;

export function parseIPv4(text: string): Uint8Array | null {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part))) return null;
	const bytes = parts.map(Number);
	return bytes.every((byte) => byte <= 255) ? Uint8Array.from(bytes) : null;
}

export function parseIPv6(text: string): Uint8Array | null {
	if (!/^[0-9a-fA-F:]+$/.test(text)) return null;
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const head = halves[0] ? halves[0].split(':') : [];
	const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
	const missing = IPV6_GROUPS - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
	const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
	if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return null;
	const bytes = new Uint8Array(16);
	groups.forEach((group, i) => {
		const value = parseInt(group, 16);
		bytes[2 * i] = value >> 8;
		bytes[2 * i + 1] = value & 0xff;
	});
	return bytes;
}

/** RFC 5952 text: lower case, no leading zeros, the first longest run of ≥ 2 zero groups as `::`. */
export function formatIPv6(bytes: Uint8Array): string {
	const groups = Array.from(
		{ length: IPV6_GROUPS },
		(_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)
	);
	let bestStart = -1;
	let bestLength = 1;
	for (let start = 0; start < IPV6_GROUPS; start++) {
		let length = 0;
		while (start + length < IPV6_GROUPS && groups[start + length] === 0) length++;
		if (length > bestLength) [bestStart, bestLength] = [start, length];
	}
	const hex = groups.map((group) => group.toString(16));
	if (bestStart < 0) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Dotted decimal that prints back exactly (so `010.0.0.1` is not). */
export function isExactIPv4(address: string): boolean {
	return parseIPv4(address)?.join('.') === address;
}

/** Address (32 bits) and port of an exact IPv4 address (the short host form of compact.ts). */
export function writeIPv4(writer: BitWriter, address: string, port: number): void {
	writer.writeBytes(parseIPv4(address) ?? new Uint8Array(4));
	writer.write(port, PORT_BITS);
}

export function readIPv4(reader: BitReader): { address: string; port: number } {
	return { address: reader.readBytes(4).join('.'), port: reader.read(PORT_BITS) };
}

function kindOf(address: string): Kind | null {
	if (isExactIPv4(address)) return Kind.IPv4;
	const v6 = parseIPv6(address);
	if (v6 && formatIPv6(v6) === address) return Kind.IPv6;
	if (UUID_LOCAL.test(address)) return Kind.Uuid;
	return PRINTABLE.test(address) && address.length <= MAX_TEXT_LENGTH ? Kind.Text : null;
}

/** Whether the compact form can carry this address at all (printable ASCII, at most 255 characters). */
export function isPackable(address: string): boolean {
	return kindOf(address) !== null;
}

/** Writes kind, address and port. */
export function writeAddress(writer: BitWriter, address: string, port: number): void {
	const kind = kindOf(address);
	if (kind === null) throw new RangeError('address cannot be packed');
	writer.write(kind, ADDRESS_KIND_BITS);
	if (kind === Kind.IPv4) writer.writeBytes(parseIPv4(address) ?? new Uint8Array(4));
	else if (kind === Kind.IPv6) writer.writeBytes(parseIPv6(address) ?? new Uint8Array(16));
	else if (kind === Kind.Uuid) writeUuid(writer, address);
	else {
		writer.write(address.length, TEXT_LENGTH_BITS);
		for (const char of address) writer.write(char.charCodeAt(0), 8);
	}
	writer.write(port, PORT_BITS);
}

export function readAddress(reader: BitReader): { address: string; port: number } {
	const kind = reader.read(ADDRESS_KIND_BITS);
	let address: string;
	if (kind === Kind.IPv4) address = reader.readBytes(4).join('.');
	else if (kind === Kind.IPv6) address = formatIPv6(reader.readBytes(16));
	else if (kind === Kind.Uuid) address = readUuid(reader);
	else address = readText(reader);
	return { address, port: reader.read(PORT_BITS) };
}

function writeUuid(writer: BitWriter, address: string): void {
	const [, a = '', b = '', c = '', d = '', e = ''] = UUID_LOCAL.exec(address) ?? [];
	writer.write(parseInt(a, 16), 32);
	writer.write(parseInt(b, 16), 16);
	writer.write(parseInt(c, 16), 12);
	writer.write(parseInt(d, 16) & 0x3fff, 14);
	writer.write(parseInt(e.slice(0, 6), 16), 24);
	writer.write(parseInt(e.slice(6), 16), 24);
}

function readUuid(reader: BitReader): string {
	const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');
	const a = hex(reader.read(32), 8);
	const b = hex(reader.read(16), 4);
	const c = hex(reader.read(12), 3);
	const d = hex(0x8000 | reader.read(14), 4);
	const e = hex(reader.read(24), 6) + hex(reader.read(24), 6);
	return `${a}-${b}-4${c}-${d}-${e}.local`;
}

function readText(reader: BitReader): string {
	const length = reader.read(TEXT_LENGTH_BITS);
	const text = String.fromCharCode(...reader.readBytes(length));
	// Only a damaged code could carry an empty name or a space or line break (which would inject SDP lines).
	if (!PRINTABLE.test(text)) throw new SignalError('ERR_CORRUPT');
	return text;
}

/** RFC 1918 and RFC 6598 ranges: the addresses a LAN peer can most likely reach. */
export function isPrivateIPv4(address: string): boolean {
	const bytes = parseIPv4(address);
	if (!bytes) return false;
	const [a = 0, b = 0] = bytes;
	return (
		a === 10 ||
		(a === 172 && b >= 16 && b < 32) ||
		(a === 192 && b === 168) ||
		(a === 100 && b >= 64 && b < 128)
	);
}
