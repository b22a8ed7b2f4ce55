import * as z from 'zod/mini';
import './zod-locale.js';
import {isHost} from './address.js';
import {DEFAULT_PORT, isFingerprint, parseSshTarget, validateRoute, type SecretKind} from './route.js';
import {parseRuleTarget, type RuleTarget} from './routing.js';

export {DEFAULT_PORT};

export const TagSchema = z.string().check(z.regex(/^[\p{L}\p{N}_.-]{1,32}$/u, 'a tag is 1–32 letters, digits, "_", "." or "-"'));

export const RuleTargetSchema = z.custom<RuleTarget>(v => typeof v === 'string' && parseRuleTarget(v) === v, 'a rule target is local, remote, any or tag:NAME');

export const NodeSchema = z.object({
	name: z.string().check(z.minLength(1), z.maxLength(64)),
	host: z.string().check(z.refine(isHost, 'not an IPv4, IPv6 address or hostname')),
	port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
	tags: z._default(z.array(TagSchema), []),
	/** Absent = ws. */
	scheme: z.optional(z.enum(['ws', 'wss'])),
	/** URL path (Tailscale Serve), wss only. */
	path: z.optional(z.string().check(z.regex(/^\/[\x21-\x7e]*$/))),
	/** Reach the gateway through an SSH tunnel to this target (alias or user@host[:port]). */
	ssh: z.optional(z.string().check(z.refine(s => !('error' in parseSshTarget(s)), 'not a valid ssh target'))),
	/** Pinned SHA-256 certificate fingerprint (AB:CD:…) for wss. Not a secret. */
	tlsFingerprint: z.optional(z.string().check(z.refine(isFingerprint, 'not a SHA-256 fingerprint'))),
	/** Runs this node takes at once; absent = what the gateway says (agents.defaults.maxConcurrent or its CPU default). */
	maxConcurrent: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});
export type NodeEntry = z.infer<typeof NodeSchema>;

export const SettingsSchema = z
	.object({
		version: z._default(z.literal(1), 1),
		nodes: z._default(z.array(NodeSchema), []),
		/** Set once the first-start offer of the local gateway was made (accepted or not). */
		localOffered: z._default(z.boolean(), false),
		/** Bell and desktop notifications (`:notify`). */
		notify: z._default(z.object({bell: z._default(z.boolean(), true), desktop: z._default(z.boolean(), true), tasks: z._default(z.boolean(), true), nodes: z._default(z.boolean(), true)}), {
			bell: true,
			desktop: true,
			tasks: true,
			nodes: true,
		}),
		/** Judge, then route (core/judge.ts, core/routing.ts): where each level goes, and which node's agent judges. */
		routing: z._default(
			z.object({
				rules: z._default(z.object({light: RuleTargetSchema, medium: RuleTargetSchema, heavy: RuleTargetSchema}), {light: 'local', medium: 'any', heavy: 'tag:gpu'}),
				/** The node whose agent classifies each task (default this computer's own gateway, node "local"); null = heuristic only. */
				judge: z._default(z.nullable(z.string().check(z.maxLength(64))), 'local'),
				judgeTimeoutMs: z._default(z.number().check(z.int(), z.minimum(500), z.maximum(120_000)), 15_000),
			}),
			{rules: {light: 'local', medium: 'any', heavy: 'tag:gpu'}, judge: 'local', judgeTimeoutMs: 15_000},
		),
	})
	.check(z.superRefine((s, ctx) => {
		// names are keys (tokens, `nodes remove NAME`): two nodes of one name (any case) are refused
		const first = new Map<string, number>();
		s.nodes.forEach((n, i) => {
			const k = n.name.toLowerCase();
			if (first.has(k)) ctx.addIssue({code: 'custom', path: ['nodes', i, 'name'], message: `"${n.name}" is the name of nodes.${first.get(k)} too; names must be unique`});
			else first.set(k, i);
		});
	}));

export type RoutingSettings = Settings['routing'];
export type Settings = z.infer<typeof SettingsSchema>;

export type NodeField = 'name' | 'host' | 'port' | 'token' | 'tags' | 'ssh' | 'tls' | 'auth';
/** `host` takes a URL (ws://, wss://, https://) or host[:port]; ssh, tls (pin) and auth (token|password) are optional. */
export type NodeInput = Record<'name' | 'host' | 'port' | 'token' | 'tags', string> & Partial<Record<'ssh' | 'tls' | 'auth', string>>;
export type FieldErrors = Partial<Record<NodeField, string>>;

/** A node with its secret; `secretKind` is absent for a token (kept in the 0600 secrets file). */
export type NodeDraft = NodeEntry & {token: string; secretKind?: SecretKind};

export function splitTags(text: string): string[] {
	return text
		.split(/[\s,]+/)
		.map(t => t.trim())
		.filter(Boolean);
}

/**
 * Validate a node form. `others` are the names of the other nodes (for uniqueness);
 * `keepToken` allows an empty token field when editing (keep the stored one).
 */
export function validateNode(
	input: NodeInput,
	others: readonly string[],
	{keepToken = false}: {keepToken?: boolean} = {},
): {ok: true; value: NodeDraft} | {ok: false; errors: FieldErrors} {
	const errors: FieldErrors = {};
	const name = input.name.trim();
	if (!name) errors.name = 'name is required';
	else if (name.length > 64) errors.name = 'name is longer than 64 characters';
	else if (/[|\u0000-\u001f]/.test(name)) errors.name = 'name may not contain "|" or control characters';
	else if (others.some(o => o.toLowerCase() === name.toLowerCase())) errors.name = `a node named "${name}" already exists`;

	const route = validateRoute({address: input.host, port: input.port, ssh: input.ssh, tls: input.tls, auth: input.auth});
	if (!route.ok) Object.assign(errors, route.errors);
	const word = route.ok && route.value.secretKind === 'password' ? 'password' : 'token';

	const token = input.token.trim();
	if (!token && !keepToken) errors.token = `${word} is required (gateway.auth.${word} of that computer)`;
	else if (/\s/.test(token)) errors.token = `${word} may not contain spaces`;

	const tags = splitTags(input.tags);
	const badTag = tags.find(t => !z.safeParse(TagSchema, t).success);
	if (badTag !== undefined) errors.tags = `tag "${badTag}": letters, digits, "_", "." or "-" only (max 32)`;

	if (Object.keys(errors).length > 0 || !route.ok) return {ok: false, errors};
	const {host, port, secretKind, ...rest} = route.value;
	return {ok: true, value: {name, host, port, token, tags: [...new Set(tags)], ...rest, ...(secretKind ? {secretKind} : {})}};
}
