import * as z from 'zod/mini';
import './zod-locale.js';

/** Bind modes OpenClaw 2026.9.6 accepts, with the guide's one-line explanations. */
export const BIND_MODES = ['loopback', 'lan', 'auto', 'custom', 'tailnet'] as const;
export const FIELD_HELP: Record<string, string> = {
	port: 'WebSocket + HTTP port, 1–65535 (default 18789)',
	mode: '"local" runs the gateway here; "remote" means this CLI talks to gateway.remote',
	bind: 'loopback = this computer only (safest: the main computer reaches it over SSH, nodes add --ssh) · lan = all IPv4 interfaces (0.0.0.0) · auto · custom = customBindHost · tailnet = Tailscale IP',
	customBindHost: 'the one IPv4 address to listen on when bind is "custom"',
	'auth.mode': 'token (shared secret) · password · none (loopback only) · trusted-proxy',
	'auth.token': 'the shared token clients send (what mgw-tui nodes need)',
	'auth.password': 'shared password (required for Tailscale funnel)',
	'tailscale.mode': 'off · serve (tailnet only, needs bind loopback) · funnel (public internet, needs password auth)',
};
export const EDITABLE_FIELDS = ['port', 'mode', 'bind', 'customBindHost', 'auth.mode', 'auth.token', 'auth.password', 'tailscale.mode'] as const;
export const SECRET_FIELDS: readonly string[] = ['auth.token', 'auth.password'];

const SecretRef = z.looseObject({source: z.enum(['env', 'file', 'exec', 'store']), provider: z.optional(z.string()), id: z.string()});
const Secret = z.union([z.string(), SecretRef]);

/** The keys of the gateway section 2026.9.6 knows (strictObject there: anything else is refused). */
export const GATEWAY_KEYS = [
	'port', 'mode', 'bind', 'customBindHost', 'publicOrigin', 'auth', 'tailscale', 'remote', 'controlUi', 'trustedProxies', 'allowRealIpFallback',
	'roles', 'terminal', 'cliAgents', 'tools', 'reload', 'tls', 'http', 'push', 'nodes', 'portals',
] as const;
export const AUTH_KEYS = ['mode', 'token', 'password', 'allowTailscale', 'identityScopes', 'rateLimit', 'trustedProxy'] as const;
export const TAILSCALE_KEYS = ['mode', 'preserveFunnel'] as const;
/** Keys OpenClaw retired: doctor removes them. */
export const RETIRED: Record<string, string> = {
	'gateway.host': 'retired: the gateway listens by bind mode, not host',
	'gateway.tailscale.resetOnExit': 'retired: managed routes now follow the gateway lifecycle automatically',
	'gateway.tailscale.serviceName': 'retired',
	'gateway.controlUi.dangerouslyDisableDeviceAuth': 'retired and ignored',
};

/** Value types (the schema proper); unknown keys and cross-field rules are checked in gateway-check.ts. */
export const GatewayShape = z.looseObject({
	port: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(65535))),
	mode: z.optional(z.enum(['local', 'remote'])),
	bind: z.optional(z.enum(BIND_MODES)),
	customBindHost: z.optional(z.string()),
	publicOrigin: z.optional(z.string()),
	auth: z.optional(
		z.looseObject({
			mode: z.optional(z.enum(['none', 'token', 'password', 'trusted-proxy'])),
			token: z.optional(Secret),
			password: z.optional(Secret),
			allowTailscale: z.optional(z.boolean()),
		}),
	),
	tailscale: z.optional(z.looseObject({mode: z.optional(z.enum(['off', 'serve', 'funnel'])), preserveFunnel: z.optional(z.boolean())})),
	controlUi: z.optional(z.looseObject({enabled: z.optional(z.boolean()), allowedOrigins: z.optional(z.array(z.string()))})),
	trustedProxies: z.optional(z.array(z.string())),
});
