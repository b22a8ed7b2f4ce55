import {EventEmitter} from 'node:events';
import {classifyFailure, scopesSatisfied, type Classified} from '../core/classify.js';
import {backoffDelay} from '../core/backoff.js';
import {sanitizeLine} from '../core/sanitize.js';
import type {NodeStatus} from '../core/node-state.js';
import {ConnectFailure, type GatewayClient, type RequestOptions} from './gateway-client.js';
import {connectNode, type ConnectOptions, type Target} from './connect.js';
import {SessionsListShape, type AgentEvent, type GatewayEvent, type Method, type ResultOf} from './frames.js';

/** Run ids tracked per connection (for the active-run count); lifecycle floods cannot grow it further. */
export const MAX_TRACKED_RUNS = 2000;
import {probeHealthz} from './healthz.js';
import {canPair, listDevices} from './pairing.js';
import type {Credentials} from './credentials.js';
import {isReach, NodeRoute, type Reach} from './route.js';
import type {HealthzResult} from './healthz.js';
import {PollClock} from './poll-clock.js';

/**
 * Runs `fn` when a slot is free. Work a person waits for (a handshake) goes first; `background`
 * work (polls, the first look at a new connection's runs, pairing requests and limits) waits
 * while any handshake is queued, so 1 000 nodes are all online before their details fill in.
 */
export type Limiter = <T>(fn: () => Promise<T>, background?: boolean) => Promise<T>;

/** Every call at once: a connection on its own (no fleet). */
export const direct: Limiter = fn => fn();

const WAITS_FOR_PERSON: ReadonlySet<NodeStatus['state']> = new Set(['pairing-required', 'auth-failed', 'tls-untrusted', 'tls-mismatch']);

export type ConnectionOptions = ConnectOptions & {
	pollMs?: number;
	probeTimeoutMs?: number;
	backoff?: {baseMs: number; maxMs: number};
	/** How often to retry quietly while a pairing request is pending. */
	pairingRetryMs?: number;
	/** Retry interval after an auth failure (kept long: gateways lock out after 10 failures a minute). */
	authRetryMs?: number;
	/** RTT above this (ms) is "degraded". */
	slowMs?: number;
	/** Environment for the ssh child (MGW_TUI_SSH_COMMAND); secrets are stripped from it. */
	env?: NodeJS.ProcessEnv;
	/**
	 * Shared by every connection of a fleet: bounds how many handshakes and polls run at once,
	 * so 1 000 first contacts queue here instead of timing out in the kernel or behind our own
	 * event loop. RTT is measured only after the slot is taken (our queueing is not counted).
	 */
	limit?: Limiter;
	/** Shared by every connection of a fleet: polls in batches, one wake-up each (see poll-clock.ts). */
	pollClock?: PollClock;
};

/** Pending pairing requests are listed again at most this often without a device.pair.* event. */
const PENDING_RECOUNT_MS = 60_000;

/** `ms` ± 20 %: a connection polled on its own (no fleet clock) does not beat in step with others. */
const jitter = (ms: number) => ms * (0.8 + Math.random() * 0.4);

/** A failed /healthz as a failure the classifier knows (TLS refusals keep the presented certificate). */
export function healthzFailure(h: Extract<HealthzResult, {ok: false}>): Classified {
	if (h.code.startsWith('TLS_')) {
		return {...classifyFailure({kind: 'tls', code: h.code as 'TLS_UNTRUSTED', message: h.message, presented: h.presented, pin: h.pin})};
	}
	return classifyFailure({kind: 'transport', code: h.code, message: h.message});
}

/** Resolve after `ms`, or at once on abort; the abort listener is removed either way (loops run for days). */
const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const onAbort = () => {
			clearTimeout(t);
			resolve();
		};
		const t = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal.addEventListener('abort', onAbort, {once: true});
	});

/**
 * One node's long-lived connection: probe /healthz, connect, stay connected, poll
 * system.info for load, reconnect with jittered backoff, follow a `shutdown` event's
 * restartExpectedMs, retry pairing quietly. Emits 'status' (NodeStatus), 'event' (frame),
 * 'online' (client) and 'offline'.
 */
export class NodeConnection extends EventEmitter {
	status: NodeStatus = {state: 'unknown'};
	client?: GatewayClient;
	#abort = new AbortController();
	#wake?: () => void;
	#runs = new Set<string>();
	readonly route: NodeRoute;
	/** The last few round trips (pings on the connection): RTT shown and judged is their median, so one late answer (a busy moment at either end) is neither a redraw nor a false "degraded". */
	#rtts: number[] = [];

	#rtt(sample: number): number {
		this.#rtts.push(sample);
		if (this.#rtts.length > 5) this.#rtts.shift();
		const s = [...this.#rtts].sort((a, b) => a - b);
		return s[Math.floor(s.length / 2)]!;
	}

	constructor(
		readonly target: Target,
		readonly creds: Credentials,
		readonly opts: ConnectionOptions,
	) {
		super();
		this.route = new NodeRoute(target, {env: opts.env, backoff: opts.backoff});
		// a tunnel that dies while connected: drop the connection now, not after 2 ticks
		this.route.tunnel?.on('state', (st: {phase: string}) => {
			if (st.phase !== 'up' && this.client?.open) this.client.close();
		});
	}

	start(): this {
		void this.#loop();
		return this;
	}

	/** Stop connecting; the ssh tunnel (if any) is killed — the promise resolves once it has exited. */
	stop(): Promise<void> {
		this.#abort.abort();
		this.client?.close();
		this.#wake?.();
		return this.route.stop();
	}

	/** Skip the current wait and reconnect now. */
	reconnectNow(): void {
		if (this.client?.open) this.client.close();
		this.#wake?.();
	}

	/** `fn` as background work of the fleet: after every queued handshake (see Limiter). */
	background<T>(fn: () => Promise<T>): Promise<T> {
		return (this.opts.limit ?? direct)(fn, true);
	}

	request<M extends Method>(method: M, params: unknown, opts?: RequestOptions<ResultOf<M>>): Promise<ResultOf<M>>;
	request<T = unknown>(method: string, params: unknown, opts?: RequestOptions<T>): Promise<T>;
	request(method: string, params: unknown, opts?: RequestOptions<unknown>): Promise<unknown> {
		if (!this.client?.open) return Promise.reject(new Error(`${this.target.name} is not connected (${this.status.state})`));
		return this.client.request(method, params, opts);
	}

	#set(patch: Partial<NodeStatus>, replace = false): void {
		const prev = this.status;
		this.status = replace ? ({...patch} as NodeStatus) : {...prev, ...patch};
		if (this.status.state !== prev.state) this.status.since = Date.now();
		this.emit('status', this.status);
	}

	#wait(ms: number): Promise<void> {
		const signal = this.#abort.signal;
		return new Promise(resolve => {
			this.#wake = resolve;
			void sleep(ms, signal).then(resolve);
		});
	}

	#fail(c: Classified): void {
		const keep = {version: this.status.version, system: this.status.system};
		this.#set(
			{
				...keep,
				state: c.state,
				code: c.code && sanitizeLine(c.code, 64),
				detail: sanitizeLine(c.detail, 2000),
				requestId: c.requestId,
				lastError: sanitizeLine(c.detail, 2000),
				presented: c.presented,
				rttMs: undefined,
				activeRuns: undefined,
			},
			true,
		);
	}

	async #loop(): Promise<void> {
		const o = this.opts;
		const backoff = o.backoff ?? {baseMs: 500, maxMs: 30_000};
		let attempt = 0;
		while (!this.#abort.signal.aborted) {
			// a state that waits for the person (approve, fix the token, trust or check a certificate)
			// stays on screen while we retry quietly: no flicker, no bytes, and the detail keeps its facts
			if (!WAITS_FOR_PERSON.has(this.status.state)) this.#set({state: 'connecting'});
			const t0 = Date.now();
			const reach = await this.route.reach(o.connectTimeoutMs ?? 15_000);
			if (this.#abort.signal.aborted) return;
			if (!isReach(reach)) {
				this.#fail(reach);
				await this.#wait(backoffDelay(attempt++, backoff));
				continue;
			}
			const limit = o.limit ?? direct;
			const first = await limit(async () => {
				if (this.#abort.signal.aborted) return undefined;
				const h = await probeHealthz(reach.endpoint, o.probeTimeoutMs ?? 3000);
				if (!h.ok || this.#abort.signal.aborted) return {h};
				try {
					return {h, conn: await connectNode(this.target, this.creds, o, reach)};
				} catch (error) {
					return {h, error};
				}
			});
			if (!first || this.#abort.signal.aborted) return first?.conn?.client.close();
			const h = first.h;
			if (!h.ok) {
				this.#fail((await this.route.explain(t0)) ?? healthzFailure(h));
				await this.#wait(backoffDelay(attempt++, backoff));
				continue;
			}
			let wait: number;
			try {
				if (!first.conn) throw first.error;
				const {client, hello} = first.conn;
				attempt = 0;
				wait = await this.#online(client, hello, h.rttMs, reach);
			} catch (e) {
				if (!(e instanceof ConnectFailure)) {
					this.#fail({state: 'unreachable', detail: (e as Error).message});
					wait = backoffDelay(attempt++, backoff);
				} else {
					const c = classifyFailure(e.failure);
					this.#fail(c);
					if (c.state === 'pairing-required') wait = o.pairingRetryMs ?? 5000;
					else if (c.state === 'auth-failed') wait = c.retryAfterMs ?? o.authRetryMs ?? 30_000;
					else if (c.retryAfterMs) wait = c.retryAfterMs;
					else wait = backoffDelay(attempt++, backoff);
				}
			}
			await this.#wait(wait);
		}
	}

	/** Connected: report online, poll, and resolve with how long to wait before reconnecting. */
	async #online(client: GatewayClient, hello: import('./frames.js').HelloOkT, rttMs: number, reach: Reach): Promise<number> {
		this.client = client;
		this.#runs.clear();
		// the first contact's round trip (made while connecting, maybe among many) is shown until
		// the first poll, and not kept for the median
		this.#rtts = [];
		const limited = !scopesSatisfied(hello.auth.scopes);
		const uptimeAt = Date.now();
		this.#set(
			{
				state: limited ? 'scope-limited' : rttMs > (this.opts.slowMs ?? 1500) ? 'degraded' : 'online',
				rttMs,
				rttSettled: false,
				version: hello.server.version,
				uptimeMs: hello.snapshot.uptimeMs,
				uptimeAt,
				scopes: hello.auth.scopes,
				code: undefined,
				detail: limited ? `granted ${hello.auth.scopes.join(', ') || 'no scopes'}` : undefined,
				requestId: undefined,
				activeRuns: 0,
				presented: client.tls?.fingerprint,
			},
		);
		let restartMs: number | undefined;
		const onEvent = (ev: GatewayEvent) => {
			if (ev.event === 'shutdown') {
				restartMs = ev.payload.restartExpectedMs ?? 2000;
				this.#set({state: 'connecting', detail: 'gateway is restarting'});
			}
			if (ev.event === 'agent') this.#trackRun(ev.payload);
			// device.pair.requested / resolved reach us as events the boundary passes on by name only
			if (ev.event === 'other' && ev.name.startsWith('device.pair.')) void this.#countPending(client);
			this.emit('event', ev);
		};
		client.on('event', onEvent);
		this.emit('online', client);
		const closed = new Promise<{code: number; reason: string}>(resolve => client.once('close', resolve));
		const limit = this.opts.limit ?? direct;
		const probeMs = this.opts.probeTimeoutMs ?? 3000;
		// A poll: the round trip as a WebSocket ping on this connection (the gateway's ws library
		// answers it; no new socket, no HTTP request) and system.info for load and uptime.
		const poll = async () => {
			if (!client.open || limited || restartMs !== undefined) return;
			const [ping, sys] = await Promise.all([client.ping(probeMs), client.request('system.info', {}, {timeoutMs: 10_000}).catch(() => undefined)]);
			// a poll that finishes after the gateway announced a restart must not overwrite that
			if (!client.open || restartMs !== undefined) return;
			const rtt = ping === undefined ? undefined : this.#rtt(ping);
			const slow = rtt !== undefined && rtt > (this.opts.slowMs ?? 1500);
			const degraded = rtt === undefined || slow || sys?.eventLoop?.degraded === true;
			this.#set({
				state: degraded ? 'degraded' : 'online',
				rttMs: rtt ?? this.status.rttMs,
				rttSettled: rtt === undefined ? this.status.rttSettled : this.#rtts.length >= 3,
				system: sys ?? this.status.system,
				uptimeMs: sys?.uptimeMs ?? this.status.uptimeMs,
				uptimeAt: sys ? Date.now() : this.status.uptimeAt,
				detail: rtt === undefined ? `no answer to a ping within ${probeMs} ms` : slow ? `slow: ${Math.round(rtt)} ms` : degraded ? 'event loop degraded' : undefined,
			});
		};
		// the first look at a new connection: behind every handshake still queued
		await limit(() => Promise.all([poll().catch(() => undefined), this.#seedRuns(client, limited), this.#countPending(client)]), true);
		// Pairing requests are counted again on every device.pair.* event; a recount once a minute catches what no event said.
		let counted = Date.now();
		const recount = () => {
			if (Date.now() - counted < PENDING_RECOUNT_MS) return undefined;
			counted = Date.now();
			return limit(() => this.#countPending(client), true);
		};
		// Polled by the fleet's clock (one wake-up for a batch of nodes), or by one of its own.
		const clock = this.opts.pollClock ?? new PollClock(() => jitter(this.opts.pollMs ?? 10_000), 1);
		let polling = false;
		const leave = clock.add(() => {
			if (polling || !client.open) return;
			polling = true;
			void Promise.all([limit(poll, true), recount()])
				.catch(() => undefined)
				.finally(() => (polling = false));
		});
		let onAbort = () => {};
		const stopped = new Promise<void>(resolve => {
			onAbort = () => resolve();
			this.#abort.signal.addEventListener('abort', onAbort, {once: true});
		});
		const how = await Promise.race([closed, stopped.then(() => undefined)]);
		this.#abort.signal.removeEventListener('abort', onAbort);
		leave();
		client.off('event', onEvent);
		this.client = undefined;
		this.emit('offline');
		if (!how) return 0;
		if (restartMs !== undefined) return restartMs;
		if (how.code === 4001) {
			this.#set({state: 'connecting', detail: 'gateway auth changed; reconnecting'});
			return 0;
		}
		const c = classifyFailure({kind: 'closed', closeCode: how.code, reason: how.reason});
		this.#fail(c.state === 'auth-failed' ? c : {...c, state: 'unreachable', detail: `connection lost (${how.code}${how.reason ? ` ${how.reason}` : ''})`});
		return backoffDelay(0, this.opts.backoff);
	}

	/** Runs already going when we connected (sessions.list activeRunIds); later ones come from lifecycle events. */
	async #seedRuns(client: GatewayClient, limited: boolean): Promise<void> {
		if (limited) return;
		const raw = await client.request('sessions.list', {activeMinutes: 1440, limit: 200}, {timeoutMs: 10_000}).catch(() => undefined);
		const parsed = SessionsListShape.safeParse(raw);
		const r = parsed.success ? parsed.data : undefined;
		for (const sess of r?.sessions ?? []) for (const id of sess.activeRunIds) this.#addRun(id);
		if (this.#runs.size && client.open) this.#set({activeRuns: this.#runs.size});
	}

	/** Pending pairing requests on this gateway, where our scopes allow device.pair.list. */
	async #countPending(client: GatewayClient): Promise<void> {
		if (!client.open || !canPair(client.hello?.auth.scopes)) return;
		const d = await listDevices(client).catch(() => undefined);
		if (d && client.open && d.pending.length !== this.status.pendingDevices) this.#set({pendingDevices: d.pending.length});
	}

	/** Is this run going on the gateway, as far as this connection knows (sessions.list, lifecycle)? */
	hasRun(runId: string): boolean {
		return this.#runs.has(runId);
	}

	/** Bounded: past MAX_TRACKED_RUNS the oldest run ids are forgotten (a Set iterates in insertion order). */
	#addRun(id: string): void {
		this.#runs.delete(id);
		this.#runs.add(id);
		while (this.#runs.size > MAX_TRACKED_RUNS) this.#runs.delete(this.#runs.values().next().value!);
	}

	#trackRun(p: AgentEvent): void {
		if (p.stream !== 'lifecycle') return;
		if (p.data.phase === 'start') this.#addRun(p.runId);
		else if (p.data.phase === 'end' || p.data.phase === 'error') this.#runs.delete(p.runId);
		else return;
		this.#set({activeRuns: this.#runs.size});
	}
}
