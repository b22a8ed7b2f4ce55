import {classifyFailure, scopesSatisfied} from '../core/classify.js';
import {sanitizeLine} from '../core/sanitize.js';
import type {NodeStatus} from '../core/node-state.js';
import {connectNode, type Target} from './connect.js';
import {ConnectFailure} from './gateway-client.js';
import {probeHealthz} from './healthz.js';
import type {Credentials} from './credentials.js';
import {healthzFailure} from './node-connection.js';
import {isReach, NodeRoute} from './route.js';

/**
 * One-shot probe of a node (for `mgw-tui status`): /healthz for reachability and RTT, then a
 * WebSocket handshake and system.info. Never takes much longer than `timeoutMs`.
 */
export async function probeNode(
	target: Target,
	creds: Credentials,
	{timeoutMs = 5000, version = '0', env}: {timeoutMs?: number; version?: string; env?: NodeJS.ProcessEnv} = {},
): Promise<NodeStatus> {
	const deadline = Date.now() + timeoutMs;
	const left = () => Math.max(50, deadline - Date.now());
	const route = new NodeRoute(target, {env});
	const work = async (): Promise<NodeStatus> => {
		const t0 = Date.now();
		const reach = await route.reach(left());
		if (!isReach(reach)) return {state: reach.state, code: reach.code, detail: sanitizeLine(reach.detail)};
		const h = await probeHealthz(reach.endpoint, left());
		if (!h.ok) {
			const c = (await route.explain(t0)) ?? healthzFailure(h);
			return {state: c.state, code: c.code, detail: sanitizeLine(c.detail), presented: c.presented};
		}
		try {
			const {client, hello} = await connectNode(target, creds, {version, connectTimeoutMs: left(), requestTimeoutMs: left()}, reach);
			try {
				const limited = !scopesSatisfied(hello.auth.scopes);
				const sys = limited ? undefined : await client.request('system.info', {}, {timeoutMs: left()}).catch(() => undefined);
				return {
					state: limited ? 'scope-limited' : 'online',
					rttMs: h.rttMs,
					version: hello.server.version,
					uptimeMs: sys?.uptimeMs ?? hello.snapshot.uptimeMs,
					system: sys,
					scopes: hello.auth.scopes,
					presented: client.tls?.fingerprint,
				};
			} finally {
				client.close();
			}
		} catch (e) {
			const c = e instanceof ConnectFailure ? classifyFailure(e.failure) : {state: 'unreachable' as const, detail: (e as Error).message, code: undefined, requestId: undefined};
			return {state: c.state, code: c.code && sanitizeLine(c.code, 64), detail: sanitizeLine(c.detail, 2000), requestId: c.requestId, rttMs: h.rttMs, presented: 'presented' in c ? c.presented : undefined};
		}
	};
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<NodeStatus>(resolve => {
		timer = setTimeout(() => resolve({state: 'unreachable', code: 'ETIMEDOUT', detail: `no answer within ${timeoutMs} ms`}), timeoutMs + 250);
	});
	try {
		return await Promise.race([work(), timeout]);
	} finally {
		clearTimeout(timer);
		await route.stop();
	}
}
