import {z} from 'zod';

/**
 * Server frames are parsed with non-strict (passthrough) objects: 2026.9.6 adds fields the
 * published schema lacks. Requests we send are built exactly (closed params on the server).
 */
export const ErrorShape = z.looseObject({
	code: z.string(),
	message: z.string().default(''),
	details: z.looseObject({code: z.string().optional(), requestId: z.string().optional()}).optional(),
	retryable: z.boolean().optional(),
	retryAfterMs: z.number().optional(),
});
export type GatewayError = z.infer<typeof ErrorShape>;

export const ResFrame = z.looseObject({
	type: z.literal('res'),
	id: z.string(),
	ok: z.boolean(),
	payload: z.unknown().optional(),
	error: ErrorShape.optional(),
});
export const EventFrame = z.looseObject({
	type: z.literal('event'),
	event: z.string(),
	payload: z.unknown().optional(),
	seq: z.number().optional(),
});
export const ServerFrame = z.discriminatedUnion('type', [ResFrame, EventFrame]);
export type ResFrameT = z.infer<typeof ResFrame>;
export type EventFrameT = z.infer<typeof EventFrame>;

export const Challenge = z.looseObject({nonce: z.string().min(1), ts: z.number()});

export const HelloOk = z.looseObject({
	type: z.literal('hello-ok'),
	protocol: z.number(),
	server: z.looseObject({version: z.string().optional(), connId: z.string().optional()}).default({}),
	features: z.looseObject({methods: z.array(z.string()).default([]), events: z.array(z.string()).default([])}).default({methods: [], events: []}),
	snapshot: z
		.looseObject({
			uptimeMs: z.number().optional(),
			sessionDefaults: z.looseObject({defaultAgentId: z.string().optional(), mainSessionKey: z.string().optional()}).optional(),
		})
		.default({}),
	auth: z
		.looseObject({
			role: z.string().optional(),
			scopes: z.array(z.string()).default([]),
			deviceToken: z.string().optional(),
			issuedAtMs: z.number().optional(),
		})
		.default({scopes: []}),
	policy: z
		.looseObject({
			maxPayload: z.number().default(26_214_400),
			tickIntervalMs: z.number().default(30_000),
		})
		.default({maxPayload: 26_214_400, tickIntervalMs: 30_000}),
});
export type HelloOkT = z.infer<typeof HelloOk>;

export const SystemInfoShape = z.looseObject({
	hostname: z.string().optional(),
	machineName: z.string().optional(),
	platform: z.string().optional(),
	arch: z.string().optional(),
	osLabel: z.string().optional(),
	cpuCount: z.number().optional(),
	loadAverage: z.array(z.number()).optional(),
	memoryTotalBytes: z.number().optional(),
	memoryFreeBytes: z.number().optional(),
	uptimeMs: z.number().optional(),
	nodeVersion: z.string().optional(),
	lanAddress: z.string().optional(),
});

export const SCOPES = ['operator.read', 'operator.write', 'operator.admin'] as const;
export const PROTOCOL = 4;

export type ConnectParams = {
	minProtocol: number;
	maxProtocol: number;
	client: {id: 'cli'; version: string; platform: string; mode: 'cli'; displayName: string};
	role: 'operator';
	scopes: string[];
	caps: string[];
	auth: {token?: string; password?: string; deviceToken?: string};
	device?: {id: string; publicKey: string; signature: string; signedAt: number; nonce: string};
	locale?: string;
	userAgent?: string;
};

/** A pairing request id as gateways issue them (a UUID today); anything else is never sent or shown as one. */
export const isRequestId = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{5,127}$/.test(s);
/** A device id: lowercase hex SHA-256 of the device's public key. */
export const isDeviceId = (s: unknown): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
