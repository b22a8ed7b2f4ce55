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
	| 'protocol-mismatch';

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

export type NodeStatus = {
	state: NodeState;
	/** HTTP /healthz round trip (ms). */
	rttMs?: number;
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
};

/** What a person can do next, in one line. */
export function nextStep(status: NodeStatus, node: {name: string; host: string; port: number}): string {
	switch (status.state) {
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
			if (status.code === 'AUTH_TOKEN_MISMATCH' || status.code === 'AUTH_PASSWORD_MISMATCH')
				return `token does not match; copy gateway.auth.token from ${node.name} (e to edit)`;
			return `the gateway refused our credentials${status.code ? ` (${status.code})` : ''}; check the token (e to edit)`;
		case 'pairing-required':
			return status.requestId
				? `on ${node.name} run: openclaw devices approve ${status.requestId}`
				: `on ${node.name} run: openclaw devices list, then openclaw devices approve <requestId>`;
		case 'scope-limited':
			return `connected without ${'operator.write/admin'}; approve the scope upgrade on ${node.name} (openclaw devices list)`;
		case 'protocol-mismatch':
			return `gateway speaks another protocol; update OpenClaw on ${node.name} (needs protocol 4, 2026.5 or newer)`;
	}
}
