import {isIPv6, parseHostPort, parsePort} from './address.js';

/**
 * How the console reaches a node: plain `ws://`, `wss://` (TLS, self-signed certificates only
 * with an explicit SHA-256 pin), an `https://` Tailscale Serve/Funnel URL (wss on 443, optional
 * path), or `ws://` through an SSH tunnel (the URL is then the gateway as seen from the SSH
 * target). Pure parsing and validation; every error names its field.
 */
export type Scheme = 'ws' | 'wss';
export type SecretKind = 'token' | 'password';
export type RouteFields = {host: string; port: number; scheme?: Scheme; path?: string; ssh?: string; tlsFingerprint?: string};
export type ParsedUrl = {scheme: Scheme; host: string; port?: number; path?: string};
type Err = {error: string};

export const DEFAULT_PORT = 18789;
const PATH_RE = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * `ws://host[:port]`, `wss://host[:port]`, `https://host[/path]` (wss, port 443), or a bare
 * `host[:port]` (ws). Returns undefined port when none was given (the caller's default applies).
 */
export function parseNodeUrl(input: string): ParsedUrl | Err {
	const s = input.trim();
	if (!s) return {error: 'address is empty'};
	const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(s);
	if (!m) return hostPort(s, 'ws');
	const scheme = m[1]!.toLowerCase();
	if (scheme !== 'ws' && scheme !== 'wss' && scheme !== 'https') {
		return {error: `unknown scheme "${scheme}://"; use ws://, wss:// or https:// (Tailscale Serve)`};
	}
	const rest = m[2]!;
	const slash = rest.search(/[/?#]/);
	const authority = slash === -1 ? rest : rest.slice(0, slash);
	const tail = slash === -1 ? '' : rest.slice(slash);
	if (authority.includes('@')) return {error: 'the address may not contain "user@" credentials; the secret goes in the token field'};
	if (/[?#]/.test(tail)) return {error: 'the address may not have a ?query or #fragment'};
	const path = tail === '' || tail === '/' ? undefined : tail;
	if (path !== undefined && scheme === 'ws') return {error: 'a path is only allowed on wss:// or https:// (Tailscale Serve) addresses, not on ws://'};
	if (path !== undefined && !PATH_RE.test(path)) return {error: `path "${path}" has characters a URL path may not have`};
	const hp = hostPort(authority, scheme === 'https' ? 'wss' : (scheme as Scheme));
	if ('error' in hp) return hp;
	if (scheme === 'https' && hp.port === undefined) hp.port = 443;
	return path ? {...hp, path} : hp;
}

function hostPort(s: string, scheme: Scheme): ParsedUrl | Err {
	const hp = parseHostPort(s);
	return 'error' in hp ? hp : {scheme, ...hp};
}

/** SHA-256 fingerprint: 64 hex digits, with or without colons, optional `sha256:` / `SHA256 Fingerprint=` prefix → `AB:CD:…`. */
export function normalizeFingerprint(input: string): string | Err {
	const v = input
		.trim()
		.replace(/^sha256\s*(fingerprint)?\s*[:=]\s*/i, '')
		.trim();
	const hex = /^[0-9a-f]{64}$/i.test(v) ? v : /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/i.test(v) ? v.replaceAll(':', '') : undefined;
	if (!hex) return {error: `"${input.trim().slice(0, 80)}" is not a SHA-256 fingerprint (64 hex digits, colons allowed)`};
	return hex.toUpperCase().match(/../g)!.join(':');
}

export const isFingerprint = (s: string) => typeof normalizeFingerprint(s) === 'string' && normalizeFingerprint(s) === s;

export type SshTarget = {host: string; user?: string; port?: number; alias: boolean};

/**
 * An SSH target: a `~/.ssh/config` alias or `[user@]host[:port]`. Anything ssh could read as an
 * option (a leading `-`), whitespace, quotes or control characters are refused.
 */
export function parseSshTarget(input: string): SshTarget | Err {
	const s = input.trim();
	if (!s) return {error: 'ssh target is empty'};
	if (s.startsWith('-')) return {error: `"${s.slice(0, 40)}" starts with "-" and could be read as an ssh option; give an alias from ~/.ssh/config or user@host[:port]`};
	if (/[\s"'`\\;|&$<>(){}\u0000-\u001f\u007f]/.test(s)) return {error: 'ssh target may not contain spaces, quotes or shell characters; give an alias from ~/.ssh/config or user@host[:port]'};
	const at = s.lastIndexOf('@');
	const user = at === -1 ? undefined : s.slice(0, at);
	if (user !== undefined && !/^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/.test(user)) return {error: `ssh user "${user}" is not a valid user name`};
	const rest = at === -1 ? s : s.slice(at + 1);
	const hp = hostPort(rest, 'ws');
	if ('error' in hp) return {error: `ssh target: ${hp.error}`};
	const alias = user === undefined && hp.port === undefined && !hp.host.includes('.') && !isIPv6(hp.host);
	return {host: hp.host, ...(user ? {user} : {}), ...(hp.port ? {port: hp.port} : {}), alias};
}

/** The destination argument for OpenSSH (after `--`): `ssh://user@host:port` when a port is given. */
export function sshDestination(t: SshTarget): string {
	const h = isIPv6(t.host) ? `[${t.host}]` : t.host;
	if (t.port) return `ssh://${t.user ? `${t.user}@` : ''}${h}:${t.port}`;
	return `${t.user ? `${t.user}@` : ''}${t.host}`;
}

const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);

/** The gateway URL the console connects to (for SSH routes, as seen from the tunnel's far end). */
export function nodeUrl(n: RouteFields): string {
	const scheme = n.scheme ?? 'ws';
	return `${scheme}://${bracket(n.host)}:${n.port}${n.path ?? ''}`;
}

/** How the address is written back for the user: `https://x.ts.net/p` for Tailscale, otherwise the URL (or host for plain ws). */
export function displayAddress(n: RouteFields): string {
	if (n.scheme === 'wss' && n.port === 443) return `https://${bracket(n.host)}${n.path ?? ''}`;
	return nodeUrl(n);
}

/** Identifies the gateway a device token was issued by: `host:port` for plain ws (as before), else the route. */
export function gatewayKey(n: RouteFields): string {
	if (!n.ssh && (n.scheme ?? 'ws') === 'ws') return `${n.host}:${n.port}`;
	return `${n.ssh ? `ssh:${n.ssh}|` : ''}${nodeUrl(n)}`;
}

export const isTailscaleHost = (host: string) => /\.ts\.net\.?$/i.test(host);

export type RouteKind = 'ws' | 'wss' | 'ssh' | 'tailscale';
export function routeKind(n: RouteFields): RouteKind {
	if (n.ssh) return 'ssh';
	if (n.scheme === 'wss') return isTailscaleHost(n.host) ? 'tailscale' : 'wss';
	return 'ws';
}

/** The short route label: `ws`, `wss 🔒`, `ssh → host`, `tailscale`. */
export function routeLabel(n: RouteFields): string {
	switch (routeKind(n)) {
		case 'ssh': {
			const t = parseSshTarget(n.ssh!);
			return `ssh → ${'error' in t ? n.ssh : t.host}`;
		}
		case 'tailscale':
			return 'tailscale';
		case 'wss':
			return 'wss 🔒';
		default:
			return 'ws';
	}
}

export type RouteInput = {address: string; port?: string; ssh?: string; tls?: string; auth?: string};
export type RouteErrors = Partial<Record<'host' | 'port' | 'ssh' | 'tls' | 'auth', string>>;
export type RouteValue = {host: string; port: number; scheme?: Scheme; path?: string; ssh?: string; tlsFingerprint?: string; secretKind?: SecretKind};

/** Validate the route part of a node (address, port, ssh target, pin, secret kind); errors keyed by form field. A port in the address wins over the port field. */
export function validateRoute(input: RouteInput): {ok: true; value: RouteValue} | {ok: false; errors: RouteErrors} {
	const errors: RouteErrors = {};
	const u = input.address.trim() ? parseNodeUrl(input.address) : {error: 'host is required'};
	let port: number | undefined;
	if (input.port?.trim()) {
		const p = parsePort(input.port);
		if (typeof p === 'number') port = p;
		else errors.port = p.error;
	}
	if ('error' in u) errors.host = u.error;
	let ssh: string | undefined;
	if (input.ssh?.trim()) {
		const t = parseSshTarget(input.ssh);
		if ('error' in t) errors.ssh = t.error;
		else ssh = input.ssh.trim();
		if (!('error' in t) && !('error' in u) && u.scheme !== 'ws') errors.ssh = 'the ssh tunnel carries plain ws://; give the gateway as seen from that computer, e.g. ws://127.0.0.1:18789';
	}
	let pin: string | undefined;
	if (input.tls?.trim()) {
		const f = normalizeFingerprint(input.tls);
		if (typeof f === 'string') pin = f;
		else errors.tls = f.error;
		if (!('error' in u) && u.scheme !== 'wss') errors.tls = 'a certificate pin needs a wss:// or https:// address';
	}
	const kind = (input.auth ?? '').trim().toLowerCase();
	if (kind && kind !== 'token' && kind !== 'password') errors.auth = `auth "${input.auth}" must be token or password`;
	if (Object.keys(errors).length || 'error' in u) return {ok: false, errors};
	const value: RouteValue = {host: u.host, port: u.port ?? port ?? DEFAULT_PORT};
	if (u.scheme === 'wss') value.scheme = 'wss';
	if (u.path) value.path = u.path;
	if (ssh) value.ssh = ssh;
	if (pin) value.tlsFingerprint = pin;
	if (kind === 'password') value.secretKind = 'password';
	return {ok: true, value};
}
