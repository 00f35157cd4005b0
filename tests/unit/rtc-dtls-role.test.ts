// Which side is the call's DTLS server (rtc/keepalive.ts isDtlsServer): an answer to an ICE restart must keep
// that role, or Chromium refuses it ("Failed to set SSL role for the transport", netns Chromium→Firefox 20 s).
import { describe, expect, it } from 'vitest';
import { isDtlsServer } from '../../src/lib/rtc/keepalive';

const sdp = (setup: string) =>
	`v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=setup:${setup}\r\n`;
/** The two current descriptions the function reads, as a stand-in for the connection. */
const pc = (local?: [RTCSdpType, string], remote?: [RTCSdpType, string]) =>
	({
		currentLocalDescription: local && { type: local[0], sdp: sdp(local[1]) },
		currentRemoteDescription: remote && { type: remote[0], sdp: sdp(remote[1]) }
	}) as unknown as RTCPeerConnection;

describe('the DTLS role a side holds (isDtlsServer)', () => {
	it('a joiner whose last answer was passive is the server', () => {
		expect(isDtlsServer(pc(['answer', 'passive'], ['offer', 'actpass']))).toBe(true);
		expect(isDtlsServer(pc(['answer', 'active'], ['offer', 'actpass']))).toBe(false);
	});

	it('a joiner whose early audio/video offer was answered active is the server still', () => {
		expect(isDtlsServer(pc(['offer', 'actpass'], ['answer', 'active']))).toBe(true);
	});

	it('a side whose offer was answered passive is the client', () => {
		expect(isDtlsServer(pc(['offer', 'actpass'], ['answer', 'passive']))).toBe(false);
	});

	it('no description yet: no role', () => {
		expect(isDtlsServer(pc())).toBe(false);
	});
});
