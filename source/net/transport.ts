import net from 'node:net';
import tls from 'node:tls';
import type {Scheme} from '../core/route.js';

/** Where one TCP/TLS connection goes (after any SSH tunnel: then host is 127.0.0.1 and port the local end). */
export type Endpoint = {host: string; port: number; scheme?: Scheme; pin?: string; /** SNI and certificate name; default host. */ servername?: string; /** URL path prefix (Tailscale Serve mount point). */ path?: string};

export type TlsInfo = {fingerprint: string; authorized: boolean; authorizationError?: string; pin?: string};

export type TlsCode = 'TLS_UNTRUSTED' | 'TLS_MISMATCH' | 'TLS_REQUIRED' | 'TLS_NOT_SPOKEN';

/** The TLS check refused the peer (or the scheme is wrong). Nothing was written on the socket. */
export class TlsRefused extends Error {
	constructor(
		readonly code: TlsCode,
		message: string,
		readonly presented?: string,
		readonly pin?: string,
	) {
		super(message);
	}
}

const certName = (host: string) => (net.isIP(host) ? undefined : host);

/**
 * Open a connection and, for wss, check the peer certificate BEFORE anything is written:
 * a pin must match exactly (whatever the CA says); without a pin the certificate must be
 * valid for the name by the system's CAs. Resolves with a connected socket (nothing sent yet).
 */
export function dial(ep: Endpoint, timeoutMs: number): Promise<{socket: net.Socket; tls?: TlsInfo}> {
	return new Promise((resolve, reject) => {
		let done = false;
		const finish = (err: Error | undefined, value?: {socket: net.Socket; tls?: TlsInfo}) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (err) {
				socket.destroy();
				reject(err);
			} else resolve(value!);
		};
		const timer = setTimeout(() => finish(Object.assign(new Error(`no answer within ${timeoutMs} ms`), {code: 'ETIMEDOUT'})), timeoutMs);
		const secure = ep.scheme === 'wss';
		const socket: net.Socket = secure
			? tls.connect({host: ep.host, port: ep.port, servername: certName(ep.servername ?? ep.host), rejectUnauthorized: false, ALPNProtocols: ['http/1.1']})
			: net.connect({host: ep.host, port: ep.port});
		socket.once('error', (e: NodeJS.ErrnoException) => {
			if (secure && /WRONG_VERSION_NUMBER|wrong version number|packet length too long|EPROTO/i.test(`${e.code} ${e.message}`)) {
				return finish(new TlsRefused('TLS_NOT_SPOKEN', `${ep.host}:${ep.port} does not speak TLS`));
			}
			finish(e);
		});
		if (!secure) {
			socket.once('connect', () => finish(undefined, {socket}));
			return;
		}
		(socket as tls.TLSSocket).once('secureConnect', () => {
			const s = socket as tls.TLSSocket;
			const cert = s.getPeerX509Certificate();
			if (!cert) return finish(new TlsRefused('TLS_UNTRUSTED', 'the gateway presented no certificate'));
			const info: TlsInfo = {fingerprint: cert.fingerprint256, authorized: s.authorized, pin: ep.pin};
			if (!s.authorized) info.authorizationError = String(s.authorizationError ?? '');
			if (ep.pin) {
				if (info.fingerprint !== ep.pin) return finish(new TlsRefused('TLS_MISMATCH', 'the certificate is not the pinned one; nothing was sent', info.fingerprint, ep.pin));
			} else if (!s.authorized) {
				return finish(new TlsRefused('TLS_UNTRUSTED', `certificate not trusted (${info.authorizationError || 'unknown issuer'}); nothing was sent`, info.fingerprint));
			}
			finish(undefined, {socket, tls: info});
		});
	});
}

/**
 * After a plain connection was reset or answered with garbage: does that port speak TLS?
 * Only a TLS handshake is attempted (nothing else is sent). Resolves with the certificate's
 * SHA-256 or undefined.
 */
export function sniffTls(host: string, port: number, timeoutMs = 2000): Promise<string | undefined> {
	return new Promise(resolve => {
		const s = tls.connect({host, port, servername: certName(host), rejectUnauthorized: false});
		const end = (v: string | undefined) => {
			clearTimeout(t);
			s.destroy();
			resolve(v);
		};
		const t = setTimeout(() => end(undefined), timeoutMs);
		s.once('secureConnect', () => end(s.getPeerX509Certificate()?.fingerprint256 ?? ''));
		s.once('error', () => end(undefined));
	});
}
