import {classifyFailure, scopesSatisfied} from '../core/classify.js';
import {sanitizeLine} from '../core/sanitize.js';
import type {NodeStatus} from '../core/node-state.js';
import {connectNode, type Target} from './connect.js';
import {ConnectFailure} from './gateway-client.js';
import {SystemInfoShape} from './frames.js';
import {probeHealthz} from './healthz.js';
import type {Credentials} from './credentials.js';

/**
 * One-shot probe of a node (for `mgw-tui status`): /healthz for reachability and RTT, then a
 * WebSocket handshake and system.info. Never takes much longer than `timeoutMs`.
 */
export async function probeNode(target: Target, creds: Credentials, {timeoutMs = 5000, version = '0'}: {timeoutMs?: number; version?: string} = {}): Promise<NodeStatus> {
	const deadline = Date.now() + timeoutMs;
	const left = () => Math.max(50, deadline - Date.now());
	const work = async (): Promise<NodeStatus> => {
		const h = await probeHealthz(target.host, target.port, left());
		if (!h.ok) {
			const c = classifyFailure({kind: 'transport', code: h.code, message: h.message});
			return {state: c.state, code: c.code, detail: c.detail};
		}
		try {
			const {client, hello} = await connectNode(target, creds, {version, connectTimeoutMs: left(), requestTimeoutMs: left()});
			try {
				const limited = !scopesSatisfied(hello.auth.scopes);
				const sys = limited ? undefined : await client.request('system.info', {}, {timeoutMs: left()}).catch(() => undefined);
				const parsed = SystemInfoShape.safeParse(sys);
				return {
					state: limited ? 'scope-limited' : 'online',
					rttMs: h.rttMs,
					version: hello.server.version && sanitizeLine(hello.server.version),
					uptimeMs: parsed.success ? parsed.data.uptimeMs : hello.snapshot.uptimeMs,
					system: parsed.success ? parsed.data : undefined,
					scopes: hello.auth.scopes,
				};
			} finally {
				client.close();
			}
		} catch (e) {
			const c = e instanceof ConnectFailure ? classifyFailure(e.failure) : {state: 'unreachable' as const, detail: (e as Error).message, code: undefined, requestId: undefined};
			return {state: c.state, code: c.code && sanitizeLine(c.code), detail: sanitizeLine(c.detail), requestId: c.requestId && sanitizeLine(c.requestId), rttMs: h.rttMs};
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
	}
}
