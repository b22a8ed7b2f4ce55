/** Node states, modelled on `openclaw gateway probe`. Each has a glyph, a word and a next step. */
export type NodeState =
	| 'unknown'
	| 'connecting'
	| 'online'
	| 'degraded'
	| 'unreachable'
	| 'auth-failed'
	| 'pairing-required'
	| 'scope-limited'
	| 'protocol-mismatch'
	| 'tls-untrusted'
	| 'tls-mismatch'
	| 'ssh-failed';

export type SystemInfo = {
	hostname?: string;
	platform?: string;
	arch?: string;
	osLabel?: string;
	cpuCount?: number;
	loadAverage?: number[];
	memoryTotalBytes?: number;
	memoryFreeBytes?: number;
	uptimeMs?: number;
	nodeVersion?: string;
	lanAddress?: string;
};

/** Shown instead of a pairing request id that is not an id (net/frames.ts isRequestId): never put in a command. */
export const INVALID_REQUEST_ID = '(invalid request id from gateway)';

export type NodeStatus = {
	state: NodeState;
	/** Round trip (ms): the first contact's, then the median of the last pings on the connection. */
	rttMs?: number;
	/**
	 * Whether rttMs is a median of at least three pings. Until then (the first contact's round
	 * trip, made among many at start-up) it is shown as measured but is no anchor for the band
	 * that keeps jitter off the screen (core/node-view.ts), so an early outlier is not kept for good.
	 */
	rttSettled?: boolean;
	version?: string;
	/** Gateway uptime at the last snapshot (ms) and when that was (epoch ms). */
	uptimeMs?: number;
	uptimeAt?: number;
	system?: SystemInfo;
	activeRuns?: number;
	/** Devices waiting for approval on that gateway (device.pair.list; only where we have the pairing scope). */
	pendingDevices?: number;
	scopes?: string[];
	/** details.code from the gateway, or a transport code (ECONNREFUSED, ETIMEDOUT, ENOTFOUND …). */
	code?: string;
	/** One-line reason in words. */
	detail?: string;
	/** Pairing request id when state is pairing-required. */
	requestId?: string;
	/** Last error text (sanitised) for the detail view. */
	lastError?: string;
	health?: {ok?: boolean; agents?: number; sessions?: number; defaultAgentId?: string};
	agents?: {id: string; name?: string; isDefault?: boolean}[];
	devices?: number;
	since?: number;
	/** The certificate the gateway presented (SHA-256, AB:CD:…) when reached over wss or refused. */
	presented?: string;
};

export const STATE_LOOK: Record<NodeState, {glyph: string; word: string; tone: 'ok' | 'warn' | 'bad' | 'dim'}> = {
	unknown: {glyph: '·', word: 'new', tone: 'dim'},
	connecting: {glyph: '○', word: 'connecting', tone: 'dim'},
	online: {glyph: '●', word: 'online', tone: 'ok'},
	degraded: {glyph: '◐', word: 'degraded', tone: 'warn'},
	unreachable: {glyph: '✖', word: 'unreachable', tone: 'bad'},
	'auth-failed': {glyph: '✖', word: 'auth failed', tone: 'bad'},
	'pairing-required': {glyph: '◌', word: 'pairing', tone: 'warn'},
	'scope-limited': {glyph: '◑', word: 'scope limited', tone: 'warn'},
	'protocol-mismatch': {glyph: '✖', word: 'protocol', tone: 'bad'},
	'tls-untrusted': {glyph: '✖', word: 'untrusted certificate', tone: 'bad'},
	'tls-mismatch': {glyph: '✖', word: 'tls mismatch', tone: 'bad'},
	'ssh-failed': {glyph: '✖', word: 'ssh failed', tone: 'bad'},
};

/** How to read a gateway's certificate fingerprint on that computer (OpenClaw's generated cert under its state dir). */
export const CHECK_FINGERPRINT = 'openssl x509 -noout -fingerprint -sha256 -in ~/.openclaw/gateway/tls/gateway-cert.pem';

const SSH_STEPS: Record<string, (t: string, port: number) => string> = {
	SSH_HOST_KEY_UNKNOWN: t => `run ssh ${t} once in a terminal, check the host key and accept it (the console never answers that question)`,
	SSH_HOST_KEY_CHANGED: t => `the host key of ${t} CHANGED: check with whoever runs it; if expected, ssh-keygen -R <host> and connect once by hand`,
	SSH_AUTH: t => `ssh ${t} must log in without a prompt: ssh-copy-id ${t} (key) or load the key into ssh-agent`,
	SSH_REFUSED: t => `nothing accepts SSH on ${t}; start sshd there (or check the port)`,
	SSH_TIMEOUT: t => `no answer from ${t}; check the computer is on and reachable`,
	SSH_NO_HOST: t => `"${t}" does not resolve; use its IP or a Host entry in ~/.ssh/config`,
	SSH_NO_GATEWAY: (t, port) => `nothing listens on 127.0.0.1:${port} on ${t}; start the gateway there (bind "loopback" is enough)`,
	SSH_MISSING: () => 'no ssh client found; install OpenSSH or set MGW_TUI_SSH_COMMAND',
};

/** What a person can do next, in one line. */
export function nextStep(status: NodeStatus, node: {name: string; host: string; port: number; ssh?: string; tlsFingerprint?: string}): string {
	switch (status.state) {
		case 'tls-untrusted':
			return `self-signed certificate SHA-256 ${status.presented ?? '?'}; compare it on ${node.name} (${CHECK_FINGERPRINT}), then trust it: T here or mgw-tui nodes trust ${node.name} SHA256`;
		case 'tls-mismatch':
			return `REFUSED, nothing sent: the certificate is ${status.presented ?? '?'} but the pin is ${node.tlsFingerprint ?? '?'}; if ${node.name}'s certificate was renewed, check it (${CHECK_FINGERPRINT}) and trust the new one`;
		case 'ssh-failed':
			return (SSH_STEPS[status.code ?? ''] ?? (t => `the ssh tunnel to ${t} stopped; run ssh ${t} by hand to see why`))(node.ssh ?? node.host, node.port);
		case 'online':
			return 'nothing to do';
		case 'unknown':
		case 'connecting':
			return 'wait a moment; the console is connecting';
		case 'degraded':
			return status.detail ? `${status.detail}; watch load and RTT, or route tasks elsewhere` : 'slow or partly failing; watch load and RTT';
		case 'unreachable':
			if (status.code === 'ENOTFOUND' || status.code === 'EAI_AGAIN')
				return `name "${node.host}" does not resolve; use its IP (openclaw gateway status on that computer)`;
			if (status.code === 'ECONNREFUSED')
				return `nothing listens on ${node.host}:${node.port}; start the gateway there, and set gateway.bind to "lan" (not "0.0.0.0") if it is another computer`;
			return `no answer from ${node.host}:${node.port}; check the computer is on, the firewall, and gateway.bind "lan" there`;
		case 'auth-failed':
			if (status.code === 'AUTH_RATE_LIMITED') return 'too many failed logins; wait a few minutes, then fix the token (e to edit)';
			if (status.code === 'AUTH_PASSWORD_MISMATCH') return `password does not match; use gateway.auth.password of ${node.name} (e to edit)`;
			if (status.code === 'AUTH_TOKEN_MISMATCH') return `token does not match; copy gateway.auth.token from ${node.name} (e to edit)`;
			return `the gateway refused our credentials${status.code ? ` (${status.code})` : ''}; check the token (e to edit)`;
		case 'pairing-required':
			return status.requestId === INVALID_REQUEST_ID
				? `on ${node.name} run: openclaw devices list, then approve this console's request (${INVALID_REQUEST_ID})`
				: status.requestId
				? `on ${node.name} run: openclaw devices approve ${status.requestId}`
				: `on ${node.name} run: openclaw devices list, then openclaw devices approve <requestId>`;
		case 'scope-limited':
			return `connected without ${'operator.write/admin'}; approve the scope upgrade on ${node.name} (openclaw devices list)`;
		case 'protocol-mismatch':
			if (status.code === 'TLS_REQUIRED') return `this gateway speaks TLS: use wss://${node.host}:${node.port} (e to edit), then check and trust its certificate`;
			if (status.code === 'TLS_NOT_SPOKEN') return `this gateway does not speak TLS: use ws://${node.host}:${node.port} (e to edit)`;
			return `gateway speaks another protocol; update OpenClaw on ${node.name} (needs protocol 4, 2026.5 or newer)`;
	}
}
