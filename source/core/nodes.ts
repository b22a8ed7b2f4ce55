import {z} from 'zod';
import {isHost, parsePort} from './address.js';

export const DEFAULT_PORT = 18789;

export const TagSchema = z.string().regex(/^[\p{L}\p{N}_.-]{1,32}$/u, 'a tag is 1–32 letters, digits, "_", "." or "-"');

export const NodeSchema = z.object({
	name: z.string().min(1).max(64),
	host: z.string().refine(isHost, 'not an IPv4, IPv6 address or hostname'),
	port: z.number().int().min(1).max(65535),
	tags: z.array(TagSchema).default([]),
});
export type NodeEntry = z.infer<typeof NodeSchema>;

export const SettingsSchema = z.object({
	version: z.literal(1).default(1),
	nodes: z.array(NodeSchema).default([]),
	/** Set once the first-start offer of the local gateway was made (accepted or not). */
	localOffered: z.boolean().default(false),
	/** Bell and desktop notifications (`:notify`). */
	notify: z
		.object({bell: z.boolean().default(true), desktop: z.boolean().default(true), tasks: z.boolean().default(true), nodes: z.boolean().default(true)})
		.default({bell: true, desktop: true, tasks: true, nodes: true}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export type NodeField = 'name' | 'host' | 'port' | 'token' | 'tags';
export type NodeInput = Record<NodeField, string>;
export type FieldErrors = Partial<Record<NodeField, string>>;

export type NodeDraft = NodeEntry & {token: string};

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

	const host = input.host.trim();
	if (!host) errors.host = 'host is required';
	else if (!isHost(host.replace(/^\[|\]$/g, ''))) errors.host = `"${host}" is not an IPv4, IPv6 address or hostname`;

	let port = DEFAULT_PORT;
	if (input.port.trim()) {
		const p = parsePort(input.port);
		if (typeof p === 'number') port = p;
		else errors.port = p.error;
	}

	const token = input.token.trim();
	if (!token && !keepToken) errors.token = 'token is required (gateway.auth.token of that computer)';
	else if (/\s/.test(token)) errors.token = 'token may not contain spaces';

	const tags = splitTags(input.tags);
	const badTag = tags.find(t => !TagSchema.safeParse(t).success);
	if (badTag !== undefined) errors.tags = `tag "${badTag}": letters, digits, "_", "." or "-" only (max 32)`;

	if (Object.keys(errors).length > 0) return {ok: false, errors};
	return {ok: true, value: {name, host: host.replace(/^\[|\]$/g, ''), port, token, tags: [...new Set(tags)]}};
}

export const wsUrl = (n: Pick<NodeEntry, 'host' | 'port'>): string =>
	`ws://${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`;
export const httpUrl = (n: Pick<NodeEntry, 'host' | 'port'>): string =>
	`http://${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`;
