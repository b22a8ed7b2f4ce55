import crypto from 'node:crypto';
import {v3Payload, verifyDevice} from '../device-identity.js';

/** The keys OpenClaw's closed ConnectParams schema accepts; anything else is INVALID_REQUEST. */
const CONNECT_KEYS = new Set(['minProtocol', 'maxProtocol', 'client', 'role', 'scopes', 'caps', 'auth', 'device', 'locale', 'userAgent', 'pathEnv', 'modelCatalog', 'computerUse', 'workerRuns', 'commands', 'permissions']);
const CLIENT_IDS = new Set(['webchat-ui', 'openclaw-control-ui', 'openclaw-browser-copilot', 'openclaw-tui', 'webchat', 'cli', 'gateway-client', 'openclaw-macos', 'openclaw-linux', 'openclaw-ios', 'openclaw-watchos', 'openclaw-android', 'node-host', 'openclaw-worker', 'test', 'fingerprint', 'openclaw-probe']);

export type ConnectCheck =
	| {ok: true; deviceId?: string; scopes: string[]; viaDeviceToken: boolean}
	| {ok: false; code: string; message: string; details: Record<string, unknown>; close: number};

export type HandshakeState = {
	token: string;
	/** Password mode: the shared secret is compared as auth.password (auth.token is not accepted). */
	password?: string;
	protocol: number;
	requirePairing: boolean;
	approved: Map<string, {scopes: string[]}>;
	deviceTokens: Map<string, string>;
	pending: Map<string, {requestId: string; deviceId: string; scopes: string[]; createdAt: number}>;
	pairingTtlMs: number;
};

/** Validate a connect request the way a 2026.9.6 gateway does (subset). */
export function checkConnect(params: Record<string, unknown>, challenge: {nonce: string; ts: number}, st: HandshakeState): ConnectCheck {
	const bad = (code: string, message: string, details: Record<string, unknown> = {}, close = 1008): ConnectCheck => ({ok: false, code, message, details, close});
	const extra = Object.keys(params).filter(k => !CONNECT_KEYS.has(k));
	if (extra.length) return bad('INVALID_REQUEST', `invalid connect params: unexpected property ${extra[0]}`);
	const {minProtocol, maxProtocol} = params as {minProtocol?: number; maxProtocol?: number};
	if (typeof minProtocol !== 'number' || typeof maxProtocol !== 'number' || st.protocol < minProtocol || st.protocol > maxProtocol) {
		return bad('INVALID_REQUEST', 'protocol mismatch', {code: 'PROTOCOL_MISMATCH', expectedProtocol: st.protocol}, 1002);
	}
	const client = params.client as {id?: string; mode?: string; platform?: string; deviceFamily?: string} | undefined;
	if (!client || !CLIENT_IDS.has(String(client.id))) return bad('INVALID_REQUEST', 'invalid connect params: client.id');
	const scopes = Array.isArray(params.scopes) ? (params.scopes as string[]) : [];
	const auth = (params.auth ?? {}) as {token?: string; password?: string; deviceToken?: string};
	const device = params.device as {id: string; publicKey: string; signature: string; signedAt: number; nonce: string} | undefined;
	if (device) {
		if (device.nonce !== challenge.nonce) return bad('INVALID_REQUEST', 'device nonce mismatch', {code: 'DEVICE_AUTH_NONCE_MISMATCH'});
		const payload = v3Payload(device.id, {
			clientId: String(client.id),
			clientMode: String(client.mode),
			role: String(params.role ?? 'operator'),
			scopes,
			signedAtMs: device.signedAt,
			token: auth.token ?? auth.deviceToken ?? '',
			nonce: device.nonce,
			platform: String(client.platform ?? ''),
			deviceFamily: client.deviceFamily,
		});
		if (!verifyDevice(device, payload)) return bad('INVALID_REQUEST', 'device signature invalid', {code: 'DEVICE_AUTH_SIGNATURE_INVALID'});
	}
	const deviceTokenOk = Boolean(device && auth.deviceToken && st.deviceTokens.get(device.id) === auth.deviceToken);
	const tokenOk = st.password !== undefined ? auth.password === st.password : auth.token === st.token;
	if (!tokenOk && !deviceTokenOk) {
		const code = st.password !== undefined ? 'AUTH_PASSWORD_MISMATCH' : auth.token === undefined && !auth.deviceToken ? 'AUTH_TOKEN_MISSING' : 'AUTH_TOKEN_MISMATCH';
		return bad('INVALID_REQUEST', "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)", {
			code,
			canRetryWithDeviceToken: Boolean(device),
			recommendedNextStep: device ? 'retry_with_device_token' : 'update_auth_credentials',
		});
	}
	if (!device) return {ok: true, scopes: client.id === 'cli' ? scopes : [], viaDeviceToken: false};
	if (st.requirePairing && !st.approved.has(device.id)) {
		let req = [...st.pending.values()].find(p => p.deviceId === device.id && Date.now() - p.createdAt < st.pairingTtlMs);
		if (!req) {
			req = {requestId: crypto.randomUUID(), deviceId: device.id, scopes, createdAt: Date.now()};
			st.pending.set(req.requestId, req);
		}
		return bad('NOT_PAIRED', 'pairing required: device is not approved yet', {
			code: 'PAIRING_REQUIRED',
			reason: 'not-paired',
			requestId: req.requestId,
			deviceId: device.id,
			requestedRole: 'operator',
			requestedScopes: scopes,
		});
	}
	if (!st.approved.has(device.id)) st.approved.set(device.id, {scopes});
	const granted = st.approved.get(device.id)!.scopes;
	return {ok: true, deviceId: device.id, scopes: scopes.filter(s => granted.includes(s)), viaDeviceToken: !tokenOk};
}
