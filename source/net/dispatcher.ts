import {EventEmitter} from 'node:events';
import crypto from 'node:crypto';
import {route, type Candidate} from '../core/routing.js';
import {applyTaskEvent, emptyTasks, FINISHED, type Task, type TaskEvent, type TasksState} from '../core/tasks.js';
import {loadPerCpu} from '../core/format.js';
import type {NodeState, NodeStatus} from '../core/node-state.js';
import {nodeTransition} from '../core/notify.js';
import {ClosedError, RequestError} from './gateway-client.js';
import type {Fleet} from './fleet.js';
import type {EventFrameT} from './frames.js';
import type {LogEntry} from '../core/log-ring.js';
import {sessionLabel, OWN_SESSION_PREFIX} from '../core/sessions.js';
import {activeWork, mayBeActive, runPrompt} from './sessions.js';

export type Target = {kind: 'auto'} | {kind: 'node'; name: string} | {kind: 'all'};
/** `session`: a new session of our own (default), the agent's main session, or an existing session key (a follow-up). */
export type DispatchRequest = {message: string; target: Target; agentId?: string; session?: 'new' | 'main'; sessionKey?: string};
export type DispatchResult = {ok: true; ids: string[]; reason?: string} | {ok: false; reason: string; noEligible: boolean};
type FinalPayload = {status?: string; summary?: string; result?: {payloads?: {text?: string}[]}};
export type NodeInfo = {name: string; tags: readonly string[]; local?: boolean};

/**
 * Sends tasks and follows them: routing (explained), the `agent` method (accepted, events,
 * final), failover only before the gateway accepted, re-attach with `agent.wait` after a
 * drop or a console restart, cancel with `chat.abort`. Task state lives in the pure task
 * reducer (core/tasks.ts); 'change' is emitted after each applied event and 'persist'
 * (task) when a task's record should be written.
 */
export class Dispatcher extends EventEmitter {
	readonly state: TasksState;
	#attaching = new Set<string>();

	constructor(
		readonly fleet: Fleet,
		readonly nodes: () => readonly NodeInfo[],
		{logCapacity = 5000}: {logCapacity?: number} = {},
	) {
		super();
		this.state = emptyTasks(logCapacity);
		fleet.on('event', (name: string, ev: EventFrameT) => {
			if (ev.event !== 'agent' || !ev.payload || typeof ev.payload !== 'object') return;
			const payload = ev.payload as Record<string, unknown>;
			this.#apply({type: 'agent', node: name, payload, at: Date.now()});
			if (typeof payload.runId === 'string') this.#askPrompt(payload.runId);
		});
		fleet.on('status', (name: string, st: NodeStatus | undefined) => {
			if (!st) return;
			this.#timeline(name, st);
			if (st.state !== 'online' && st.state !== 'degraded') this.#apply({type: 'disconnected', node: name, at: Date.now()}, true);
		});
		fleet.on('online', (name: string) => this.#reattachAll(name));
	}

	#apply(ev: TaskEvent, persist = false): void {
		const id = 'id' in ev ? ev.id : ev.type === 'agent' && typeof ev.payload.runId === 'string' ? ev.payload.runId : undefined;
		const before = id ? this.state.tasks.get(id)?.state : undefined;
		if (!applyTaskEvent(this.state, ev)) return;
		if (id) {
			const t = this.state.tasks.get(id);
			// 'ended' (task) once, when a task reaches its terminal state (notifications)
			if (t && FINISHED.includes(t.state) && before !== t.state && !(before && FINISHED.includes(before))) this.emit('ended', t);
		}
		if (this.listenerCount('lines')) this.#settledLines();
		if (persist) {
			const ids = 'id' in ev ? [ev.id] : ev.type === 'disconnected' ? [...this.state.tasks.values()].filter(t => t.node === ev.node && t.state === 'reconnecting').map(t => t.id) : [];
			for (const id of ids) {
				const t = this.state.tasks.get(id);
				if (t) this.emit('persist', t);
			}
		}
		this.emit('change', ev);
	}

	#lastState = new Map<string, NodeState>();
	/** Node state changes as log lines (one per real change), and 'node' (name, 'down' | 'back', status) for notifications. */
	#timeline(name: string, st: NodeStatus): void {
		const tr = nodeTransition(this.#lastState.get(name), st.state);
		if (!tr.log) return;
		this.#lastState.set(name, st.state);
		const detail = st.state === 'online' || st.state === 'degraded' ? [st.version, st.rttMs !== undefined ? `${Math.round(st.rttMs)} ms` : undefined, st.detail].filter(Boolean).join(', ') : st.detail;
		this.#apply({type: 'nodeState', node: name, state: st.state, detail, at: Date.now()});
		if (tr.notice) this.emit('node', name, tr.notice, st);
	}

	#logCursor = 0;
	#openLines = new Set<number>();
	/**
	 * Emit 'lines' with the log lines that will not change any more, once each: everything
	 * pushed since the last call except a task's streaming text line, which is emitted when
	 * its task moves on (its final text). Work is proportional to new lines + open tasks.
	 */
	#settledLines(): void {
		const log = this.state.log;
		const open = new Set(this.state.textLine.values());
		const out: LogEntry[] = [];
		for (const seq of this.#openLines) {
			if (open.has(seq)) continue;
			this.#openLines.delete(seq);
			const e = log.get(seq);
			if (e) out.push(e);
		}
		for (let seq = Math.max(this.#logCursor, log.firstSeq); seq < log.nextSeq; seq++) {
			if (open.has(seq)) this.#openLines.add(seq);
			else out.push(log.get(seq)!);
		}
		this.#logCursor = log.nextSeq;
		if (out.length) this.emit('lines', out);
	}

	/** Log lines from the history file, shown before anything new (never written again). */
	restoreLog(lines: Omit<LogEntry, 'seq'>[]): void {
		const ev: TaskEvent = {type: 'restoredLog', lines, at: Date.now()};
		if (!applyTaskEvent(this.state, ev)) return;
		this.#logCursor = this.state.log.nextSeq;
		this.emit('change', ev);
	}

	candidates(): Candidate[] {
		const st = this.fleet.statuses();
		return this.nodes().map(n => {
			const s = st[n.name] ?? {state: 'unknown' as const};
			return {name: n.name, tags: n.tags, state: s.state, activeRuns: s.activeRuns ?? 0, load: loadPerCpu(s.system), rttMs: s.rttMs, local: n.local};
		});
	}

	/** The node's default agent and the agents it has (agents.list). */
	async agents(node: string): Promise<{defaultId?: string; ids: string[]}> {
		const conn = this.fleet.connection(node);
		const defaultId = conn?.client?.hello?.snapshot.sessionDefaults?.defaultAgentId;
		const r = await conn?.request<{agents?: {id: string}[]; defaultId?: string}>('agents.list', {}, {timeoutMs: 10_000}).catch(() => undefined);
		return {defaultId: r?.defaultId ?? defaultId, ids: r?.agents?.map(a => String(a.id)) ?? (defaultId ? [defaultId] : [])};
	}

	async dispatch(req: DispatchRequest): Promise<DispatchResult> {
		const cands = this.candidates();
		let order: string[];
		let reason: string | undefined;
		if (req.target.kind === 'all') {
			order = cands.filter(c => c.state === 'online' || c.state === 'degraded').map(c => c.name);
			if (order.length === 0) return {ok: false, reason: 'no node is online', noEligible: true};
			const ids = order.map(name => this.#start(req, [name], `→ ${name}: broadcast to all ${order.length} online nodes`, false));
			return {ok: true, ids};
		}
		if (req.target.kind === 'node') {
			const name = req.target.name;
			const c = cands.find(x => x.name === name);
			if (!c) return {ok: false, reason: `no node named "${name}"`, noEligible: true};
			if (c.state !== 'online' && c.state !== 'degraded') return {ok: false, reason: `${name} is ${c.state}, not online`, noEligible: true};
			order = [name];
			reason = `→ ${name}: chosen by you`;
		} else {
			const r = route(req.message, cands);
			if (!r.ok) return {ok: false, reason: r.reason, noEligible: true};
			order = r.ranked.map(x => x.name);
			reason = r.reason;
		}
		const id = this.#start(req, order, reason, req.target.kind === 'auto');
		return {ok: true, ids: [id], reason};
	}

	#start(req: DispatchRequest, order: string[], reason: string | undefined, failover: boolean): string {
		const id = `mgw-${crypto.randomUUID()}`;
		this.#apply({type: 'created', id, node: order[0]!, message: req.message, agentId: req.agentId, sessionKey: req.sessionKey, reason, at: Date.now()}, true);
		void this.#send(id, req, order, failover);
		return id;
	}

	#params(id: string, node: string, req: DispatchRequest) {
		const hello = this.fleet.connection(node)?.client?.hello;
		const agentId = req.agentId ?? hello?.snapshot.sessionDefaults?.defaultAgentId ?? 'main';
		if (req.sessionKey) return {message: req.message, sessionKey: req.sessionKey, idempotencyKey: id, deliver: false};
		if (req.session === 'main') {
			// the user's own main session: never relabelled
			const sessionKey = req.agentId ? `agent:${agentId}:main` : (hello?.snapshot.sessionDefaults?.mainSessionKey ?? `agent:${agentId}:main`);
			return {message: req.message, sessionKey, idempotencyKey: id, deliver: false};
		}
		// a new session of ours: its key says it is the console's, its label says what it was for
		return {message: req.message, sessionKey: `agent:${agentId}:${OWN_SESSION_PREFIX}${id.slice(4, 16)}`, idempotencyKey: id, deliver: false, label: sessionLabel(req.message, id)};
	}

	/** A follow-up in the same session as task `id` (same node, same session key). */
	async reply(id: string, message: string): Promise<DispatchResult> {
		const t = this.state.tasks.get(id);
		if (!t) return {ok: false, reason: 'no such task', noEligible: true};
		if (!t.sessionKey) return {ok: false, reason: 'the gateway did not say which session this task ran in', noEligible: true};
		return this.dispatch({message, target: {kind: 'node', name: t.node}, agentId: t.agentId, sessionKey: t.sessionKey});
	}

	async #send(id: string, req: DispatchRequest, order: string[], failover: boolean): Promise<void> {
		let lastError = 'send failed';
		for (let i = 0; i < order.length; i++) {
			const node = order[i]!;
			if (i > 0) this.#apply({type: 'retarget', id, node, why: lastError, at: Date.now()}, true);
			const conn = this.fleet.connection(node);
			const params = this.#params(id, node, req);
			let accepted = false;
			try {
				if (!conn) throw new ClosedError(`${node} is not connected`);
				const final = await conn.request<FinalPayload>('agent', params, {
					expectFinal: true,
					timeoutMs: 0,
					onAccepted: p => {
						accepted = true;
						this.#apply({type: 'accepted', id, sessionKey: (p as {sessionKey?: string}).sessionKey ?? params.sessionKey, at: Date.now()}, true);
					},
				});
				if (!accepted) this.#apply({type: 'accepted', id, sessionKey: params.sessionKey, at: Date.now()}, true);
				this.#final(id, final);
				return;
			} catch (e) {
				if (accepted) {
					if (e instanceof RequestError && e.payload) return this.#final(id, e.payload as FinalPayload);
					// accepted, then the link dropped: the run goes on; re-attach when the node is back
					this.#apply({type: 'disconnected', node, at: Date.now()}, true);
					if (this.fleet.connection(node)?.client?.open) void this.#reattach(id);
					return;
				}
				lastError = `${node}: ${(e as Error).message}`;
				const retryable = e instanceof ClosedError || (e instanceof RequestError && (e.error.code === 'UNAVAILABLE' || e.error.code === 'TIMEOUT'));
				if (!(failover && retryable && i < order.length - 1)) {
					this.#apply({type: 'failed', id, error: (e as Error).message, at: Date.now()}, true);
					return;
				}
			}
		}
	}

	#final(id: string, p: FinalPayload): void {
		const text = p.result?.payloads?.map(x => x.text ?? '').filter(Boolean).join('\n');
		this.#apply({type: 'final', id, status: p.status ?? 'error', summary: p.summary, text: text || undefined, at: Date.now()}, true);
	}

	#reattachAll(node: string): void {
		for (const t of this.state.tasks.values()) if (t.node === node && t.state === 'reconnecting') void this.#reattach(t.id);
	}

	/** After a drop or a restart: wait for the run's real result with agent.wait. */
	async #reattach(id: string): Promise<void> {
		if (this.#attaching.has(id)) return;
		this.#attaching.add(id);
		try {
			const t = this.state.tasks.get(id);
			if (!t) return;
			this.#apply({type: 'reattached', id, at: Date.now()}, true);
			let first = true;
			for (;;) {
				const conn = this.fleet.connection(t.node);
				if (!conn?.client?.open) return; // offline again; the next 'online' retries
				let r: {status?: string; terminalReply?: {text?: string}; error?: string; stopReason?: string};
				try {
					r = await conn.request('agent.wait', {runId: id, timeoutMs: first ? 1000 : 30_000}, {timeoutMs: 40_000});
					first = false;
				} catch (e) {
					if (e instanceof RequestError) this.#apply({type: 'failed', id, error: `agent.wait: ${e.error.message}`, at: Date.now()}, true);
					return;
				}
				if (r.status === 'pending') continue;
				if (r.status === 'timeout') {
					// still running, or a run this gateway no longer knows (restarted, or long gone): ask
					if (await this.#closeIfUnknown(id)) return;
					continue;
				}
				this.#apply({type: 'final', id, status: r.status ?? 'error', summary: r.stopReason === 'aborted' ? 'aborted' : r.error, text: r.terminalReply?.text, at: Date.now()}, true);
				return;
			}
		} finally {
			this.#attaching.delete(id);
		}
	}

	/** Close a task whose run its gateway does not know as active (sessions.list) and has no result for (agent.wait). */
	async #closeIfUnknown(id: string): Promise<boolean> {
		const t = this.state.tasks.get(id);
		const conn = t && this.fleet.connection(t.node);
		if (!t || !conn?.client?.open || FINISHED.includes(t.state)) return true;
		const work = await activeWork(conn).catch(() => undefined);
		if (!work || mayBeActive(work, id, t.sessionKey)) return false;
		const r = await conn.request<{status?: string; terminalReply?: {text?: string}; error?: string; stopReason?: string}>('agent.wait', {runId: id, timeoutMs: 1}, {timeoutMs: 15_000}).catch(() => undefined);
		if (r && r.status !== 'timeout' && r.status !== 'pending') {
			this.#apply({type: 'final', id, status: r.status ?? 'error', summary: r.stopReason === 'aborted' ? 'aborted' : r.error, text: r.terminalReply?.text, at: Date.now()}, true);
			return true;
		}
		if (!r) return false;
		this.#apply({type: 'gone', id, why: `${t.node} no longer knows this run (not running there, no result)`, at: Date.now()}, true);
		return true;
	}

	#asked = new Set<string>();
	/** An external run's prompt once it has ended (the gateway records it in the session's chat.history). */
	#askPrompt(id: string): void {
		const t = this.state.tasks.get(id);
		if (!t?.external || !t.sessionKey || !FINISHED.includes(t.state) || this.#asked.has(id)) return;
		this.#asked.add(id);
		if (this.#asked.size > 1000) this.#asked.delete(this.#asked.values().next().value!);
		const conn = this.fleet.connection(t.node);
		if (!conn) return;
		void runPrompt(conn, t.sessionKey, id).then(text => {
			if (text) this.#apply({type: 'prompt', id, message: text, at: Date.now()}, true);
		});
	}

	/** Cancel a task (chat.abort with its sessionKey and runId). */
	async cancel(id: string): Promise<string | undefined> {
		const t = this.state.tasks.get(id);
		if (!t) return 'no such task';
		if (FINISHED.includes(t.state)) return `task is already ${t.state}`;
		const conn = this.fleet.connection(t.node);
		if (!conn?.client?.open) return `${t.node} is not connected; try again when it is back`;
		this.#apply({type: 'cancelRequested', id, at: Date.now()}, true);
		try {
			const r = t.sessionKey ? await conn.request<{aborted?: boolean}>('chat.abort', {sessionKey: t.sessionKey, runId: id}, {timeoutMs: 15_000}) : await conn.request<{aborted?: boolean}>('sessions.abort', {runId: id}, {timeoutMs: 15_000});
			// nothing was aborted: the run may be one the gateway no longer knows — then close it here
			if (r?.aborted === false) await this.#closeIfUnknown(id);
			return undefined;
		} catch (e) {
			return `cancel failed: ${(e as Error).message}`;
		}
	}

	/** Tasks from the history file: unfinished ones are re-attached when their node is online. */
	restore(tasks: Task[]): void {
		const revived = tasks.map(t => (FINISHED.includes(t.state) ? t : {...t, state: 'reconnecting' as const}));
		this.#apply({type: 'restored', tasks: revived, at: Date.now()});
		for (const t of revived) if (t.state === 'reconnecting' && this.fleet.connection(t.node)?.client?.open) void this.#reattach(t.id);
	}
}
