import os from 'node:os';
import {isTailnetIp} from '../core/gateway-check.js';

export type ShareInfo = {hostname: string; lan: {iface: string; address: string}[]; tailnet?: string};

/** This computer's addresses as other computers would use them (the guide's §1.3). */
export function connectionInfo(): ShareInfo {
	const lan: ShareInfo['lan'] = [];
	let tailnet: string | undefined;
	for (const [iface, addrs] of Object.entries(os.networkInterfaces())) {
		for (const a of addrs ?? []) {
			if (a.internal || a.family !== 'IPv4') continue;
			if (isTailnetIp(a.address)) tailnet ??= a.address;
			else lan.push({iface, address: a.address});
		}
	}
	return {hostname: os.hostname(), lan, tailnet};
}
