import crypto from 'node:crypto';

export type Identity = {deviceId: string; publicKeyPem: string; privateKeyPem: string; createdAt: string};

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function rawPublicKey(pem: string): Buffer {
	return crypto.createPublicKey(pem).export({type: 'spki', format: 'der'}).subarray(SPKI_ED25519_PREFIX.length);
}

/** A new Ed25519 identity; deviceId = hex sha256 of the raw 32-byte public key. */
export function createIdentity(): Identity {
	const {publicKey, privateKey} = crypto.generateKeyPairSync('ed25519');
	const publicKeyPem = publicKey.export({type: 'spki', format: 'pem'}).toString();
	const privateKeyPem = privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
	const deviceId = crypto.createHash('sha256').update(rawPublicKey(publicKeyPem)).digest('hex');
	return {deviceId, publicKeyPem, privateKeyPem, createdAt: new Date().toISOString()};
}

const lower = (v: string | undefined) => (v ?? '').trim().replace(/[A-Z]/g, c => c.toLowerCase());

export type SignInput = {clientId: string; clientMode: string; role: string; scopes: readonly string[]; signedAtMs: number; token: string; nonce: string; platform: string; deviceFamily?: string};

/** The v3 payload: v3|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce|platform|deviceFamily. */
export function v3Payload(deviceId: string, s: SignInput): string {
	return ['v3', deviceId, s.clientId, s.clientMode, s.role, s.scopes.join(','), String(s.signedAtMs), s.token, s.nonce, lower(s.platform), lower(s.deviceFamily)].join('|');
}

/** The parsed key of the identity last used (one install has one): parsed once per process, not per connection. */
let parsed: {privateKeyPem: string; publicKeyPem: string; key: crypto.KeyObject; publicKey: string} | undefined;
function keysOf(id: Identity) {
	if (parsed?.privateKeyPem !== id.privateKeyPem || parsed.publicKeyPem !== id.publicKeyPem) {
		parsed = {privateKeyPem: id.privateKeyPem, publicKeyPem: id.publicKeyPem, key: crypto.createPrivateKey(id.privateKeyPem), publicKey: rawPublicKey(id.publicKeyPem).toString('base64url')};
	}
	return parsed;
}

export function signDevice(id: Identity, s: SignInput) {
	const k = keysOf(id);
	const signature = crypto.sign(null, Buffer.from(v3Payload(id.deviceId, s), 'utf8'), k.key).toString('base64url');
	return {id: id.deviceId, publicKey: k.publicKey, signature, signedAt: s.signedAtMs, nonce: s.nonce};
}

/** Verify a device block (used by the test gateway, as the real gateway does). */
export function verifyDevice(device: {id: string; publicKey: string; signature: string}, payload: string): boolean {
	try {
		const raw = Buffer.from(device.publicKey, 'base64url');
		if (raw.length !== 32) return false;
		if (crypto.createHash('sha256').update(raw).digest('hex') !== device.id) return false;
		const key = crypto.createPublicKey({key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki'});
		return crypto.verify(null, Buffer.from(payload, 'utf8'), key, Buffer.from(device.signature, 'base64url'));
	} catch {
		return false;
	}
}
