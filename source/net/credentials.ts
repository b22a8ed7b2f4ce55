import {createIdentity, type Identity} from './device-identity.js';

export type DeviceTokenRecord = {token: string; deviceId: string; scopes: string[]; gateway: string; issuedAtMs?: number};

/** Where the console keeps its device identity and per-node device tokens (the 0600 secrets file in production). */
export interface Credentials {
	identity(): Identity;
	deviceToken(node: string, gateway: string): DeviceTokenRecord | undefined;
	saveDeviceToken(node: string, record: DeviceTokenRecord): void;
	dropDeviceToken(node: string): void;
}

/** In-memory credentials (tests, one-shot probes). */
export function memoryCredentials(identity: Identity = createIdentity()): Credentials & {tokens: Map<string, DeviceTokenRecord>} {
	const tokens = new Map<string, DeviceTokenRecord>();
	return {
		tokens,
		identity: () => identity,
		deviceToken: (node, gateway) => {
			const t = tokens.get(node);
			return t && t.gateway === gateway && t.deviceId === identity.deviceId ? t : undefined;
		},
		saveDeviceToken: (node, r) => void tokens.set(node, r),
		dropDeviceToken: node => void tokens.delete(node),
	};
}
