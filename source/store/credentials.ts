import {createIdentity} from '../net/device-identity.js';
import type {Credentials} from '../net/credentials.js';
import type {Registry} from './registry.js';

/** Credentials kept in the registry's 0600 secrets file: one device identity per install, a device token per node. */
export function storeCredentials(registry: Registry): Credentials {
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
			const t = s.deviceTokens[node];
			return t && t.gateway === gateway && t.deviceId === s.device?.deviceId ? t : undefined;
		},
		saveDeviceToken(node, record) {
			registry.saveSecrets(s => {
				s.deviceTokens[node] = record;
			});
		},
		dropDeviceToken(node) {
			registry.saveSecrets(s => {
				delete s.deviceTokens[node];
			});
		},
	};
}
