import {EventEmitter} from 'node:events';
import crypto from 'node:crypto';
import os from 'node:os';
import WebSocket from 'ws';
import {Challenge, HelloOk, PROTOCOL, SCOPES, ServerFrame, type ConnectParams, type EventFrameT, type GatewayError, type HelloOkT} from './frames.js';
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

type Pending = {
	method: string;
	resolve: (v: unknown) => void;
	reject: (e: Error) => void;
	timer?: NodeJS.Timeout;
	expectFinal: boolean;
	onAccepted?: (p: unknown) => void;
};

export type RequestOptions = {timeoutMs?: number; expectFinal?: boolean; onAccepted?: (payload: unknown) => void};

const PREAUTH_MAX = 64 * 1024;

/**
 * One WebSocket connection to one gateway, protocol 4: challenge → signed connect →
 * hello-ok; requests correlated by id with a timeout each (the `agent` method answers
 * twice on one id); liveness from ticks; malformed and oversized frames dropped and counted.
 * Emits 'event' (EventFrameT) and 'close' ({code, reason, liveness}).
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

	constructor(readonly opts: ClientOptions) {
		super();
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
			ws.on('error', (e: NodeJS.ErrnoException) => fail({kind: 'transport', code: e.code, message: e.message}));
			ws.on('unexpected-response', (_req, res) => fail({kind: 'transport', code: `HTTP_${res.statusCode}`, message: `HTTP ${res.statusCode} on upgrade`}));
			ws.on('ping', () => (this.lastFrameAt = Date.now()));
			ws.on('close', (code, reasonBuf) => {
				const reason = reasonBuf.toString();
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
								const d = e.error.details as Record<string, unknown> | undefined;
								fail({
									kind: 'rejected',
									code: e.error.code,
									detailsCode: typeof d?.code === 'string' ? d.code : undefined,
									message: e.error.message,
									requestId: typeof d?.requestId === 'string' ? d.requestId : undefined,
									retryAfterMs: e.error.retryAfterMs,
									canRetryWithDeviceToken: d?.canRetryWithDeviceToken === true,
								});
							} else fail({kind: 'transport', message: e.message});
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
			this.emit('event', frame as EventFrameT);
			return;
		}
		const p = this.#pending.get(frame.id);
		if (!p) return;
		if (frame.ok && p.expectFinal && (frame.payload as {status?: string} | undefined)?.status === 'accepted') {
			p.onAccepted?.(frame.payload);
			return;
		}
		this.#pending.delete(frame.id);
		clearTimeout(p.timer);
		if (frame.ok) p.resolve(frame.payload);
		else p.reject(new RequestError(p.method, frame.error ?? {code: 'UNKNOWN', message: 'request failed'}, frame.payload));
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

	request<T = unknown>(method: string, params: unknown, {timeoutMs, expectFinal = false, onAccepted}: RequestOptions = {}): Promise<T> {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN || this.#closed) return Promise.reject(new ClosedError(`${method}: not connected`));
		const id = `${++this.#seq}:${crypto.randomUUID().slice(0, 8)}`;
		const ms = timeoutMs ?? this.opts.requestTimeoutMs ?? 30_000;
		return new Promise<T>((resolve, reject) => {
			const p: Pending = {method, resolve: resolve as (v: unknown) => void, reject, expectFinal, onAccepted};
			if (ms > 0) {
				p.timer = setTimeout(() => {
					this.#pending.delete(id);
					reject(new RequestError(method, {code: 'TIMEOUT', message: `no answer within ${ms} ms`}));
				}, ms);
			}
			this.#pending.set(id, p);
			ws.send(JSON.stringify({type: 'req', id, method, params}));
		});
	}

	#startLiveness(): void {
		const tick = this.hello!.policy.tickIntervalMs;
		const check = Math.max(250, Math.min(5000, tick / 4));
		this.#liveness = setInterval(() => {
			if (Date.now() - this.lastFrameAt > 2 * tick) {
				this.#shutdown(4000, 'no ticks');
				this.#onClose(4000, `silent for more than 2 × tick (${2 * tick} ms)`);
			}
		}, check);
		this.#liveness.unref();
	}

	#shutdown(code: number, reason: string): void {
		clearInterval(this.#liveness);
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
		clearInterval(this.#liveness);
		for (const [id, p] of this.#pending) {
			clearTimeout(p.timer);
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
