import * as z from 'zod/mini';
import '../core/zod-locale.js';
import {JsonFile} from './json-file.js';

export const DeviceIdentitySchema = z.object({
	deviceId: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
	publicKeyPem: z.string(),
	privateKeyPem: z.string(),
	createdAt: z.string(),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentitySchema>;

export const DeviceTokenSchema = z.object({
	token: z.string(),
	deviceId: z.string(),
	scopes: z._default(z.array(z.string()), []),
	/** host:port the token was issued by; a node moved elsewhere does not reuse it. */
	gateway: z.string(),
	issuedAtMs: z.optional(z.number()),
});
export type DeviceTokenEntry = z.infer<typeof DeviceTokenSchema>;

export const SecretsSchema = z.object({
	version: z._default(z.literal(1), 1),
	tokens: z._default(z.record(z.string(), z.string()), {}),
	/** Which kind of shared secret `tokens[name]` is; absent = token. */
	secretKinds: z._default(z.record(z.string(), z.enum(['token', 'password'])), {}),
	device: z.optional(DeviceIdentitySchema),
	deviceTokens: z._default(z.record(z.string(), DeviceTokenSchema), {}),
});
export type Secrets = z.infer<typeof SecretsSchema>;

/** Tokens, the device key and device tokens: a separate file, mode 0600. */
export const openSecrets = (dir: string) => new JsonFile(dir, 'secrets', SecretsSchema, 0o600);
