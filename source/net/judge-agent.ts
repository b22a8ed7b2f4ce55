import crypto from 'node:crypto';
import JSON5 from 'json5';
import {judgePrompt, parseJudgeAnswer, type Judgement} from '../core/judge.js';
import {gatewayConcurrency} from '../core/queue.js';
import {sanitizeLine} from '../core/sanitize.js';
import {RequestError} from './gateway-client.js';
import type {NodeConnection} from './node-connection.js';

/** Run ids of judge calls: the dispatcher keeps their events out of the task log. */
export const JUDGE_PREFIX = 'mgw-judge-';

/**
 * Ask a node's agent how complex a task is (a short strict prompt, its own session, a
 * timeout). The heuristic `h` stands — with a note saying why — when the node is not
 * connected, the answer is anything but one of the three words, or it comes too late (the
 * judge run is then aborted).
 */
export async function askJudge(conn: NodeConnection | undefined, node: string, text: string, h: Judgement, timeoutMs: number): Promise<Judgement> {
	if (!conn?.client?.open) return {...h, note: `judge ${node} is not connected; heuristic used`};
	const id = `${JUDGE_PREFIX}${crypto.randomUUID()}`;
	const sessionKey = `agent:main:${id.slice(0, 20)}`;
	try {
		const final = await conn.request<{result?: {payloads?: {text?: string}[]}}>('agent', {message: judgePrompt(text), sessionKey, idempotencyKey: id, deliver: false, label: 'mgw-tui judge'}, {expectFinal: true, timeoutMs});
		const answer = final.result?.payloads?.map(x => x.text ?? '').join('\n') ?? '';
		const level = parseJudgeAnswer(answer);
		if (!level) return {...h, note: `${node}'s agent answered "${sanitizeLine(answer).slice(0, 30)}${answer.length > 30 ? '…' : ''}", not one word; heuristic used`};
		return {...h, level, by: `agent on ${node}`};
	} catch (e) {
		if (e instanceof RequestError && e.error.code === 'TIMEOUT') void conn.request('chat.abort', {sessionKey, runId: id}, {timeoutMs: 5000}).catch(() => undefined);
		return {...h, note: `${node}'s agent: ${sanitizeLine((e as Error).message)}; heuristic used`};
	}
}

/** The gateway's own concurrency limit, when its config sets agents.defaults.maxConcurrent (config.get). */
export async function configuredLimit(conn: NodeConnection | undefined): Promise<number | undefined> {
	const r = await conn?.request<{raw?: unknown}>('config.get', {}, {timeoutMs: 10_000}).catch(() => undefined);
	let configured: unknown;
	try {
		configured = typeof r?.raw === 'string' ? (JSON5.parse(r.raw) as {agents?: {defaults?: {maxConcurrent?: unknown}}})?.agents?.defaults?.maxConcurrent : undefined;
	} catch {
		return undefined;
	}
	return typeof configured === 'number' ? gatewayConcurrency(configured, undefined) : undefined;
}
