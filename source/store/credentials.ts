import {createIdentity} from '../net/device-identity.js';
import type {Credentials, DeviceTokenRecord} from '../net/credentials.js';
import type {Secrets} from './secrets.js';
import type {Registry} from './registry.js';

export type StoreCredentials = Credentials & {
	/** Write the queued device-token changes now (one atomic write for all of them). */
	flush(): void;
};

/**
 * Credentials kept in the registry's 0600 secrets file: one device identity per install, a
 * device token per node. Reads come from the registry's per-process cache (one parse, not one
 * per node); device-token changes are queued and written together `batchMs` later — one
 * atomic write (temp file, fsync, rename) per batch, so 1 000 first contacts cost a handful of
 * writes instead of 1 000. Until written, the queued changes are seen by `deviceToken()`.
 */
export function storeCredentials(registry: Registry, {batchMs = 100}: {batchMs?: number} = {}): StoreCredentials {
	const queued = new Map<string, DeviceTokenRecord | null>();
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		if (queued.size === 0) return;
		const changes = [...queued];
		queued.clear();
		registry.saveSecrets(s => {
			for (const [node, record] of changes) {
				if (record) s.deviceTokens[node] = record;
				else delete s.deviceTokens[node];
			}
		});
	};
	const queue = (node: string, record: DeviceTokenRecord | null) => {
		queued.set(node, record);
		// kept referenced: the process does not exit with a change unwritten
		timer ??= setTimeout(flush, batchMs);
	};
	const valid = (t: DeviceTokenRecord | undefined, gateway: string, s: Readonly<Secrets>) => (t && t.gateway === gateway && t.deviceId === s.device?.deviceId ? t : undefined);
	return {
		identity() {
			const have = registry.secrets().device;
			if (have) return have;
			const id = createIdentity();
			registry.saveSecrets(s => {
				s.device ??= id;
			});
			return registry.secrets().device!;
		},
		deviceToken(node, gateway) {
			const s = registry.secrets();
			const q = queued.get(node);
			if (q === null) return undefined;
			return valid(q ?? s.deviceTokens[node], gateway, s);
		},
		saveDeviceToken: (node, record) => queue(node, record),
		dropDeviceToken: node => queue(node, null),
		flush,
	};
}
