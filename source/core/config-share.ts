import {REDACTED} from './gateway-check.js';
import {getPath} from './config-target.js';
import {maskToken} from './mask.js';

export type ShareAbout =
	| {kind: 'local'; hostname: string; lan: {iface: string; address: string}[]; tailnet?: string; running?: boolean}
	| {kind: 'node'; name: string; host: string; running: boolean};

/**
 * The connection-info screen, about ONE computer: this one (its own addresses) or a node (the
 * host it is known by here) — never one computer's address with another's port. A redacted
 * token is never shown as if it were one. Warns when other computers cannot reach the gateway
 * (bind loopback, not running) and offers the SSH route instead. Pure.
 */
export function shareLines(about: ShareAbout, config: unknown, reveal: boolean): string[] {
	const {port, token} = shareAccess(config);
	const bind = getPath(config, ['gateway', 'bind']);
	const t = getPath(config, ['gateway', 'auth', 'token']);
	const tok = token ? (reveal ? token : maskToken(token)) : t === REDACTED ? '(redacted over RPC: copy gateway.auth.token on that computer)' : '(no token: set gateway.auth.token)';
	const rowTok = token ? (reveal ? token : maskToken(token)) : '<token>';
	const name = about.kind === 'local' ? about.hostname : about.name;
	const ips = about.kind === 'local' ? [...about.lan.map(a => a.address), ...(about.tailnet ? [about.tailnet] : [])] : [about.host];
	const lines: string[] = [];
	if (about.kind === 'local') {
		lines.push(`Computer   ${about.hostname} (this computer)`, `LAN        ${about.lan.map(a => `${a.address} (${a.iface})`).join(', ') || '—'}`, `Tailnet    ${about.tailnet ?? '— (no Tailscale address)'}`);
	} else {
		lines.push(`Node       ${about.name}`, `Address    ${about.host} (as this console reaches it)`);
	}
	lines.push(`Port       ${port}`, `Token      ${tok}`, '');
	const loopback = bind === undefined || bind === 'loopback';
	const down = about.running === false;
	if (loopback || down) {
		if (loopback) lines.push(`⚠ bind is ${bind === undefined ? 'not set (loopback)' : '"loopback"'}: other computers cannot reach this gateway.`);
		if (down) lines.push('⚠ the gateway is not running there.');
		lines.push(`Reach it with an SSH tunnel instead: mgw-tui nodes add ${name} ws://127.0.0.1:${port} --ssh user@${ips[0] ?? 'host'}`, 'or set bind "lan" (Enter on bind) and restart the gateway.', '');
	}
	lines.push("Paste into the main computer's TOOLS.md, then: mgw-tui nodes import TOOLS.md", ...importRows(about, port, rowTok));
	if (!loopback && !down) {
		lines.push('', `Safest: bind "loopback" and an SSH tunnel (no pairing, no token on the LAN): mgw-tui nodes add ${name} ws://127.0.0.1:${port} --ssh user@${ips[0] ?? 'host'}`);
	}
	return lines;
}

/** Port and token of a config as the share screen uses them (a redacted token is no token). */
export function shareAccess(config: unknown): {port: number; token?: string} {
	const p = getPath(config, ['gateway', 'port']);
	const t = getPath(config, ['gateway', 'auth', 'token']);
	return {port: typeof p === 'number' ? p : 18789, token: typeof t === 'string' && t !== REDACTED ? t : undefined};
}

/** The table rows the main computer's `nodes import` reads, for the computer the screen is about. */
export function importRows(about: ShareAbout, port: number, tok: string): string[] {
	const head = ['| 名称 | IP | 端口 | Token |', '|------|-----|------|-------|'];
	if (about.kind === 'node') return [...head, `| ${about.name} | ${about.host} | ${port} | ${tok} |`];
	const ip = about.lan[0]?.address ?? about.tailnet ?? '127.0.0.1';
	return [...head, `| ${about.hostname} | ${ip} | ${port} | ${tok} |`, ...(about.tailnet && about.lan.length ? [`| ${about.hostname}-ts | ${about.tailnet} | ${port} | ${tok} |`] : [])];
}

/** Which computer the share screen is about: the node whose config is open, else this one. */
export function shareAbout(target: string, nodes: readonly {name: string; host: string}[], online: (name: string) => boolean, info: {hostname: string; lan: {iface: string; address: string}[]; tailnet?: string}): ShareAbout {
	const node = target !== 'local' ? nodes.find(n => n.name === target) : undefined;
	if (node) return {kind: 'node', name: node.name, host: node.host, running: online(node.name)};
	const self = nodes.find(n => n.name === 'local' && (n.host === '127.0.0.1' || n.host === 'localhost'));
	return {kind: 'local', ...info, running: self ? online(self.name) : undefined};
}
