// The nftables rulesets and daemon arguments of the netns lab (./lab.ts): NAT routers, packet loss, one-way
// drops, a rate cap and coturn. Pure text, so lab.ts only applies them.

/**
 * A router's ruleset: masquerades everything leaving `wan` (`perDestination`: a new port per destination, a
 * "symmetric" NAT). Unsolicited packets arriving on `wan` are dropped before conntrack confirms them:
 * otherwise an early check from the other device leaves an entry that makes the NAT pick another port for
 * this device's own packets to it, and hole punching fails (home routers behave like this).
 */
export function natRuleset(wan: string, perDestination: boolean): string {
	const masq = perDestination ? 'masquerade random' : 'masquerade';
	return `table ip qcnat {
				chain outbound { type nat hook postrouting priority srcnat; policy accept; oifname "${wan}" ${masq}; }
				chain unsolicited { type filter hook prerouting priority mangle; policy accept;
					iifname "${wan}" ct state new drop; }
				chain routed { type filter hook forward priority filter; policy drop;
					ct state established,related accept; oifname "${wan}" accept; }
			}`;
}

/** Drops `percent` % of the UDP packets leaving `dev`, at random. */
export function lossRuleset(dev: string, percent: number): string {
	return `table inet qcloss {
				chain out { type filter hook output priority filter; policy accept;
					oifname "${dev}" udp dport != 53 numgen random mod 100 < ${percent} drop; }
			}`;
}

/** The table dropOutgoing adds, and lists and deletes when the drop is lifted. */
export const oneWayTable = 'qconeway';

/**
 * Drops (and counts) the UDP packets leaving `dev` (`out`) or arriving on it (`in`) that also match `match`
 * (an nftables expression). A packet dropped on the output hook fails its sendto() with EPERM, which the
 * sending browser sees (Firefox 153 then fails ICE within 1 s and DTLS at its next data-channel send); one
 * dropped on arrival is silently gone, as on a path that failed between the two devices.
 */
export function oneWayRuleset(dev: string, match: string, direction: 'in' | 'out' = 'out'): string {
	const [hook, iface] = direction === 'out' ? ['output', 'oifname'] : ['input', 'iifname'];
	return `table inet ${oneWayTable} {
				chain ${direction} { type filter hook ${hook} priority filter; policy accept;
					${iface} "${dev}" udp dport != 53 ${match} counter drop; }
			}`;
}

/** `tc` arguments for a token-bucket rate cap on what leaves `dev` (e.g. rate '1mbit'). */
export function rateLimitArgs(dev: string, rate: string): string[] {
	return [
		'tc',
		'qdisc',
		'replace',
		'dev',
		dev,
		'root',
		'tbf',
		'rate',
		rate,
		'burst',
		'16kb',
		'latency',
		'100ms'
	];
}

/**
 * coturn on `ip` (port 3478, UDP), relaying from the same address; long-term credentials `user`/`pass`; its
 * user database and pid file under `files` (a path prefix).
 */
export function coturnArgs(ip: string, user: string, pass: string, files: string): string[] {
	return [
		'turnserver',
		'-n',
		'--listening-ip',
		ip,
		'--relay-ip',
		ip,
		'--listening-port',
		'3478',
		'--min-port',
		'49160',
		'--max-port',
		'49200',
		'--no-cli',
		'--no-tls',
		'--no-dtls',
		'--no-tcp-relay',
		'--lt-cred-mech',
		'--user',
		`${user}:${pass}`,
		'--realm',
		'qrcall.test',
		'--userdb',
		`${files}-turndb`,
		'--pidfile',
		`${files}-turnserver.pid`,
		'--log-file',
		'stdout',
		'--simple-log'
	];
}

/** What coturn prints once it listens (the wording differs between versions). */
export const coturnReady = /Total UDP servers|listener opened on|Relay address to use/i;
