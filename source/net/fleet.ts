import {EventEmitter} from 'node:events';
import PQueue from 'p-queue';
import type {NodeStatus} from '../core/node-state.js';
import {NodeConnection, type ConnectionOptions, type Limiter} from './node-connection.js';
import {PollClock} from './poll-clock.js';
import type {Credentials} from './credentials.js';
import type {Target} from './connect.js';
import {DevicePairListShape, type GatewayEvent, type Method, type SystemInfo} from './frames.js';
import type {Clean} from '../core/sanitize.js';
import {gatewayKey} from '../core/route.js';

export type NodeDetail = {
	system?: SystemInfo;
	health?: {ok?: boolean; defaultAgentId?: Clean; agents?: number; sessions?: number};
	agents?: {id: Clean; name?: Clean}[];
	devices?: {paired: number; pending: number};
	errors: string[];
};

/**
 * All node connections. sync() starts, restarts (host, port or token changed) and stops
 * connections to match the registry. Emits 'status' (name, NodeStatus) and 'event' (name, frame).
 */
export class Fleet extends EventEmitter {
	#conns = new Map<string, {key: string; conn: NodeConnection}>();
	readonly opts: ConnectionOptions;
	readonly #basePollMs: number;

	constructor(
		readonly creds: Credentials,
		opts: ConnectionOptions,
		/** Handshakes and polls in flight at once, across all nodes (1 000 first contacts queue instead of timing out); handshakes first. */
		concurrency = 32,
	) {
		super();
		const queue = new PQueue({concurrency});
		const limit: Limiter = (fn, background = false) => queue.add(fn, {priority: background ? 0 : 1});
		this.opts = {limit, pollClock: new PollClock(() => this.opts.pollMs ?? 10_000), ...opts};
		this.#basePollMs = opts.pollMs ?? 10_000;
		this.setMaxListeners(100);
	}

	sync(targets: readonly Target[]): void {
		// Polls (a ping and system.info) cost the same per node: with many nodes each is polled
		// less often so the fleet's total stays ≤ 25 a second (1 000 nodes: every 40 s). The
		// fleet's poll clock reads it at each firing.
		this.opts.pollMs = Math.max(this.#basePollMs, targets.length * 40);
		const want = new Map(targets.map(t => [t.name, t]));
		for (const [name, c] of this.#conns) {
			const t = want.get(name);
			if (!t || c.key !== keyOf(t)) {
				void c.conn.stop();
				c.conn.removeAllListeners();
				this.#conns.delete(name);
				if (!t) this.emit('status', name, undefined);
			}
		}
		for (const t of targets) {
			if (this.#conns.has(t.name)) continue;
			const conn = new NodeConnection(t, this.creds, this.opts);
			conn.on('status', (s: NodeStatus) => this.emit('status', t.name, s));
			conn.on('event', (e: GatewayEvent) => this.emit('event', t.name, e));
			conn.on('online', () => this.emit('online', t.name));
			this.#conns.set(t.name, {key: keyOf(t), conn});
			conn.start();
		}
	}

	statuses(): Record<string, NodeStatus> {
		return Object.fromEntries([...this.#conns].map(([n, c]) => [n, c.conn.status]));
	}

	connection(name: string): NodeConnection | undefined {
		return this.#conns.get(name)?.conn;
	}

	reconnect(name: string): void {
		this.#conns.get(name)?.conn.reconnectNow();
	}

	/** system.info, health, agents and paired devices of one node, for its detail view. */
	async detail(name: string): Promise<NodeDetail> {
		const conn = this.connection(name);
		const errors: string[] = [];
		if (!conn?.client?.open) return {errors: [`not connected (${conn?.status.state ?? 'unknown'})`]};
		const call = <M extends Method>(m: M) =>
			conn.request(m, {}, {timeoutMs: 10_000}).catch((e: Error) => {
				errors.push(`${m}: ${e.message}`);
				return undefined;
			});
		const [system, health, agents, rawPairs] = await Promise.all([
			call('system.info'),
			call('health'),
			call('agents.list'),
			conn.request('device.pair.list', {}, {timeoutMs: 10_000}).catch((e: Error) => void errors.push(`device.pair.list: ${e.message}`)),
		]);
		const parsed = rawPairs === undefined ? undefined : DevicePairListShape.safeParse(rawPairs);
		const pairs = parsed?.success ? parsed.data : undefined;
		return {
			system,
			health: health ? {ok: health.ok, defaultAgentId: health.defaultAgentId, agents: health.agents, sessions: health.sessions} : undefined,
			agents: agents?.agents,
			devices: pairs ? {paired: pairs.paired ?? 0, pending: pairs.pending.length} : undefined,
			errors,
		};
	}

	/** Stop every connection; resolves once every ssh tunnel has exited. */
	stop(): Promise<void> {
		const done = [...this.#conns.values()].map(c => {
			c.conn.removeAllListeners();
			return c.conn.stop();
		});
		this.#conns.clear();
		this.opts.pollClock?.stop();
		return Promise.all(done).then(() => undefined);
	}
}

const keyOf = (t: Target) => `${gatewayKey(t)}|${t.tlsFingerprint ?? ''}|${t.secretKind ?? 'token'}|${t.token}`;
