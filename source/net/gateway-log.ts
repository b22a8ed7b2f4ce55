import {EventEmitter} from 'node:events';
import * as z from 'zod';
import {LogRing, type LogEntry} from '../core/log-ring.js';
import {sanitizeLine} from '../core/sanitize.js';
import {RequestError} from './gateway-client.js';
import type {Requester} from './sessions.js';

const Tail = z.looseObject({cursor: z.number().int().min(0), lines: z.array(z.unknown()).default([]), reset: z.boolean().optional(), truncated: z.boolean().optional()});
const Line = z.looseObject({message: z.string().optional(), time: z.string().optional(), _meta: z.looseObject({logLevelName: z.string().optional(), name: z.string().optional(), date: z.string().optional()}).optional(), 0: z.unknown().optional(), 1: z.unknown().optional()});

/** One line of the gateway's JSON file log → a log entry (level → kind, subsystem in the task column). */
export function parseGatewayLine(raw: string, now: number): Omit<LogEntry, 'seq'> {
	let json: unknown;
	try {
		json = raw.trimStart().startsWith('{') ? JSON.parse(raw) : undefined;
	} catch {
		json = undefined;
	}
	const p = Line.safeParse(json);
	if (!p.success) return {ts: now, node: '', task: '', kind: 'info', text: sanitizeLine(raw)};
	const d = p.data;
	const level = (d._meta?.logLevelName ?? 'INFO').toUpperCase();
	let subsystem = '';
	if (typeof d[0] === 'string' && d[0].startsWith('{"subsystem"')) {
		try {
			subsystem = String((JSON.parse(d[0]) as {subsystem?: unknown}).subsystem ?? '');
		} catch {}
	}
	const ts = Date.parse(d.time ?? d._meta?.date ?? '');
	const text = d.message ?? (typeof d[0] === 'string' ? d[0] : raw);
	return {ts: Number.isFinite(ts) ? ts : now, node: level === 'INFO' ? '' : level, task: sanitizeLine(subsystem).slice(0, 40), kind: /ERROR|FATAL/.test(level) ? 'error' : level === 'WARN' ? 'warn' : 'info', text: sanitizeLine(text)};
}

/** Why logs.tail failed, in words a person can act on. */
export function explainLogError(e: unknown, node: string): string {
	const msg = e instanceof RequestError ? `${e.error.code} ${e.error.message}` : (e as Error).message;
	if (/scope/i.test(msg)) return `${node} did not grant this console operator.read, which logs.tail needs (approve its scope upgrade there: openclaw devices list) — ${sanitizeLine(msg)}`;
	return `logs.tail on ${node} failed: ${sanitizeLine(msg)}`;
}

/**
 * Follows one gateway's file log with logs.tail (cursor polling, like `openclaw logs --follow`):
 * the last `initial` lines first, then only new ones; a `reset` (rotated file) is marked in the
 * log. Lines are kept in a bounded ring (default 2 000). Emits 'change' and 'problem' (message).
 */
export class GatewayLog extends EventEmitter {
	readonly ring: LogRing;
	error?: string;
	#cursor?: number;
	#timer?: NodeJS.Timeout;
	#stopped = false;
	#busy = false;

	constructor(
		readonly node: string,
		readonly conn: () => Requester | undefined,
		readonly opts: {capacity?: number; pollMs?: number; initial?: number; maxBytes?: number} = {},
	) {
		super();
		this.ring = new LogRing(opts.capacity ?? 2000);
	}

	start(): this {
		void this.poll();
		return this;
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
	}

	/** One logs.tail round; schedules the next unless stopped. */
	async poll(): Promise<void> {
		if (this.#busy || this.#stopped) return;
		this.#busy = true;
		try {
			const conn = this.conn();
			if (!conn) throw new Error(`${this.node} is not connected`);
			const params = this.#cursor === undefined ? {limit: this.opts.initial ?? 200, maxBytes: this.opts.maxBytes ?? 256_000} : {cursor: this.#cursor, limit: 1000, maxBytes: this.opts.maxBytes ?? 256_000};
			const r = Tail.safeParse(await conn.request<unknown>('logs.tail', params, {timeoutMs: 15_000}));
			if (!r.success) throw new Error('logs.tail: malformed answer');
			const now = Date.now();
			if (r.data.reset && this.#cursor !== undefined) this.ring.push({ts: now, node: '', task: '', kind: 'warn', text: '— the log file was rotated or truncated; following the new one —'});
			for (const l of r.data.lines.slice(-(this.ring.capacity))) if (typeof l === 'string' && l.trim()) this.ring.push(parseGatewayLine(l, now));
			this.#cursor = r.data.cursor;
			this.error = undefined;
			if (r.data.lines.length || r.data.reset) this.emit('change');
		} catch (e) {
			const msg = explainLogError(e, this.node);
			if (msg !== this.error) {
				this.error = msg;
				this.emit('problem', msg);
				this.emit('change');
			}
		} finally {
			this.#busy = false;
			if (!this.#stopped) {
				this.#timer = setTimeout(() => void this.poll(), this.opts.pollMs ?? 1000);
				this.#timer.unref?.();
			}
		}
	}
}
