import * as z from 'zod';
import {sanitize, sanitizeLine} from '../core/sanitize.js';
import {isOwnSession, type ChatTurn, type SessionRow} from '../core/sessions.js';
import type {RequestOptions} from './gateway-client.js';

/** Anything that sends a request to one gateway (a NodeConnection, a GatewayClient). */
export type Requester = {request<T>(method: string, params: unknown, opts?: RequestOptions): Promise<T>};

const MAX_ROWS = 200;
const MAX_TURNS = 200;
const MAX_TEXT = 20_000;
const str = z.string().max(100_000);

const SessionShape = z.looseObject({
	key: str,
	agentId: str.optional(),
	label: str.nullish(),
	displayName: str.nullish(),
	derivedTitle: str.nullish(),
	lastMessagePreview: str.nullish(),
	updatedAt: z.number().nullish(),
	hasActiveRun: z.boolean().optional(),
	activeRunIds: z.array(z.unknown()).optional(),
	status: str.nullish(),
});
const SessionsList = z.looseObject({sessions: z.array(z.unknown()).default([])});

/** sessions.list with previews, parsed and cleaned: one row per session, newest first, at most 200. */
export async function listSessions(conn: Requester, {search}: {search?: string} = {}): Promise<SessionRow[]> {
	const raw = await conn.request<unknown>('sessions.list', {limit: MAX_ROWS, includeLastMessage: true, includeDerivedTitles: true, ...(search ? {search} : {})}, {timeoutMs: 15_000});
	const list = SessionsList.safeParse(raw);
	if (!list.success) throw new Error('sessions.list: malformed answer');
	const rows: SessionRow[] = [];
	for (const item of list.data.sessions.slice(0, MAX_ROWS)) {
		const r = SessionShape.safeParse(item);
		if (!r.success) continue;
		const s = r.data;
		const key = sanitizeLine(s.key);
		const label = s.label ? sanitizeLine(s.label) : undefined;
		rows.push({
			key,
			agentId: s.agentId && sanitizeLine(s.agentId),
			title: sanitizeLine(label ?? s.derivedTitle ?? s.displayName ?? key).slice(0, 200),
			label,
			preview: s.lastMessagePreview ? sanitizeLine(s.lastMessagePreview).slice(0, 300) : undefined,
			updatedAt: s.updatedAt ?? undefined,
			active: Boolean(s.hasActiveRun || s.activeRunIds?.length),
			own: isOwnSession(key),
		});
	}
	return rows;
}

/**
 * What the gateway has going now (sessions.list activeOnly): run ids where it says them, and the
 * keys of sessions with a run going (2026.9.6 names a run's id only at first, then just
 * `hasActiveRun` on its session).
 */
export async function activeWork(conn: Requester): Promise<{runIds: Set<string>; sessionKeys: Set<string>}> {
	const r = await conn.request<unknown>('sessions.list', {activeOnly: true, limit: MAX_ROWS}, {timeoutMs: 15_000});
	const list = SessionsList.safeParse(r);
	if (!list.success) throw new Error('sessions.list: malformed answer');
	const runIds = new Set<string>();
	const sessionKeys = new Set<string>();
	for (const s of list.data.sessions.slice(0, MAX_ROWS)) {
		const p = SessionShape.safeParse(s);
		if (!p.success) continue;
		if (p.data.hasActiveRun !== false) sessionKeys.add(p.data.key);
		for (const id of p.data.activeRunIds ?? []) if (typeof id === 'string') runIds.add(id);
	}
	return {runIds, sessionKeys};
}

/** Whether run `runId` (in session `sessionKey`, when known) may still be going on that gateway. */
export function mayBeActive(work: {runIds: Set<string>; sessionKeys: Set<string>}, runId: string, sessionKey?: string): boolean {
	if (work.runIds.has(runId)) return true;
	if (sessionKey) return work.sessionKeys.has(sessionKey);
	return work.sessionKeys.size > 0; // no session to look at: only an idle gateway says it is gone
}

const ContentPart = z.looseObject({type: z.string().optional(), text: str.optional()});
const Message = z.looseObject({
	role: z.string().max(64),
	content: z.union([str, z.array(z.unknown())]).optional(),
	text: str.optional(),
	timestamp: z.number().optional(),
	__openclaw: z.looseObject({runId: str.optional()}).optional(),
});
const History = z.looseObject({messages: z.array(z.unknown()).default([]), hasMore: z.boolean().optional()});

function messageText(m: z.infer<typeof Message>): string {
	if (typeof m.content === 'string') return m.content;
	if (Array.isArray(m.content))
		return m.content
			.map(p => ContentPart.safeParse(p))
			.filter(p => p.success && (p.data.type === undefined || p.data.type === 'text'))
			.map(p => (p.success ? (p.data.text ?? '') : ''))
			.filter(Boolean)
			.join('\n');
	return m.text ?? '';
}

/** chat.history of one session: user and assistant turns with text, cleaned, oldest first, at most 200. */
export async function chatHistory(conn: Requester, sessionKey: string, limit = MAX_TURNS): Promise<{turns: ChatTurn[]; hasMore: boolean}> {
	const raw = await conn.request<unknown>('chat.history', {sessionKey, limit: Math.min(limit, MAX_TURNS)}, {timeoutMs: 20_000});
	const h = History.safeParse(raw);
	if (!h.success) throw new Error('chat.history: malformed answer');
	const turns: ChatTurn[] = [];
	for (const item of h.data.messages.slice(-MAX_TURNS)) {
		const m = Message.safeParse(item);
		if (!m.success || (m.data.role !== 'user' && m.data.role !== 'assistant')) continue;
		const text = sanitize(messageText(m.data)).trim().slice(0, MAX_TEXT);
		if (!text) continue;
		turns.push({role: m.data.role, text, ts: m.data.timestamp, runId: m.data.__openclaw?.runId && sanitizeLine(m.data.__openclaw.runId)});
	}
	return {turns, hasMore: Boolean(h.data.hasMore)};
}

/**
 * What run `runId` was asked, from its session's chat.history: the user message recorded with
 * the run's idempotency key, else the user message right before the run's first answer.
 * Undefined when the gateway does not say.
 */
export async function runPrompt(conn: Requester, sessionKey: string, runId: string): Promise<string | undefined> {
	const raw = await conn.request<unknown>('chat.history', {sessionKey, limit: 40}, {timeoutMs: 15_000}).catch(() => undefined);
	const h = History.safeParse(raw);
	if (!h.success) return undefined;
	const msgs = h.data.messages.map(m => Message.safeParse(m)).flatMap(m => (m.success ? [m.data] : []));
	const key = (m: z.infer<typeof Message>) => (m as {idempotencyKey?: unknown}).idempotencyKey ?? (m.__openclaw as {idempotencyKey?: unknown} | undefined)?.idempotencyKey;
	let user = msgs.find(m => m.role === 'user' && key(m) === `${runId}:user`);
	if (!user) {
		const answer = msgs.findIndex(m => m.role === 'assistant' && m.__openclaw?.runId === runId);
		user = answer > 0 ? msgs.slice(0, answer).reverse().find(m => m.role === 'user') : undefined;
	}
	const text = user && sanitizeLine(messageText(user)).trim();
	return text ? text.slice(0, 4000) : undefined;
}

/**
 * Delete one of this console's own sessions (sessions.delete, transcript archived by the
 * gateway). Refused for any other session: the user's main session and other clients'
 * sessions are never deleted from here.
 */
export async function deleteOwnSession(conn: Requester, key: string): Promise<void> {
	if (!isOwnSession(key)) throw new Error(`${key} is not a session this console created`);
	await conn.request('sessions.delete', {key, deleteTranscript: true}, {timeoutMs: 20_000});
}
