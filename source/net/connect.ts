import {GatewayClient, ConnectFailure, type ClientOptions} from './gateway-client.js';
import type {Credentials} from './credentials.js';
import type {HelloOkT} from './frames.js';
import {gatewayKey, nodeUrl, type RouteFields, type SecretKind} from '../core/route.js';
import type {Reach} from './route.js';

export type Target = RouteFields & {name: string; token: string; secretKind?: SecretKind};
export type ConnectOptions = {version: string; headers?: Record<string, string>; connectTimeoutMs?: number; requestTimeoutMs?: number; displayName?: string};

/**
 * Connect once with the shared token and our signed device identity (plus the device token
 * the node gave us earlier). A shared-token mismatch is retried once with the device token
 * alone when the gateway says that may work. A new device token in hello-ok is stored.
 */
export async function connectNode(target: Target, creds: Credentials, opts: ConnectOptions, reach?: Reach): Promise<{client: GatewayClient; hello: HelloOkT}> {
	const identity = creds.identity();
	const gateway = gatewayKey(target);
	const stored = creds.deviceToken(target.name, gateway);
	const base: ClientOptions = {
		url: reach?.url ?? nodeUrl(target),
		endpoint: reach?.endpoint ?? {host: target.host, port: target.port, scheme: target.scheme ?? 'ws', pin: target.tlsFingerprint},
		password: target.secretKind === 'password',
		token: target.token,
		identity,
		version: opts.version,
		headers: opts.headers,
		displayName: opts.displayName,
		connectTimeoutMs: opts.connectTimeoutMs,
		requestTimeoutMs: opts.requestTimeoutMs,
	};
	let client = new GatewayClient({...base, deviceToken: stored?.token});
	let hello: HelloOkT;
	try {
		hello = await client.connect();
	} catch (e) {
		const f = e instanceof ConnectFailure ? e.failure : undefined;
		const mismatch = f?.kind === 'rejected' && f.detailsCode === 'AUTH_TOKEN_MISMATCH';
		if (!(mismatch && stored && f.canRetryWithDeviceToken)) throw e;
		client = new GatewayClient({...base, deviceToken: stored.token, deviceTokenOnly: true});
		hello = await client.connect();
	}
	const dt = hello.auth.deviceToken;
	if (dt && dt !== stored?.token) {
		creds.saveDeviceToken(target.name, {token: dt, deviceId: identity.deviceId, scopes: hello.auth.scopes, gateway, issuedAtMs: hello.auth.issuedAtMs});
	}
	return {client, hello};
}
