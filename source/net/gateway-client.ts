import {EventEmitter} from 'node:events';
import crypto from 'node:crypto';
import os from 'node:os';
import WebSocket from 'ws';
import {Challenge, HelloOk, PROTOCOL, RESULTS, SCOPES, ServerFrame, parseEvent, type ConnectParams, type GatewayError, type HelloOkT, type Method, type ResultOf} from './frames.js';
import {sanitizeLine} from '../core/sanitize.js';
import {signDevice, type Identity} from './device-identity.js';
import type {Failure} from '../core/classify.js';
import {dial, TlsRefused, type Endpoint, type TlsInfo} from './transport.js';

export type ClientOptions = {
	url: string;
	token: string;
	deviceToken?: string;
	/** Send only the device token (retry after a shared-token mismatch). */
	deviceTokenOnly?: boolean;
	identity?: Identity;
	version: string;
	headers?: Record<string, string>;
	connectTimeoutMs?: number;
	requestTimeoutMs?: number;
	/** How this console is named in the gateway's device list (default `mgw-tui@<hostname>`). */
	displayName?: string;
	/**
	 * Where the socket goes (scheme, pin). The connection (and, for wss, the certificate check)
	 * is made first; the WebSocket upgrade is written only on a socket that passed it. The URL
	 * still names the host and path for the upgrade request.
	 */
	endpoint?: Endpoint;
	/** Password auth (gateway.auth.mode "password"): the secret goes in auth.password instead of auth.token. */
	password?: boolean;
};

/** `mgw-tui@<hostname>`: each computer's console pairs under its own name (≤ 64 characters, a safe charset). */
export function consoleDisplayName(hostname = os.hostname()): string {
	const host = hostname.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 56);
	return host ? `mgw-tui@${host}` : 'mgw-tui';
}

export class ConnectFailure extends Error {
	constructor(readonly failure: Failure) {
		super(failure.kind === 'closed' ? `closed ${failure.closeCode} ${failure.reason}` : failure.message);
	}
}

export class RequestError extends Error {
	constructor(
		readonly method: string,
		readonly error: GatewayError,
		readonly payload?: unknown,
	) {
		super(`${method}: ${error.code} ${error.message}`);
	}
}

export class ClosedError extends Error {}

/** An error the client makes itself (its text is ours, so clean). */
const ownError = (code: string, message: string): GatewayError => ({code, message} as GatewayError);

type Pending = {
	method: string;
	resolve: (v: unknown) => void;
	reject: (e: Error) => void;
	timer?: NodeJS.Timeout;
	expectFinal: boolean;
	onAccepted?: (p: unknown) => void;
	acceptTimer?: NodeJS.Timeout;
};

export type RequestOptions<P = unknown> = {
	/** Whole-request timeout (0 = none). */
	timeoutMs?: number;
	expectFinal?: boolean;
	onAccepted?: (payload: P) => void;
	/** With expectFinal: fail with ACCEPT_TIMEOUT unless the gateway accepts within this time. */
	acceptTimeoutMs?: number;
};

/** At most this many requests wait for an answer on one connection; more are refused at once. */
export const MAX_PENDING = 1000;

const PREAUTH_MAX = 64 * 1024;

/**
 * One WebSocket connection to one gateway, protocol 4: challenge → signed connect →
 * hello-ok; requests correlated by id with a timeout each (the `agent` method answers
 * twice on one id); liveness from ticks; malformed and oversized frames dropped and counted.
 * Every frame is parsed and cleaned by frames.ts before anything else sees it.
 * Emits 'event' (GatewayEvent) and 'close' ({code, reason, liveness}).
 */
export class GatewayClient extends EventEmitter {
	hello?: HelloOkT;
	malformed = 0;
	oversized = 0;
	lastFrameAt = 0;
	/** The peer certificate when connected over wss. */
	tls?: TlsInfo;
	#ws?: WebSocket;
	#pending = new Map<string, Pending>();
	#seq = 0;
	#liveness?: NodeJS.Timeout;
	#closed = false;
	/** The ping waiting for its pong (one at a time): its payload and how it ends. */
	#ping?: {data: Buffer; done: (answered: boolean) => void};

	constructor(readonly opts: ClientOptions) {
		super();
	}

	/** Requests waiting for an answer (bounded by MAX_PENDING). */
	get pendingCount(): number {
		return this.#pending.size;
	}

	get open(): boolean {
		return !this.#closed && this.#ws?.readyState === WebSocket.OPEN && Boolean(this.hello);
	}

	connect(): Promise<HelloOkT> {
		const {url, connectTimeoutMs = 15_000} = this.opts;
		return new Promise<HelloOkT>((resolve, reject) => {
			let settled = false;
			const fail = (f: Failure) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.#shutdown(1000, 'connect failed');
				reject(new ConnectFailure(f));
			};
			const timer = setTimeout(() => fail({kind: 'timeout', message: `no hello-ok within ${connectTimeoutMs} ms`}), connectTimeoutMs);
			const ep = this.opts.endpoint;
			if (!ep) return this.#open(url, connectTimeoutMs, undefined, fail, resolve, () => settled, v => (settled = v), timer);
			dial(ep, connectTimeoutMs).then(
				conn => {
					if (settled) return conn.socket.destroy();
					this.tls = conn.tls;
					this.#open(url, connectTimeoutMs, conn.socket, fail, resolve, () => settled, v => (settled = v), timer);
				},
				(e: Error) => {
					if (e instanceof TlsRefused) fail({kind: 'tls', code: e.code, message: e.message, presented: e.presented, pin: e.pin});
					else fail({kind: 'transport', code: (e as NodeJS.ErrnoException).code, message: e.message});
				},
			);
		});
	}

	#open(
		url: string,
		connectTimeoutMs: number,
		socket: import('node:net').Socket | undefined,
		fail: (f: Failure) => void,
		resolve: (h: HelloOkT) => void,
		isSettled: () => boolean,
		setSettled: (v: boolean) => void,
		timer: NodeJS.Timeout,
	): void {
		{
			let ws: WebSocket;
			try {
				ws = new WebSocket(url, {
					headers: this.opts.headers,
					maxPayload: 64 * 1024 * 1024,
					handshakeTimeout: connectTimeoutMs,
					perMessageDeflate: false,
					...(socket ? {createConnection: () => socket} : {}),
				});
			} catch (e) {
				return fail({kind: 'transport', code: 'EINVAL', message: (e as Error).message});
			}
			this.#ws = ws;
			ws.on('error', (e: NodeJS.ErrnoException) => fail({kind: 'transport', code: e.code && sanitizeLine(e.code, 64), message: sanitizeLine(e.message, 2000)}));
			ws.on('unexpected-response', (_req, res) => fail({kind: 'transport', code: `HTTP_${res.statusCode}`, message: `HTTP ${res.statusCode} on upgrade`}));
			ws.on('ping', () => (this.lastFrameAt = Date.now()));
			ws.on('pong', (data: Buffer) => {
				this.lastFrameAt = Date.now();
				if (this.#ping?.data.equals(data)) this.#ping.done(true);
			});
			ws.on('close', (code, reasonBuf) => {
				const reason = sanitizeLine(reasonBuf.toString(), 500);
				if (!isSettled()) fail({kind: 'closed', closeCode: code, reason});
				this.#onClose(code, reason);
			});
			let gotChallenge = false;
			ws.on('message', (data: Buffer, isBinary) => {
				this.lastFrameAt = Date.now();
				const limit = this.hello ? this.hello.policy.maxPayload : PREAUTH_MAX;
				if (data.length > limit) {
					this.oversized++;
					return;
				}
				const frame = this.#parse(data, isBinary);
				if (!frame) return;
				if (!gotChallenge) {
					if (frame.type !== 'event' || frame.event !== 'connect.challenge') return;
					const ch = Challenge.safeParse(frame.payload);
					if (!ch.success) return fail({kind: 'rejected', code: 'BAD_CHALLENGE', message: 'malformed connect.challenge'});
					gotChallenge = true;
					this.#sendConnect(ch.data).then(
						hello => {
							if (isSettled()) return;
							setSettled(true);
							clearTimeout(timer);
							this.hello = hello;
							this.#startLiveness();
							resolve(hello);
						},
						(e: Error) => {
							if (e instanceof RequestError) {
								const d = e.error.details;
								fail({
									kind: 'rejected',
									code: e.error.code,
									detailsCode: d?.code,
									message: e.error.message,
									requestId: d?.requestId,
									retryAfterMs: e.error.retryAfterMs,
									canRetryWithDeviceToken: d?.canRetryWithDeviceToken === true,
								});
							} else fail({kind: 'transport', message: sanitizeLine(e.message, 2000)});
						},
					);
					return;
				}
				this.#dispatch(frame);
			});
		}
	}

	#parse(data: Buffer, isBinary: boolean) {
		if (isBinary) {
			this.malformed++;
			return undefined;
		}
		let json: unknown;
		try {
			json = JSON.parse(data.toString('utf8'));
		} catch {
			this.malformed++;
			return undefined;
		}
		const f = ServerFrame.safeParse(json);
		if (!f.success) {
			this.malformed++;
			return undefined;
		}
		return f.data;
	}

	#dispatch(frame: ReturnType<typeof ServerFrame.parse>): void {
		if (frame.type === 'event') {
			const ev = parseEvent(frame.event, frame.payload, frame.seq);
			if (ev) this.emit('event', ev);
			else this.malformed++;
			return;
		}
		const p = this.#pending.get(frame.id);
		if (!p) return;
		// the result is typed and cleaned by its method's schema; a method without one (connect,
		// tests) gets the raw payload, read only inside net/
		const schema = (RESULTS as Record<string, {safeParse(v: unknown): {success: boolean; data?: unknown}}>)[p.method];
		let payload: unknown = frame.payload;
		if (schema && (frame.ok || frame.payload !== undefined)) {
			const r = schema.safeParse(frame.payload ?? {});
			if (!r.success && frame.ok) {
				this.malformed++;
				this.#settle(frame.id, p);
				p.reject(new RequestError(p.method, ownError('BAD_RESPONSE', 'malformed answer from the gateway')));
				return;
			}
			payload = r.success ? r.data : undefined;
		}
		if (frame.ok && p.expectFinal && (payload as {status?: string} | undefined)?.status === 'accepted') {
			clearTimeout(p.acceptTimer);
			p.acceptTimer = undefined;
			p.onAccepted?.(payload);
			return;
		}
		this.#settle(frame.id, p);
		if (frame.ok) p.resolve(payload);
		else p.reject(new RequestError(p.method, frame.error ?? ownError('UNKNOWN', 'request failed'), payload));
	}

	#settle(id: string, p: Pending): void {
		this.#pending.delete(id);
		clearTimeout(p.timer);
		clearTimeout(p.acceptTimer);
	}

	async #sendConnect(ch: {nonce: string; ts: number}): Promise<HelloOkT> {
		const {token, deviceToken, deviceTokenOnly, identity, version, password} = this.opts;
		const shared: ConnectParams['auth'] = password ? {password: token} : {token};
		const auth: ConnectParams['auth'] = deviceTokenOnly ? {deviceToken} : deviceToken ? {...shared, deviceToken} : shared;
		const scopes = [...SCOPES];
		const params: ConnectParams = {
			minProtocol: PROTOCOL,
			maxProtocol: PROTOCOL,
			client: {id: 'cli', version, platform: process.platform, mode: 'cli', displayName: this.opts.displayName ?? consoleDisplayName()},
			role: 'operator',
			scopes,
			caps: ['tool-events'],
			auth,
			userAgent: `mgw-tui/${version}`,
		};
		if (identity) {
			params.device = signDevice(identity, {
				clientId: 'cli',
				clientMode: 'cli',
				role: 'operator',
				scopes,
				signedAtMs: ch.ts,
				token: auth.token ?? auth.deviceToken ?? '',
				nonce: ch.nonce,
				platform: process.platform,
			});
		}
		const payload = await this.request('connect', params, {timeoutMs: this.opts.connectTimeoutMs ?? 15_000});
		const hello = HelloOk.safeParse(payload);
		if (!hello.success) throw new Error('malformed hello-ok');
		return hello.data;
	}

	/**
	 * Send a request. A method in frames.ts RESULTS has its answer parsed and cleaned by its schema
	 * (and typed); another method's answer is handed to its caller in net/, which parses it.
	 */
	request<M extends Method>(method: M, params: unknown, opts?: RequestOptions<ResultOf<M>>): Promise<ResultOf<M>>;
	request<T = unknown>(method: string, params: unknown, opts?: RequestOptions<T>): Promise<T>;
	request(method: string, params: unknown, {timeoutMs, expectFinal = false, onAccepted, acceptTimeoutMs}: RequestOptions<unknown> = {}): Promise<unknown> {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN || this.#closed) return Promise.reject(new ClosedError(`${method}: not connected`));
		if (this.#pending.size >= MAX_PENDING) return Promise.reject(new RequestError(method, ownError('TOO_MANY_PENDING', `${MAX_PENDING} requests already wait for an answer`)));
		const id = `${++this.#seq}:${crypto.randomUUID().slice(0, 8)}`;
		const ms = timeoutMs ?? this.opts.requestTimeoutMs ?? 30_000;
		return new Promise<unknown>((resolve, reject) => {
			const p: Pending = {method, resolve: resolve as (v: unknown) => void, reject, expectFinal, onAccepted: onAccepted as ((v: unknown) => void) | undefined};
			if (ms > 0) {
				p.timer = setTimeout(() => {
					this.#settle(id, p);
					reject(new RequestError(method, ownError('TIMEOUT', `no answer within ${ms} ms`)));
				}, ms);
			}
			if (expectFinal && acceptTimeoutMs && acceptTimeoutMs > 0) {
				p.acceptTimer = setTimeout(() => {
					this.#settle(id, p);
					reject(new RequestError(method, ownError('ACCEPT_TIMEOUT', `not accepted within ${acceptTimeoutMs} ms`)));
				}, acceptTimeoutMs);
			}
			this.#pending.set(id, p);
			ws.send(JSON.stringify({type: 'req', id, method, params}));
		});
	}

	/**
	 * Round trip on this connection: a WebSocket ping, answered by the gateway's own `ws` library
	 * in its event loop (no request, no new socket, no HTTP parser), so a poll costs both ends
	 * next to nothing. Resolves with the milliseconds, or undefined when no pong came in time or
	 * the connection closed. One ping at a time; a second waits for the first's answer.
	 */
	ping(timeoutMs: number): Promise<number | undefined> {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN || this.#closed) return Promise.resolve(undefined);
		if (this.#ping) return Promise.resolve(undefined);
		return new Promise(resolve => {
			const data = crypto.randomBytes(8);
			const t0 = performance.now();
			const finish = (rttMs: number | undefined) => {
				clearTimeout(timer);
				this.#ping = undefined;
				resolve(rttMs);
			};
			const timer = setTimeout(() => finish(undefined), timeoutMs);
			this.#ping = {data, done: answered => finish(answered ? performance.now() - t0 : undefined)};
			try {
				ws.ping(data);
			} catch {
				finish(undefined);
			}
		});
	}

	/**
	 * Silence for more than 2 × tick closes the connection. One timer per connection, set for
	 * the moment the silence would be too long and moved on when it fires early (frames came
	 * meanwhile): an idle fleet wakes once a tick per node instead of every few seconds.
	 */
	#startLiveness(): void {
		const limit = 2 * this.hello!.policy.tickIntervalMs;
		const check = () => {
			const silent = Date.now() - this.lastFrameAt;
			if (silent > limit) {
				this.#shutdown(4000, 'no ticks');
				this.#onClose(4000, `silent for more than 2 × tick (${limit} ms)`);
				return;
			}
			this.#liveness = setTimeout(check, limit - silent + 1);
			this.#liveness.unref();
		};
		this.#liveness = setTimeout(check, limit + 1);
		this.#liveness.unref();
	}

	#shutdown(code: number, reason: string): void {
		clearTimeout(this.#liveness);
		try {
			if (this.#ws && this.#ws.readyState <= WebSocket.OPEN) {
				if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(code, reason);
				else this.#ws.terminate();
			}
		} catch {
			this.#ws?.terminate();
		}
	}

	#onClose(code: number, reason: string): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#liveness);
		this.#ping?.done(false);
		for (const [id, p] of this.#pending) {
			clearTimeout(p.timer);
			clearTimeout(p.acceptTimer);
			p.reject(new ClosedError(`${p.method}: connection closed (${code}${reason ? ` ${reason}` : ''})`));
			this.#pending.delete(id);
		}
		this.emit('close', {code, reason});
	}

	close(): void {
		this.#shutdown(1000, 'bye');
		this.#onClose(1000, 'closed by client');
	}
}
