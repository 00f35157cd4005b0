/** qrcall's signaling codec: connection descriptions as short QR-friendly codes and links. See docs/signal-format.md. */
export { encode, decode, type Description, type EncodeOptions, type DecodeOptions } from './codec';
export { extractCode } from './extract';
export { shareLink } from './link';
export { SignalError, type SignalErrorCode } from './errors';
