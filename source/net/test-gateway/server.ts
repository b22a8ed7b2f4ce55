import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {WebSocketServer, WebSocket} from 'ws';
import {checkConnect, type HandshakeState} from './handshake.js';
import {finalPayload, playRun, waitPayload, type Run} from './runs.js';

export type TestGatewayOptions = {
	token?: string;
	version?: string;
	protocol?: number;
	tickIntervalMs?: number;
	maxPayload?: number;
	requirePairing?: boolean;
	pairingTtlMs?: number;
	/** Stop sending ticks (the client must notice the silence). */
	noTicks?: boolean;
	deltaDelayMs?: number;
	/** Send every agent event twice / in reverse pairs (duplicate and out-of-order delivery). */
	duplicateEvents?: boolean;
	reorderEvents?: boolean;
	/** Delay (ms) before the final `agent` answer after the run ends. */
	finalDelayMs?: number;
	/** The gateway's own config (config.get / config.patch). */
	config?: Record<string, unknown>;
	/** Serve https/wss with this certificate and key (PEM). */
	tls?: {cert: string; key: string};
	/** Password auth: the shared secret is compared as gateway.auth.password. */
	password?: string;
	/** Wait this long (ms) before accepting an `agent` request (a gateway slow to accept). */
	acceptDelayMs?: number;
	/** Every run takes this long (ms), its reply in one piece: nodes of different speeds. */
	runMs?: number;
	/** Runs played at once; more wait in the gateway's lane (accepted, not started), as OpenClaw's agents.defaults.maxConcurrent. Also in config.get. */
	maxConcurrent?: number;
	/** The reply text instead of "done: <prompt>" (e.g. a judge's one word). */
	reply?: (message: string) => string | undefined;
	/** Method name → handler override (return value = payload; throw {code,message} = error). */
	methods?: Record<string, (params: Record<string, unknown>) => unknown>;
	/** /healthz accepts the request and never answers (a hung HTTP side); may be switched while running. */
	healthzHang?: boolean;
	/** WebSocket pings go unanswered (a stalled gateway; ticks and requests still work); may be switched while running. */
	pongHang?: boolean;
	/** Rewrite the hello-ok payload (hostile gateways). */
	hello?: (hello: Record<string, unknown>) => unknown;
	/** The `agent` acceptance payload, rewritten (hostile gateways); return undefined to never accept. */
	accepted?: (payload: Record<string, unknown>) => unknown;
};

type Conn = {ws: WebSocket; scopes: string[]; deviceId?: string; authed: boolean; challenge: {nonce: string; ts: number}};

/**
 * A gateway double on 127.0.0.1:0 speaking the recorded 2026.9.6 frames, with fault
 * injection: wrong token, pairing then approval, drops, silence, malformed and oversized
 * frames, shutdown and restart, duplicate and out-of-order events.
 */
export class TestGateway {
	port = 0;
	readonly st: HandshakeState;
	readonly runs = new Map<string, Run>();
	readonly received: {method: string; params: unknown}[] = [];
	conns = new Set<Conn>();
	/** Runs playing now, the most at once, and every run id that completed (to count runs done twice). */
	playing = 0;
	peakPlaying = 0;
	readonly completed: string[] = [];
	#lane: (() => void)[] = [];
	config: Record<string, unknown>;
	readonly configPatches: Record<string, unknown>[] = [];
	/** Every byte received on any socket (decrypted for TLS), and how many TCP connections came in. */
	readonly rawBytes: Buffer[] = [];
	tcpConnections = 0;
	#http?: http.Server;
	#wss?: WebSocketServer;
	#tick?: NodeJS.Timeout;
	#startedAt = Date.now();

	constructor(readonly opts: TestGatewayOptions = {}) {
		this.config = opts.config ?? {gateway: {mode: 'local', port: 18789, bind: 'loopback', auth: {mode: 'token', token: opts.token ?? 'test-token'}}, ...(opts.maxConcurrent ? {agents: {defaults: {maxConcurrent: opts.maxConcurrent}}} : {})};
		this.st = {
			token: opts.token ?? 'test-token',
			password: opts.password,
			protocol: opts.protocol ?? 4,
			requirePairing: opts.requirePairing ?? false,
			approved: new Map(),
			deviceTokens: new Map(),
			pending: new Map(),
			pairingTtlMs: opts.pairingTtlMs ?? 300_000,
		};
	}

	get url() {
		return `${this.opts.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}`;
	}

	async start(port = this.port): Promise<this> {
		this.silent = false;
		const handler: http.RequestListener = (req, res) => {
			if (req.url === '/healthz' || req.url === '/health') {
				if (this.opts.healthzHang) return;
				res.writeHead(200, {'content-type': 'application/json'});
				res.end('{"ok":true,"status":"live"}');
			} else {
				res.writeHead(404);
				res.end();
			}
		};
		this.#http = this.opts.tls ? https.createServer({cert: this.opts.tls.cert, key: this.opts.tls.key}, handler) : http.createServer(handler);
		this.#http.on('connection', () => this.tcpConnections++);
		this.#http.on(this.opts.tls ? 'secureConnection' : 'connection', (sock: import('node:net').Socket) => sock.on('data', (d: Buffer) => this.rawBytes.push(d)));
		// pings answered here rather than by ws itself, so a test can make the gateway stop answering them
		this.#wss = new WebSocketServer({server: this.#http, maxPayload: 64 * 1024 * 1024, autoPong: false});
		this.#wss.on('connection', ws => {
			ws.on('ping', data => this.opts.pongHang || ws.pong(data));
			this.#accept(ws);
		});
		await new Promise<void>((resolve, reject) => {
			this.#http!.once('error', reject);
			this.#http!.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.#http.address() as AddressInfo).port;
		this.#startedAt = Date.now();
		if (!this.opts.noTicks) {
			this.#tick = setInterval(() => this.broadcast('tick', {ts: Date.now()}), this.opts.tickIntervalMs ?? 30_000);
			this.#tick.unref();
		}
		return this;
	}

	#accept(ws: WebSocket): void {
		const conn: Conn = {ws, scopes: [], authed: false, challenge: {nonce: crypto.randomUUID(), ts: Date.now()}};
		this.conns.add(conn);
		ws.on('close', () => this.conns.delete(conn));
		ws.on('error', () => undefined);
		ws.send(JSON.stringify({type: 'event', event: 'connect.challenge', payload: {...conn.challenge, capabilities: ['model-catalog-snapshot']}}));
		ws.on('message', data => {
			let f: {type?: string; id?: string; method?: string; params?: Record<string, unknown>};
			try {
				f = JSON.parse(String(data));
			} catch {
				return ws.close(1008, 'invalid frame');
			}
			if (f.type !== 'req' || typeof f.id !== 'string' || typeof f.method !== 'string') return ws.close(1008, 'invalid frame');
			this.received.push({method: f.method, params: f.params});
			void this.#handle(conn, f.id, f.method, f.params ?? {});
		});
	}

	#res(conn: Conn, id: string, ok: boolean, body: unknown): void {
		if (conn.ws.readyState !== WebSocket.OPEN || (this.silent && conn.authed)) return;
		conn.ws.send(JSON.stringify(ok ? {type: 'res', id, ok, payload: body} : {type: 'res', id, ok, error: body}));
	}

	async #handle(conn: Conn, id: string, method: string, params: Record<string, unknown>): Promise<void> {
		if (!conn.authed) {
			if (method !== 'connect') return conn.ws.close(1008, 'first frame must be connect');
			const pendingBefore = this.st.pending.size;
			const r = checkConnect(params, conn.challenge, this.st);
			// as OpenClaw does: operators with the pairing scope hear of a new request
			if (this.st.pending.size > pendingBefore) this.broadcast('device.pair.requested', {requestId: r.ok ? undefined : r.details.requestId}, 'operator.pairing');
			if (!r.ok) {
				this.#res(conn, id, false, {code: r.code, message: r.message, details: r.details});
				const reason = r.details.requestId ? `${r.message} (requestId: ${r.details.requestId})` : r.message;
				return void setTimeout(() => conn.ws.close(r.close, reason.slice(0, 120)), 5);
			}
			conn.authed = true;
			conn.scopes = r.scopes;
			conn.deviceId = r.deviceId;
			let deviceToken: string | undefined;
			if (r.deviceId) {
				deviceToken = this.st.deviceTokens.get(r.deviceId) ?? crypto.randomBytes(16).toString('hex');
				this.st.deviceTokens.set(r.deviceId, deviceToken);
			}
			const hello = this.#hello(conn, deviceToken);
			return this.#res(conn, id, true, this.opts.hello ? this.opts.hello(hello) : hello);
		}
		const custom = this.opts.methods?.[method];
		try {
			const payload = custom ? await custom(params) : await this.#method(conn, id, method, params);
			if (payload !== NO_REPLY) this.#res(conn, id, true, payload);
		} catch (e) {
			const err = e as {code?: string; message?: string; details?: unknown};
			this.#res(conn, id, false, {code: err.code ?? 'UNAVAILABLE', message: err.message ?? String(e), details: err.details});
		}
	}

	#hello(conn: Conn, deviceToken?: string) {
		return {
			type: 'hello-ok',
			protocol: this.st.protocol,
			server: {version: this.opts.version ?? '2026.9.6', connId: crypto.randomUUID(), extraField: 'ignored by clients'},
			features: {methods: ['health', 'status', 'system.info', 'agents.list', 'agent', 'agent.wait', 'chat.abort', 'device.pair.list', 'device.pair.approve'], events: ['agent', 'chat', 'tick', 'shutdown']},
			snapshot: {presence: [], health: {ok: true}, stateVersion: {presence: 0, health: 0}, uptimeMs: Date.now() - this.#startedAt, sessionDefaults: {defaultAgentId: 'main', mainKey: 'main', mainSessionKey: 'agent:main:main'}},
			auth: {role: 'operator', scopes: conn.scopes, method: 'token', ...(deviceToken ? {deviceToken, issuedAtMs: Date.now()} : {})},
			policy: {maxPayload: this.opts.maxPayload ?? 26_214_400, maxBufferedBytes: 52_428_800, tickIntervalMs: this.opts.tickIntervalMs ?? 30_000},
		};
	}

	#need(conn: Conn, scope: string): void {
		if (!conn.scopes.includes(scope) && !conn.scopes.includes('operator.admin')) {
			throw {code: 'FORBIDDEN', message: `missing scope: ${scope}`, details: {code: 'MISSING_SCOPE', missingScope: scope}};
		}
	}

	async #method(conn: Conn, id: string, method: string, params: Record<string, unknown>): Promise<unknown> {
		switch (method) {
			case 'health':
				this.#need(conn, 'operator.read');
				return {ok: true, ts: Date.now(), defaultAgentId: 'main', agents: [{agentId: 'main', isDefault: true}], sessions: {count: this.runs.size}};
			case 'system.info':
				this.#need(conn, 'operator.read');
				return {hostname: 'testbox', platform: 'linux', arch: 'x64', cpuCount: 4, loadAverage: [1.2, 1, 0.8], memoryTotalBytes: 8 * 2 ** 30, memoryFreeBytes: 6 * 2 ** 30, uptimeMs: Date.now() - this.#startedAt, nodeVersion: 'v24.21.0', osLabel: 'Linux test'};
			case 'agents.list':
				this.#need(conn, 'operator.read');
				return {defaultId: 'main', agents: [{id: 'main'}, {id: 'coder', name: 'Coder'}]};
			case 'sessions.list':
				this.#need(conn, 'operator.read');
				return {sessions: [...this.runs.values()].map(r => ({key: r.sessionKey, hasActiveRun: r.status === 'running', activeRunIds: r.status === 'running' ? [r.runId] : []}))};
			case 'device.pair.list':
				this.#need(conn, 'operator.pairing');
				return {pending: [...this.st.pending.values()], paired: [...this.st.approved.keys()].map(d => ({deviceId: d}))};
			case 'device.pair.approve':
				this.#need(conn, 'operator.pairing');
				return this.approve(String(params.requestId));
			case 'agent':
				this.#need(conn, 'operator.write');
				return this.#agent(conn, id, params);
			case 'agent.wait': {
				this.#need(conn, 'operator.write');
				const run = this.runs.get(String(params.runId));
				if (!run) throw {code: 'INVALID_REQUEST', message: 'unknown runId'};
				const t = Number(params.timeoutMs ?? 30_000);
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([run.done, new Promise(r => (timer = setTimeout(r, t)))]);
				clearTimeout(timer);
				return waitPayload(run);
			}
			case 'config.get': {
				this.#need(conn, 'operator.read');
				const raw = JSON.stringify(redactConfig(this.config), null, 2);
				return {path: '/home/gw/.openclaw/openclaw.json', exists: true, valid: true, raw, hash: configHash(this.config)};
			}
			case 'config.patch': {
				this.#need(conn, 'operator.admin');
				if (params.baseHash !== configHash(this.config)) throw {code: 'INVALID_REQUEST', message: 'config changed since last load; reload and retry', details: {code: 'CONFIG_BASE_HASH_MISMATCH'}};
				const patch = JSON.parse(String(params.raw)) as Record<string, unknown>;
				const before = JSON.stringify(this.config);
				this.config = mergeInto(this.config, patch) as Record<string, unknown>;
				this.configPatches.push(patch);
				return {ok: true, changedPaths: before === JSON.stringify(this.config) ? [] : Object.keys(patch)};
			}
			case 'chat.abort': {
				this.#need(conn, 'operator.write');
				const run = this.runs.get(String(params.runId));
				if (run && run.status === 'running') run.aborted = true;
				return {ok: true, aborted: Boolean(run)};
			}
			default:
				throw {code: 'INVALID_REQUEST', message: `unknown method: ${method}`};
		}
	}

	async #agent(conn: Conn, id: string, params: Record<string, unknown>): Promise<unknown> {
		if (this.opts.acceptDelayMs) {
			await new Promise(r => setTimeout(r, this.opts.acceptDelayMs));
			if (this.crashed || conn.ws.readyState !== WebSocket.OPEN) return NO_REPLY; // died before accepting: nothing was started
		}
		const key = String(params.idempotencyKey ?? '');
		if (!key || typeof params.message !== 'string' || !params.message) throw {code: 'INVALID_REQUEST', message: 'invalid agent params'};
		const existing = this.runs.get(key);
		if (existing) return existing.status === 'running' ? {runId: key, status: 'in_flight'} : finalPayload(existing);
		const agentId = String(params.agentId ?? 'main');
		if (!['main', 'coder'].includes(agentId)) throw {code: 'INVALID_REQUEST', message: `invalid agent params: unknown agent id "${agentId}"`};
		const run = this.startRun(params.message, typeof params.sessionKey === 'string' ? params.sessionKey : `agent:${agentId}:main`, agentId, key);
		const accepted = {runId: key, sessionKey: run.sessionKey, agentId, status: 'accepted', acceptedAt: Date.now()};
		const sent = this.opts.accepted ? this.opts.accepted(accepted) : accepted;
		if (sent === undefined) return NO_REPLY;
		this.#res(conn, id, true, sent);
		void run.done.then(() =>
			setTimeout(() => {
				for (const c of this.conns) if (c === conn) this.#res(c, id, true, finalPayload(run));
			}, this.opts.finalDelayMs ?? 5),
		);
		return NO_REPLY;
	}

	/** Start a run (also used for "external" runs started by someone else). */
	startRun(message: string, sessionKey = 'agent:main:main', agentId = 'main', runId: string = crypto.randomUUID()): Run {
		let finish!: () => void;
		const done = new Promise<void>(r => (finish = r));
		const run: Run = {runId, sessionKey, agentId, message, status: 'running', text: '', seq: 0, aborted: false, done, finish};
		this.runs.set(runId, run);
		let held: Record<string, unknown> | undefined;
		const emit = (p: Record<string, unknown>) => {
			if (this.opts.reorderEvents && p.stream === 'assistant' && !held) {
				held = p;
				return;
			}
			this.broadcast('agent', p, 'operator.read');
			if (held) {
				this.broadcast('agent', held, 'operator.read');
				held = undefined;
			}
			if (this.opts.duplicateEvents) this.broadcast('agent', p, 'operator.read');
		};
		void this.#play(run, emit);
		return run;
	}

	async #play(run: Run, emit: (p: Record<string, unknown>) => void): Promise<void> {
		const max = this.opts.maxConcurrent;
		if (max !== undefined && this.playing >= max) await new Promise<void>(r => this.#lane.push(r));
		this.playing++;
		this.peakPlaying = Math.max(this.peakPlaying, this.playing);
		try {
			await playRun(run, emit, {deltaDelayMs: this.opts.deltaDelayMs ?? 20, runMs: this.opts.runMs, reply: this.opts.reply});
			if (run.status === 'ok' && !this.crashed) this.completed.push(run.runId);
		} finally {
			this.playing--;
			this.#lane.shift()?.();
		}
	}

	approve(requestId: string): {requestId: string; deviceId: string} {
		const p = this.st.pending.get(requestId);
		if (!p) throw {code: 'APPROVAL_NOT_FOUND', message: `unknown requestId ${requestId}`};
		this.st.pending.delete(requestId);
		this.st.approved.set(p.deviceId, {scopes: p.scopes});
		this.broadcast('device.pair.resolved', {requestId, decision: 'approved'}, 'operator.pairing');
		return {requestId, deviceId: p.deviceId};
	}

	broadcast(event: string, payload: unknown, scope?: string): void {
		if (this.silent) return;
		for (const c of this.conns) {
			if (!c.authed || c.ws.readyState !== WebSocket.OPEN) continue;
			if (scope && !c.scopes.includes(scope) && !c.scopes.includes('operator.admin') && !(scope === 'operator.read' && c.scopes.includes('operator.write'))) continue;
			c.ws.send(JSON.stringify({type: 'event', event, payload}));
		}
	}

	/** Send raw text to every authenticated client (malformed / oversized frame injection). */
	sendRaw(text: string | Buffer): void {
		for (const c of this.conns) if (c.authed && c.ws.readyState === WebSocket.OPEN) c.ws.send(text);
	}

	/** Drop every connection without a close frame (network loss). */
	dropAll(): void {
		for (const c of this.conns) c.ws.terminate();
	}

	/** Go silent: no ticks, no answers (a hung gateway or a dead link that keeps TCP open). */
	silence(): void {
		clearInterval(this.#tick);
		this.silent = true;
	}
	silent = false;

	/** Announce a restart, then go away; restart() comes back on the same port. */
	async shutdown(restartExpectedMs = 1000): Promise<void> {
		this.broadcast('shutdown', {reason: 'restart', restartExpectedMs});
		await new Promise(r => setTimeout(r, 20));
		await this.stop();
	}

	async restart(): Promise<void> {
		if (this.crashed) {
			this.runs.clear(); // a crashed gateway forgets its runs
			this.crashed = false;
		}
		await this.start(this.port);
	}

	/** Die like a killed process: connections cut, runs in progress never complete (and are forgotten on restart). */
	async crash(): Promise<void> {
		this.crashed = true;
		for (const r of this.#lane.splice(0)) r();
		await this.stop();
	}
	crashed = false;

	async stop(): Promise<void> {
		clearInterval(this.#tick);
		for (const c of this.conns) c.ws.terminate();
		this.conns.clear();
		await new Promise<void>(resolve => (this.#wss ? this.#wss.close(() => resolve()) : resolve()));
		const closed = new Promise<void>(resolve => (this.#http ? this.#http.close(() => resolve()) : resolve()));
		this.#http?.closeAllConnections();
		await closed;
	}
}

const NO_REPLY = Symbol('no-reply');
const REDACTED = '__OPENCLAW_REDACTED__';

function redactConfig(c: unknown): unknown {
	if (Array.isArray(c)) return c.map(redactConfig);
	if (!c || typeof c !== 'object') return c;
	return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, (k === 'token' || k === 'password') && typeof v === 'string' ? REDACTED : redactConfig(v)]));
}
const configHash = (c: unknown) => crypto.createHash('sha256').update(JSON.stringify(c)).digest('hex');
/** JSON merge patch (RFC 7386): objects merge, null deletes; a redacted sentinel keeps the stored secret. */
function mergeInto(target: unknown, patch: unknown): unknown {
	if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch === REDACTED ? target : patch;
	const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? {...(target as Record<string, unknown>)} : {};
	for (const [k, v] of Object.entries(patch)) {
		if (v === null) delete out[k];
		else out[k] = mergeInto(out[k], v);
	}
	return out;
}

export async function startTestGateway(opts: TestGatewayOptions = {}): Promise<TestGateway> {
	return new TestGateway(opts).start();
}
