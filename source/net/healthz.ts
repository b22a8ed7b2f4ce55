import http from 'node:http';
import {dial, sniffTls, TlsRefused, type Endpoint, type TlsInfo} from './transport.js';

export type HealthzResult =
	| {ok: true; rttMs: number; tls?: TlsInfo}
	| {ok: false; code: string; message: string; rttMs?: number; presented?: string; pin?: string};

/**
 * GET /healthz: reachability and round trip. No auth needed on OpenClaw, and for wss the
 * certificate is checked (pin or CA) before the request is written. A plain request reset by
 * a TLS port is diagnosed as TLS_REQUIRED. The round trip is timed from the connected socket
 * (request out → response in), so time spent connecting — many sockets opened at once, a TLS
 * handshake — is not counted as the node being slow.
 */
export async function probeHealthz(ep: Endpoint, timeoutMs = 3000): Promise<HealthzResult> {
	const t0 = performance.now();
	let conn: Awaited<ReturnType<typeof dial>>;
	try {
		conn = await dial(ep, timeoutMs);
	} catch (e) {
		if (e instanceof TlsRefused) return {ok: false, code: e.code, message: e.message, presented: e.presented, pin: e.pin};
		const err = e as NodeJS.ErrnoException;
		return {ok: false, code: err.code ?? 'EIO', message: err.message};
	}
	const sent = performance.now();
	const left = Math.max(50, timeoutMs - (sent - t0));
	const r = await new Promise<HealthzResult>(resolve => {
		let done = false;
		const finish = (v: HealthzResult) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			req.destroy();
			conn.socket.destroy();
			resolve(v);
		};
		// Our own timer: http's `timeout` option never fires on a socket handed in already
		// connected (createConnection), so a gateway that accepts and never answers held the
		// probe, its socket and its queue slot for ever (and `status` never exited).
		const timer = setTimeout(() => finish({ok: false, code: 'ETIMEDOUT', message: `no answer within ${timeoutMs} ms`}), left);
		const req = http.get({host: ep.servername ?? ep.host, port: ep.port, path: `${(ep.path ?? '').replace(/\/$/, '')}/healthz`, createConnection: () => conn.socket, headers: {connection: 'close'}}, res => {
			res.resume();
			res.on('end', () => {
				const rttMs = performance.now() - sent;
				if (res.statusCode === 200) finish({ok: true, rttMs, ...(conn.tls ? {tls: conn.tls} : {})});
				else finish({ok: false, code: `HTTP_${res.statusCode}`, message: `/healthz answered ${res.statusCode}`, rttMs});
			});
		});
		req.on('error', (e: NodeJS.ErrnoException) => finish({ok: false, code: e.code ?? 'EIO', message: e.message}));
	});
	if (!r.ok && ep.scheme !== 'wss' && /ECONNRESET|HPE_|EPIPE/.test(r.code)) {
		const fp = await sniffTls(ep.host, ep.port, Math.min(2000, timeoutMs));
		if (fp !== undefined) return {ok: false, code: 'TLS_REQUIRED', message: 'this gateway speaks TLS: use wss://', presented: fp || undefined};
	}
	return r;
}
