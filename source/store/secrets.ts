import * as z from 'zod';
import {JsonFile} from './json-file.js';

export const DeviceIdentitySchema = z.object({
	deviceId: z.string().regex(/^[0-9a-f]{64}$/),
	publicKeyPem: z.string(),
	privateKeyPem: z.string(),
	createdAt: z.string(),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentitySchema>;

export const DeviceTokenSchema = z.object({
	token: z.string(),
	deviceId: z.string(),
	scopes: z.array(z.string()).default([]),
	/** host:port the token was issued by; a node moved elsewhere does not reuse it. */
	gateway: z.string(),
	issuedAtMs: z.number().optional(),
});
export type DeviceTokenEntry = z.infer<typeof DeviceTokenSchema>;

export const SecretsSchema = z.object({
	version: z.literal(1).default(1),
	tokens: z.record(z.string(), z.string()).default({}),
	/** Which kind of shared secret `tokens[name]` is; absent = token. */
	secretKinds: z.record(z.string(), z.enum(['token', 'password'])).default({}),
	device: DeviceIdentitySchema.optional(),
	deviceTokens: z.record(z.string(), DeviceTokenSchema).default({}),
});
export type Secrets = z.infer<typeof SecretsSchema>;

/** Tokens, the device key and device tokens: a separate file, mode 0600. */
export const openSecrets = (dir: string) => new JsonFile(dir, 'secrets', SecretsSchema, 0o600);
