/** Dotted-decimal IPv4, as node:net's isIPv4 reads it (no leading zeros, each part 0–255). */
export const isIPv4 = (s: string): boolean => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s);

/** IPv6 (with an optional %zone), checked by the WHATWG URL parser — pure, unlike node:net. */
export function isIPv6(s: string): boolean {
	const [addr = '', zone, extra] = s.split('%');
	if (extra !== undefined || zone === '' || (zone !== undefined && !/^[\w.-]+$/.test(zone))) return false;
	if (!addr.includes(':') || !/^[0-9a-fA-F:.]+$/.test(addr)) return false;
	try {
		return new URL(`http://[${addr}]/`).hostname.length > 2;
	} catch {
		return false;
	}
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export function isHostname(host: string): boolean {
	if (host.length === 0 || host.length > 253) return false;
	const h = host.endsWith('.') ? host.slice(0, -1) : host;
	const labels = h.split('.');
	// A name made only of digits and dots is a malformed IPv4, not a hostname.
	if (labels.every(l => /^\d+$/.test(l))) return false;
	return labels.every(l => LABEL.test(l));
}

export function isHost(host: string): boolean {
	return isIPv4(host) || isIPv6(host) || isHostname(host);
}

export type HostPort = {host: string; port?: number};

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address. */
export function parseHostPort(input: string): HostPort | {error: string} {
	const s = input.trim();
	if (!s) return {error: 'host is empty'};
	let host = s;
	let portText: string | undefined;
	const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
	if (bracket) {
		host = bracket[1]!;
		portText = bracket[2];
	} else if (!isIPv6(s)) {
		const i = s.lastIndexOf(':');
		if (i !== -1) {
			host = s.slice(0, i);
			portText = s.slice(i + 1);
		}
	}
	if (!isHost(host)) return {error: `"${host}" is not an IPv4 or IPv6 address or a hostname`};
	if (portText === undefined) return {host};
	const port = parsePort(portText);
	if (typeof port !== 'number') return port;
	return {host, port};
}

export function parsePort(text: string): number | {error: string} {
	const t = text.trim();
	if (!/^\d+$/.test(t)) return {error: `port "${text}" is not a number`};
	const n = Number(t);
	if (n < 1 || n > 65535) return {error: `port ${n} is out of range 1–65535`};
	return n;
}

export const formatHost = (host: string): string => (isIPv6(host) ? `[${host}]` : host);
