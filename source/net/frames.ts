import * as z from 'zod';
import {sanitize, sanitizeLine, type Clean} from '../core/sanitize.js';
import {INVALID_REQUEST_ID} from '../core/node-state.js';

export {INVALID_REQUEST_ID};

/**
 * The boundary. Every server frame is parsed here into typed values, and every string a
 * gateway sends is cleaned (core/sanitize.ts: escapes, controls, bidi and invisible
 * formatting, lone surrogates) and length-capped on the way in — so no unclean string and no
 * wrongly typed value exists past net/. Objects are parsed non-strictly (2026.9.6 adds fields
 * the published schema lacks) but unknown keys are dropped, not passed through. A field of the
 * wrong type becomes `undefined` (or the documented default) instead of failing the frame,
 * except where the console cannot act without it (run ids, seq, res ids).
 */

/** One line of remote text, cleaned and capped. */
export const line = (max = 4096) => z.string().transform(s => sanitizeLine(s, max));
/** Multi-line remote text (answers, config files), cleaned and capped. */
export const text = (max = 1_000_000) => z.string().transform(s => sanitize(s, max));
/** Optional and lenient: missing or of the wrong type → undefined. */
const opt = <S extends z.ZodType>(s: S) => s.optional().catch(undefined);
const num = () => opt(z.number().finite());
const bool = () => opt(z.boolean());
/** A list of at most `max` entries (more are dropped); a non-array → []. */
const list = <S extends z.ZodType>(s: S, max: number) =>
	z
		.array(z.unknown())
		.catch([])
		.transform(a => a.slice(0, max).flatMap(v => {
			const r = s.safeParse(v);
			return r.success ? [r.data as z.output<S>] : [];
		}));
/** An array's length only (counts shown on screen; the contents are not needed). */
const count = () => opt(z.array(z.unknown()).transform(a => a.length));

/**
 * Identifiers from a gateway that end up in a command the user runs. OpenClaw's pairing request
 * ids are UUIDs; agent ids are normalised to `[a-z0-9_-]` (≤ 64). Anything else is never shown
 * as a command (a hostile `5e1f; curl … | sh #` would be copied and run).
 */
export const isRequestId = (s: unknown): s is Clean => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{5,127}$/.test(s);
export const isAgentId = (s: unknown): s is Clean => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s);
/**
 * A schema built the first time it parses something: one-shot commands (`status`) never build
 * the shapes of methods and events they do not use (zod's schema construction is most of its
 * cost in a short-lived process).
 */
const later = <S extends z.ZodType>(build: () => S) => z.lazy(build);

const agentId = () => opt(z.string().refine(isAgentId)) as z.ZodType<Clean | undefined>;

export const ErrorShape = z.object({
	code: line(64).catch('UNKNOWN' as Clean),
	message: line(2000).catch('' as Clean).default('' as Clean),
	details: opt(
		z.object({
			code: opt(line(64)),
			requestId: opt(z.string().transform(s => (isRequestId(s) ? s : (INVALID_REQUEST_ID as Clean)))),
			canRetryWithDeviceToken: bool(),
		}),
	),
	retryable: bool(),
	retryAfterMs: num(),
});
export type GatewayError = z.output<typeof ErrorShape>;

export const ResFrame = z.object({
	type: z.literal('res'),
	id: z.string().max(200),
	ok: z.boolean(),
	payload: z.unknown().optional(),
	error: opt(ErrorShape),
});
export const EventFrame = z.object({
	type: z.literal('event'),
	event: z.string().max(200),
	payload: z.unknown().optional(),
	seq: num(),
});
export const ServerFrame = z.discriminatedUnion('type', [ResFrame, EventFrame]);

export const Challenge = z.object({nonce: z.string().min(1).max(512), ts: z.number().finite()});

const clamp = (lo: number, hi: number) => (n: number) => Math.min(hi, Math.max(lo, n));

export const HelloOk = z.object({
	type: z.literal('hello-ok'),
	protocol: z.number(),
	server: z.object({version: opt(line(100)), connId: opt(line(200))}).catch({}).default({}),
	snapshot: z
		.object({
			uptimeMs: num(),
			sessionDefaults: opt(z.object({defaultAgentId: agentId(), mainSessionKey: opt(line(512))})),
		})
		.catch({})
		.default({}),
	auth: z
		.object({
			role: opt(line(64)),
			scopes: list(line(100), 64).default([]),
			deviceToken: opt(line(1024)),
			issuedAtMs: num(),
		})
		.catch({scopes: []})
		.default({scopes: []}),
	policy: z
		.object({
			maxPayload: z.number().finite().catch(26_214_400).default(26_214_400).transform(clamp(1024, 64 * 1024 * 1024)),
			tickIntervalMs: z.number().finite().catch(30_000).default(30_000).transform(clamp(100, 600_000)),
		})
		.catch({maxPayload: 26_214_400, tickIntervalMs: 30_000})
		.default({maxPayload: 26_214_400, tickIntervalMs: 30_000}),
});
export type HelloOkT = z.output<typeof HelloOk>;

export const SystemInfoShape = z.object({
	hostname: opt(line(200)),
	machineName: opt(line(200)),
	platform: opt(line(100)),
	arch: opt(line(100)),
	osLabel: opt(line(200)),
	cpuCount: num(),
	loadAverage: opt(z.array(z.number().finite()).max(16)),
	memoryTotalBytes: num(),
	memoryFreeBytes: num(),
	uptimeMs: num(),
	nodeVersion: opt(line(100)),
	lanAddress: opt(line(200)),
	eventLoop: opt(z.object({degraded: bool()})),
});
export type SystemInfo = z.output<typeof SystemInfoShape>;

export const HealthShape = later(() =>
	z.object({
		ok: bool(),
		defaultAgentId: agentId(),
		agents: count(),
		sessions: opt(z.object({count: opt(z.number().int().nonnegative())})).transform(s => s?.count),
	}),
);

export const AgentsListShape = later(() =>
	z.object({
		defaultId: agentId(),
		// agents whose id is not a valid agent id are left out (they would be sent back in session keys)
		agents: list(z.object({id: z.string().refine(isAgentId), name: opt(line(200))}), 500),
	}),
);

export const DevicePairListShape = later(() =>
	z.object({
		paired: count(),
		pending: list(z.object({requestId: opt(z.string().refine(isRequestId)) as z.ZodType<Clean | undefined>, remoteIp: opt(line(100))}), 500),
	}),
);

export const SessionsListShape = later(() =>
	z.object({
		sessions: list(z.object({activeRunIds: list(line(200), 100)}), 1000),
	}),
);

/** `agent`: the acceptance ({status:"accepted", runId, sessionKey}) and the final answer share one id. */
export const AgentResultShape = later(() =>
	z.object({
		status: line(40).catch('error' as Clean).default('error' as Clean),
		runId: opt(line(200)),
		sessionKey: opt(line(512)),
		summary: opt(line(2000)),
		stopReason: opt(line(200)),
		result: opt(z.object({payloads: list(z.object({text: opt(text())}), 100)})),
	}),
);
export type AgentResult = z.output<typeof AgentResultShape>;

export const AgentWaitShape = later(() =>
	z.object({
		status: line(40).catch('error' as Clean).default('error' as Clean),
		error: opt(line(2000)),
		stopReason: opt(line(200)),
		terminalReply: opt(z.object({text: opt(text())})),
	}),
);
export type AgentWait = z.output<typeof AgentWaitShape>;

export const ConfigGetShape = later(() =>
	z.object({
		path: opt(line(1000)),
		exists: bool(),
		raw: opt(text(5_000_000)),
		hash: opt(line(200)),
	}),
);

/** A result the console does not read (chat.abort, config.patch): nothing of it passes. */
const Ignored = z.unknown().transform(() => undefined);

/**
 * Every method the console calls, with the shape of its result: `request` parses these itself.
 * (sessions.list and device.pair.list are parsed by their callers — net/sessions.ts, pairing.ts,
 * fleet.ts, node-connection.ts — each with the shape it needs.)
 */
export const RESULTS = {
	'system.info': SystemInfoShape,
	health: HealthShape,
	'agents.list': AgentsListShape,
	agent: AgentResultShape,
	'agent.wait': AgentWaitShape,
	'chat.abort': z.object({aborted: bool()}),
	'sessions.abort': z.object({aborted: bool()}),
	'config.get': ConfigGetShape,
	'config.patch': Ignored,
	'device.pair.approve': Ignored,
} as const;
export type Method = keyof typeof RESULTS;
export type ResultOf<M extends string> = M extends Method ? z.output<(typeof RESULTS)[M]> : unknown;

const errorText = opt(z.unknown().transform(v => (v === undefined || v === null ? undefined : sanitizeLine(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''), 2000))));

/** `agent` event payload: {runId, seq, stream, data, sessionKey?, agentId?}. */
export const AgentEventShape = later(() =>
	z.object({
		runId: line(200).refine(s => s.length > 0),
		seq: z.number().int().nonnegative(),
		stream: line(40).catch('' as Clean),
		sessionKey: opt(line(512)),
		agentId: opt(line(128)),
		data: z
			.object({
				itemId: opt(line(200)),
				text: opt(text()),
				delta: opt(text()),
				replace: bool(),
				toolCallId: opt(line(200)),
				name: opt(line(200)),
				phase: opt(line(40)),
				args: opt(z.unknown().transform(v => (v === undefined ? undefined : sanitizeLine(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''), 2000)))),
				isError: bool(),
				error: errorText,
				stopReason: opt(line(200)),
				aborted: bool(),
			})
			.catch({})
			.default({}),
	}),
);
export type AgentEvent = z.output<typeof AgentEventShape>;

export const ShutdownShape = later(() =>
	z.object({
		reason: opt(line(500)),
		restartExpectedMs: opt(z.number().finite().transform(clamp(0, 600_000))),
	}),
);

/** The events the console reads; every other event is passed on by name only. */
export type GatewayEvent =
	| {event: 'agent'; payload: AgentEvent; seq?: number}
	| {event: 'shutdown'; payload: z.output<typeof ShutdownShape>; seq?: number}
	| {event: 'other'; name: Clean; seq?: number};
export type EventFrameT = GatewayEvent;

/** Parse an event frame's payload; undefined when a known event's payload is malformed. */
export function parseEvent(name: string, payload: unknown, seq?: number): GatewayEvent | undefined {
	if (name === 'agent') {
		const r = AgentEventShape.safeParse(payload);
		return r.success ? {event: 'agent', payload: r.data, seq} : undefined;
	}
	if (name === 'shutdown') {
		const r = ShutdownShape.safeParse(payload ?? {});
		return r.success ? {event: 'shutdown', payload: r.data, seq} : undefined;
	}
	return {event: 'other', name: sanitizeLine(name, 200), seq};
}

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

/** A device id: lowercase hex SHA-256 of the device's public key. */
export const isDeviceId = (s: unknown): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
