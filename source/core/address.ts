import {isIPv4, isIPv6} from 'node:net';

export {isIPv4, isIPv6};

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
