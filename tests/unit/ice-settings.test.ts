import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIceConfig } from '../../src/lib/rtc/ice-servers';
import {
	loadIceSettings,
	parseIceUrl,
	saveIceSettings,
	splitUrls,
	toDraft,
	validateDraft,
	validateDrafts
} from '../../src/lib/rtc/ice-settings';

describe('parseIceUrl', () => {
	it.each([
		['stun:stun.example.org', { scheme: 'stun', host: 'stun.example.org', port: null, transport: null }],
		['stun:10.88.0.1:3478', { scheme: 'stun', host: '10.88.0.1', port: 3478, transport: null }],
		['STUN:Example.ORG:19302', { scheme: 'stun', host: 'Example.ORG', port: 19302, transport: null }],
		[
			'turn:turn.example.org:3478?transport=udp',
			{ scheme: 'turn', host: 'turn.example.org', port: 3478, transport: 'udp' }
		],
		[
			'turns:turn.example.org:443?transport=tcp',
			{ scheme: 'turns', host: 'turn.example.org', port: 443, transport: 'tcp' }
		],
		['turn:[2001:db8::1]:3478', { scheme: 'turn', host: '[2001:db8::1]', port: 3478, transport: null }],
		['stuns:localhost', { scheme: 'stuns', host: 'localhost', port: null, transport: null }]
	])('accepts %s', (url, parsed) => {
		expect(parseIceUrl(url)).toEqual(parsed);
	});

	it.each([
		['stun.example.org', /must start with stun:, turn: or turns:/],
		['http://example.org', /scheme must be stun:, turn: or turns:, not http:/],
		['stun://example.org', /without "\/\/"/],
		['stun:', /server name or address is missing/],
		['stun::3478', /server name or address is missing/],
		['stun:example.org:0', /port must be from 1 to 65535/],
		['stun:example.org:65536', /port must be from 1 to 65535/],
		['stun:example.org:http', /port must be a number/],
		['stun:example.org:3478?transport=udp', /only for turn: and turns:/],
		['turn:example.org?transport=sctp', /transport=udp or \?transport=tcp/],
		['turn:user:pass@example.org', /username and password in their own fields/],
		['stun:exa mple.org', /not a valid server name/],
		['stun:999.1.1.1', /not a valid server name/],
		['stun:-bad-.org', /not a valid server name/]
	])('rejects %s with a clear message', (url, message) => {
		const result = parseIceUrl(url);
		expect(typeof result).toBe('string');
		expect(result).toMatch(message);
	});
});

describe('validateDraft', () => {
	it('takes several URLs, one per line or comma-separated', () => {
		expect(splitUrls(' stun:a.org\nstun:b.org , stun:c.org ')).toEqual([
			'stun:a.org',
			'stun:b.org',
			'stun:c.org'
		]);
		expect(validateDraft({ urls: 'stun:a.org\nstun:b.org', username: '', credential: '' })).toEqual({
			server: { urls: ['stun:a.org', 'stun:b.org'] }
		});
	});

	it('keeps TURN credentials', () => {
		expect(validateDraft({ urls: 'turn:t.org:3478', username: ' u ', credential: 'p w' })).toEqual({
			server: { urls: 'turn:t.org:3478', username: 'u', credential: 'p w' }
		});
	});

	it('asks for the username and password of a TURN server', () => {
		expect(validateDraft({ urls: 'turn:t.org', username: '', credential: '' })).toEqual({
			errors: {
				username: 'A TURN server needs a username',
				credential: 'A TURN server needs a password (credential)'
			}
		});
	});

	it('refuses an empty URL and credentials on a STUN server', () => {
		expect(validateDraft({ urls: '  ', username: '', credential: '' })).toEqual({
			errors: { urls: 'Enter a server URL, e.g. stun:stun.example.org:3478' }
		});
		expect(validateDraft({ urls: 'stun:s.org', username: 'u', credential: '' })).toMatchObject({
			errors: { username: expect.stringMatching(/STUN servers take no username/) }
		});
	});

	it('reports errors per server and stores nothing until all are valid', () => {
		const result = validateDrafts([
			{ urls: 'stun:s.org', username: '', credential: '' },
			{ urls: 'turn:t.org', username: 'u', credential: '' }
		]);
		expect(result).toEqual({ errors: [null, { credential: 'A TURN server needs a password (credential)' }] });
		expect(validateDrafts([])).toEqual({ servers: [] });
	});

	it('round-trips a stored server through the form', () => {
		const server = { urls: ['turn:t.org:3478', 'turns:t.org:443'], username: 'u', credential: 'p' };
		expect(validateDraft(toDraft(server))).toEqual({ server });
	});
});

describe('storage', () => {
	const store = new Map<string, string>();
	beforeEach(() => {
		store.clear();
		vi.stubGlobal('localStorage', {
			getItem: (key: string) => store.get(key) ?? null,
			setItem: (key: string, value: string) => void store.set(key, value),
			removeItem: (key: string) => void store.delete(key)
		});
		vi.stubGlobal('navigator', { onLine: true });
	});
	afterEach(() => vi.unstubAllGlobals());

	it('defaults to one public STUN server when online and none when offline', () => {
		expect(loadIceSettings()).toEqual({ servers: null, relayOnly: false });
		expect(loadIceConfig().iceServers).toHaveLength(1);
		vi.stubGlobal('navigator', { onLine: false });
		expect(loadIceConfig().iceServers).toEqual([]);
	});

	it('saves servers and relay-only, and the call uses them', () => {
		const turn = { urls: 'turn:10.88.0.1:3478', username: 'u', credential: 'p' };
		expect(saveIceSettings({ servers: [turn], relayOnly: true })).toBeNull();
		expect(loadIceSettings()).toEqual({ servers: [turn], relayOnly: true });
		expect(loadIceConfig()).toEqual({ iceServers: [turn], iceTransportPolicy: 'relay' });
		expect(saveIceSettings({ servers: [], relayOnly: false })).toBeNull();
		expect(loadIceConfig()).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
		expect(saveIceSettings({ servers: null, relayOnly: false })).toBeNull();
		expect(store.has('qrcall.iceServers')).toBe(false);
	});

	it('refuses relay-only without a TURN server', () => {
		expect(saveIceSettings({ servers: [{ urls: 'stun:s.org' }], relayOnly: true })).toMatch(
			/needs at least one TURN/
		);
		expect(store.size).toBe(0);
	});
});
