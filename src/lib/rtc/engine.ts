// The call engine: everything a call needs beyond the home screen — the codec (with its SDP parser, most of the
// weight), the RTCPeerConnection owner, the safety code. It is loaded on demand so the first
// screen stays within the initial JS budget, and the service worker precaches it, so offline it is as quick.
export { decode, encode } from '$lib/signal';
export { diagnoseFailure } from './diagnose';
export { loadIceConfig } from './ice-servers';
export { createPeer } from './peer';
export { computeSas, fingerprintFromSdp, fingerprintsFromStats } from './sas';
