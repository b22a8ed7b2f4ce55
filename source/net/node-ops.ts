import type {Fleet} from './fleet.js';
import type {NodeConnection} from './node-connection.js';
import {chatHistory, deleteOwnSession, listSessions} from './sessions.js';
import {approveDevice, canPair, listDevices, rejectDevice, revokeDevice} from './pairing.js';
import {GatewayLog} from './gateway-log.js';
import type {DeviceRow} from '../core/fleet-dialogs.js';
import {formatDuration} from '../core/format.js';

/**
 * Sessions, pairing and the gateway log of one node, over that node's live connection. Each
 * call says plainly why it cannot run (not connected, no pairing scope) instead of failing deep.
 */
export class NodeOps {
	constructor(readonly fleet: Fleet) {}

	#conn(node: string): NodeConnection {
		const c = this.fleet.connection(node);
		if (!c?.client?.open) throw new Error(`${node} is not connected (${c?.status.state ?? 'unknown'})`);
		return c;
	}

	async sessions(node: string) {
		return listSessions(this.#conn(node));
	}
	async chat(node: string, key: string) {
		return (await chatHistory(this.#conn(node), key)).turns;
	}
	async deleteSession(node: string, key: string) {
		return deleteOwnSession(this.#conn(node), key);
	}

	#pairing(node: string): NodeConnection {
		const c = this.#conn(node);
		if (!canPair(c.client?.hello?.auth.scopes)) throw new Error(`${node} did not grant this console operator.pairing or operator.admin, which pairing needs (granted: ${c.status.scopes?.join(', ') || 'none'})`);
		return c;
	}
	async devices(node: string): Promise<DeviceRow[]> {
		const d = await listDevices(this.#pairing(node));
		const now = Date.now();
		return [
			...d.pending.map(p => ({kind: 'pending' as const, requestId: p.requestId, deviceId: p.deviceId, name: p.name, detail: [p.repair ? 'repair' : 'new', p.role, p.remoteIp && `from ${p.remoteIp}`, p.platform, p.ts && `${formatDuration(now - p.ts)} ago`].filter(Boolean).join(' · ')})),
			...d.paired.map(p => ({kind: 'paired' as const, deviceId: p.deviceId, name: p.name, connected: p.connected, detail: [p.roles.join('+'), p.platform, p.connected ? 'connected' : p.lastSeenAt ? `seen ${formatDuration(now - p.lastSeenAt)} ago` : undefined].filter(Boolean).join(' · ')})),
		];
	}
	async approve(node: string, requestId: string) {
		return approveDevice(this.#pairing(node), requestId);
	}
	async reject(node: string, requestId: string) {
		return rejectDevice(this.#pairing(node), requestId);
	}
	async revoke(node: string, deviceId: string) {
		return revokeDevice(this.#pairing(node), deviceId);
	}

	gatewayLog(node: string): GatewayLog {
		return new GatewayLog(node, () => this.fleet.connection(node)).start();
	}
}
