import type {Classified} from '../core/classify.js';
import {nodeUrl, type RouteFields} from '../core/route.js';
import {SshTunnel, type TunnelOptions} from './ssh-tunnel.js';
import type {Endpoint} from './transport.js';

export type Reach = {endpoint: Endpoint; url: string};

/**
 * How one node is reached right now: directly (ws / wss with its pin), or through its
 * supervised SSH tunnel (then a loopback ws endpoint on the tunnel's local port).
 */
export class NodeRoute {
	readonly tunnel?: SshTunnel;

	constructor(
		readonly target: RouteFields,
		opts: TunnelOptions = {},
	) {
		if (target.ssh) this.tunnel = new SshTunnel(target.ssh, target.host, target.port, opts).start();
	}

	/** The endpoint to dial, or why there is none (the tunnel failed). */
	async reach(timeoutMs: number): Promise<Reach | Classified> {
		const t = this.target;
		if (!this.tunnel) return {endpoint: {host: t.host, port: t.port, scheme: t.scheme ?? 'ws', pin: t.tlsFingerprint, path: t.path}, url: nodeUrl(t)};
		const s = await this.tunnel.ready(timeoutMs);
		if (s.phase === 'up') return {endpoint: {host: '127.0.0.1', port: s.localPort, scheme: 'ws'}, url: `ws://127.0.0.1:${s.localPort}`};
		if (s.phase === 'failed') return {state: 'ssh-failed', code: s.code, detail: s.detail};
		return {state: 'unreachable', detail: 'ssh tunnel stopped'};
	}

	/**
	 * A connection through the tunnel failed: was it the far end (nothing on the gateway port)?
	 * Waits briefly for ssh's "open failed" on stderr, which can arrive after the socket closes.
	 */
	async explain(sinceMs: number): Promise<Classified | undefined> {
		const tun = this.tunnel;
		if (!tun) return undefined;
		if (tun.channelFailedAt < sinceMs) {
			await new Promise<void>(resolve => {
				const t = setTimeout(done, 500);
				function done() {
					clearTimeout(t);
					tun!.off('channel-failed', done);
					resolve();
				}
				tun.once('channel-failed', done);
			});
		}
		if (tun.channelFailedAt >= sinceMs) return {state: 'ssh-failed', code: 'SSH_NO_GATEWAY', detail: `ssh is up, but nothing listens on ${this.target.host}:${this.target.port} on ${this.target.ssh}`};
		return undefined;
	}

	stop(): Promise<void> {
		return this.tunnel?.stop() ?? Promise.resolve();
	}
}

export const isReach = (r: Reach | Classified): r is Reach => 'endpoint' in r;
