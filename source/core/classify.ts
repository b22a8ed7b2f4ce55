import type {NodeState} from './node-state.js';

/** What went wrong while connecting, as the client saw it. */
export type Failure =
	| {kind: 'transport'; code?: string; message: string}
	| {kind: 'timeout'; message: string}
	| {kind: 'rejected'; code: string; detailsCode?: string; message: string; requestId?: string; retryAfterMs?: number; canRetryWithDeviceToken?: boolean}
	| {kind: 'closed'; closeCode: number; reason: string}
	| {kind: 'tls'; code: 'TLS_UNTRUSTED' | 'TLS_MISMATCH' | 'TLS_REQUIRED' | 'TLS_NOT_SPOKEN'; message: string; presented?: string; pin?: string};

export type Classified = {state: NodeState; code?: string; detail: string; requestId?: string; retryAfterMs?: number; presented?: string};

const TRANSPORT_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ETIMEDOUT: 'timed out',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ECONNRESET: 'connection reset',
};

/** Map a failure to a node state (modelled on `openclaw gateway probe`). Pure. */
export function classifyFailure(f: Failure): Classified {
	switch (f.kind) {
		case 'transport':
			return {state: 'unreachable', code: f.code, detail: f.code && TRANSPORT_WORDS[f.code] ? TRANSPORT_WORDS[f.code]! : f.message};
		case 'timeout':
			return {state: 'unreachable', code: 'ETIMEDOUT', detail: f.message};
		case 'tls':
			if (f.code === 'TLS_UNTRUSTED') return {state: 'tls-untrusted', code: f.code, detail: f.message, presented: f.presented};
			if (f.code === 'TLS_MISMATCH') return {state: 'tls-mismatch', code: f.code, detail: f.message, presented: f.presented};
			if (f.code === 'TLS_REQUIRED') return {state: 'protocol-mismatch', code: f.code, detail: 'this gateway speaks TLS: use wss://', presented: f.presented};
			return {state: 'protocol-mismatch', code: f.code, detail: 'this gateway does not speak TLS: use ws://'};
		case 'closed':
			if (f.closeCode === 1002) return {state: 'protocol-mismatch', code: 'PROTOCOL_MISMATCH', detail: f.reason || 'protocol error'};
			if (f.closeCode === 1008) return {state: 'auth-failed', code: 'POLICY_VIOLATION', detail: f.reason || 'refused by policy'};
			if (f.closeCode === 4001) return {state: 'connecting', code: 'AUTH_CHANGED', detail: 'gateway auth changed; reconnecting'};
			return {state: 'unreachable', code: `CLOSE_${f.closeCode}`, detail: f.reason || 'connection closed'};
		case 'rejected': {
			const dc = f.detailsCode ?? f.code;
			if (dc === 'PAIRING_REQUIRED' || f.code === 'NOT_PAIRED') {
				return {state: 'pairing-required', code: dc, detail: 'this console is not approved on that gateway yet', requestId: f.requestId};
			}
			if (dc === 'PROTOCOL_MISMATCH') return {state: 'protocol-mismatch', code: dc, detail: f.message};
			if (f.code === 'UNAVAILABLE') return {state: 'connecting', code: dc, detail: 'gateway is starting', retryAfterMs: f.retryAfterMs};
			if (dc.startsWith('AUTH_') || dc.startsWith('DEVICE_AUTH_') || /unauthori[sz]ed/i.test(f.message)) {
				return {state: 'auth-failed', code: dc, detail: f.message, retryAfterMs: f.retryAfterMs};
			}
			return {state: 'auth-failed', code: dc, detail: f.message};
		}
	}
}

/** Scopes the console needs; a connection granted less is "scope limited". */
export const NEEDED_SCOPES = ['operator.read', 'operator.write'] as const;

export function scopesSatisfied(granted: readonly string[]): boolean {
	if (granted.includes('operator.admin')) return true;
	const has = (s: string) => granted.includes(s) || (s === 'operator.read' && granted.includes('operator.write'));
	return NEEDED_SCOPES.every(has);
}
