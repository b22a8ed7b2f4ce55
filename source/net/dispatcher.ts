import {EventEmitter} from 'node:events';
import crypto from 'node:crypto';
import {candidateLine, DEFAULT_RULES, route, type Candidate, type RouteResult} from '../core/routing.js';
import {describeJudgement, judgeTask, type Judgement} from '../core/judge.js';
import {askJudge, configuredLimit, JUDGE_PREFIX} from './judge-agent.js';
import {betterElsewhere, BUSY_WHY, gatewayConcurrency, moveEntry, type QueueEntry, type SlotView} from '../core/queue.js';
import type {RoutingSettings} from '../core/nodes.js';
import {applyTaskEvent, emptyTasks, FINISHED, type Task, type TaskEvent, type TasksState} from '../core/tasks.js';
import {loadPerCpu} from '../core/format.js';
import type {NodeState, NodeStatus} from '../core/node-state.js';
import {nodeTransition} from '../core/notify.js';
import {ClosedError, RequestError} from './gateway-client.js';
import type {Fleet} from './fleet.js';
import type {LogEntry} from '../core/log-ring.js';
import {sessionLabel, OWN_SESSION_PREFIX} from '../core/sessions.js';
import {activeWork, mayBeActive, runPrompt} from './sessions.js';
import type {AgentResult, GatewayEvent} from './frames.js';
import {sanitizeLine, type Clean} from '../core/sanitize.js';

export type Target = {kind: 'auto'} | {kind: 'node'; name: string} | {kind: 'all'};
export type DispatchRequest = {
	message: string;
	target: Target;
	agentId?: string;
	session?: 'new' | 'main';
	/** An existing session key (a follow-up in that session). */
	sessionKey?: string;
	/** Tags the node must have besides the @tags in the text (batch lines). */
	tags?: string[];
	/** Wait in the queue when no eligible node is online (default). false: refuse instead (headless one-shot). */
	queue?: boolean;
	/** Ask the judge node's agent how complex the task is (default when a judge is set). false: the heuristic only. */
	judge?: boolean;
};
export type DispatchResult = {ok: true; ids: string[]; reason?: string; queued?: boolean} | {ok: false; reason: string; noEligible: boolean};
export type NodeInfo = {name: string; tags: readonly string[]; local?: boolean; maxConcurrent?: number};
export type DispatcherOptions = {logCapacity?: number; routing?: () => RoutingSettings; acceptTimeoutMs?: number};
/** How long the gateway has to accept an `agent` request before it counts as not sent (failover). */
export const ACCEPT_TIMEOUT_MS = 15_000;

export const DEFAULT_ROUTING: RoutingSettings = {rules: DEFAULT_RULES, judge: 'local', judgeTimeoutMs: 15_000};
const ELIGIBLE = ['online', 'degraded'];

/**
 * Sends tasks and follows them: judge, then route (explained, every candidate scored), a
 * queue for tasks no node can take yet (none online, or every eligible node at its
 * concurrency limit) which nodes pull from whenever they have a free slot, the `agent`
 * method (accepted, events, final), failover only before the gateway accepted, re-attach
 * with `agent.wait` after a drop or a console restart, cancel with `chat.abort` (or off the
 * queue). Task state lives in the pure task reducer (core/tasks.ts); 'change' is emitted
 * after each applied event, 'persist' (task) when a task's record should be written and
 * 'queue' (entries) when the queue changed.
 */
export class Dispatcher extends EventEmitter {
	readonly state: TasksState;
	#attaching = new Set<string>();
	#queue: QueueEntry[] = [];
	#gatewayLimits = new Map<string, number>();
	#learning = new Map<string, Promise<void>>();
	/** Measured run time per node (accepted → final, moving average). */
	#runMs = new Map<string, number>();
	#pumpScheduled = false;
	readonly routing: () => RoutingSettings;
	#acceptTimeoutMs: number;

	constructor(
		readonly fleet: Fleet,
		readonly nodes: () => readonly NodeInfo[],
		{logCapacity = 5000, routing = () => DEFAULT_ROUTING, acceptTimeoutMs = ACCEPT_TIMEOUT_MS}: DispatcherOptions = {},
	) {
		super();
		this.routing = routing;
		this.state = emptyTasks(logCapacity);
		this.#acceptTimeoutMs = acceptTimeoutMs;
		fleet.on('event', (name: string, ev: GatewayEvent) => {
			if (ev.event !== 'agent') return;
			const payload = ev.payload;
			if (payload.runId.startsWith(JUDGE_PREFIX)) return; // the judge's own runs stay out of the log
			this.#apply({type: 'agent', node: name, payload, at: Date.now()});
			this.#askPrompt(payload.runId);
		});
		fleet.on('status', (name: string, st: NodeStatus | undefined) => {
			this.#schedulePump();
			if (!st) return;
			this.#timeline(name, st);
			if (st.state !== 'online' && st.state !== 'degraded') this.#apply({type: 'disconnected', node: name, at: Date.now()}, true);
		});
		fleet.on('online', (name: string) => {
			this.#reattachAll(name);
			this.#learning.set(name, this.#learnLimit(name));
			this.#schedulePump();
		});
		for (const n of nodes()) if (fleet.connection(n.name)?.client?.open) this.#learning.set(n.name, this.#learnLimit(n.name));
	}

	/** Resolves when the gateways' own limits (config.get) are known for the nodes connected so far. */
	async limitsKnown(): Promise<void> {
		await Promise.all(this.#learning.values());
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
		if (ev.type === 'final') {
			const t = this.state.tasks.get(ev.id);
			if (t?.acceptedAt && t.endedAt && !t.external) {
				const ms = t.endedAt - t.acceptedAt;
				const old = this.#runMs.get(t.node);
				this.#runMs.set(t.node, old === undefined ? ms : old * 0.7 + ms * 0.3);
			}
		}
		// a run ended somewhere: a slot is free
		if (this.#queue.length && (ev.type === 'final' || ev.type === 'failed' || (ev.type === 'agent' && ev.payload.stream === 'lifecycle'))) this.#schedulePump();
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

	/** Every node as routing sees it: state, runs going (the gateway's count or ours in flight, whichever is higher), load, RTT, limit. */
	candidates(): Candidate[] {
		const st = this.fleet.statuses();
		const inflight = new Map<string, number>();
		for (const t of this.state.tasks.values()) if (t.state !== 'queued' && !FINISHED.includes(t.state)) inflight.set(t.node, (inflight.get(t.node) ?? 0) + 1);
		return this.nodes().map(n => {
			const s = st[n.name] ?? {state: 'unknown' as const};
			const limit = n.maxConcurrent ?? this.#gatewayLimits.get(n.name) ?? gatewayConcurrency(undefined, s.system?.cpuCount);
			return {name: n.name, tags: n.tags, state: s.state, activeRuns: Math.max(s.activeRuns ?? 0, inflight.get(n.name) ?? 0), load: loadPerCpu(s.system), rttMs: s.rttMs, local: n.local, limit};
		});
	}

	/** The gateway's own limit (agents.defaults.maxConcurrent from config.get), learnt once per connection. */
	async #learnLimit(name: string): Promise<void> {
		const conn = this.fleet.connection(name);
		const limit = await (conn ? conn.background(() => configuredLimit(conn)) : undefined);
		if (limit === undefined) return; // the CPU default is derived live in candidates()
		this.#gatewayLimits.set(name, limit);
		this.#schedulePump();
	}


	/** The node's default agent and the agents it has (agents.list). */
	async agents(node: string): Promise<{defaultId?: string; ids: string[]}> {
		const conn = this.fleet.connection(node);
		const defaultId = conn?.client?.hello?.snapshot.sessionDefaults?.defaultAgentId;
		const r = await conn?.request('agents.list', {}, {timeoutMs: 10_000}).catch(() => undefined);
		return {defaultId: r?.defaultId ?? defaultId, ids: r?.agents.map(a => a.id) ?? (defaultId ? [defaultId] : [])};
	}

	/**
	 * How complex the task is: the heuristic, and — when a judge node is set and connected —
	 * that node's agent asked with a short strict prompt. A late, failed or non-conforming
	 * answer leaves the heuristic, with a note saying why.
	 */
	async judge(text: string): Promise<Judgement> {
		const h = judgeTask(text);
		const {judge: node, judgeTimeoutMs} = this.routing();
		if (!node || !this.nodes().some(n => n.name === node)) return h;
		return askJudge(this.fleet.connection(node), node, text, h, judgeTimeoutMs);
	}


	async dispatch(req: DispatchRequest): Promise<DispatchResult> {
		if (req.target.kind === 'all') {
			const order = this.candidates().filter(c => ELIGIBLE.includes(c.state)).map(c => c.name);
			if (order.length === 0) return {ok: false, reason: 'no node is online', noEligible: true};
			const ids = order.map(name => this.#start(req, name, `→ ${name}: broadcast to all ${order.length} online nodes`));
			return {ok: true, ids};
		}
		const judgement = req.judge === false || req.target.kind === 'node' ? judgeTask(req.message) : await this.judge(req.message);
		return this.#enqueue(this.#entry(req), judgement, req.queue !== false);
	}

	/** Many tasks at once (a batch): judged by the heuristic, started as slots allow, the rest queued in order. */
	dispatchMany(reqs: DispatchRequest[]): DispatchResult[] {
		const cands = this.candidates(); // once: linear in the batch, not quadratic
		return reqs.map(req => this.#enqueue(this.#entry(req), judgeTask(req.message), req.queue !== false, cands));
	}

	#entry(req: DispatchRequest): QueueEntry {
		return {id: `mgw-${crypto.randomUUID()}`, message: req.message, node: req.target.kind === 'node' ? req.target.name : undefined, tags: req.tags?.length ? req.tags : undefined, agentId: req.agentId, session: req.session, sessionKey: req.sessionKey, createdAt: Date.now()};
	}

	#route(e: QueueEntry, cands: Candidate[], exclude?: ReadonlySet<string>): RouteResult {
		const pool = exclude?.size ? cands.filter(c => !exclude.has(c.name)) : cands;
		const r = route(e.message, pool, {judgement: e.judgement, rules: this.routing().rules, only: e.node, tags: e.tags});
		return r.ok && e.node !== undefined ? {...r, reason: r.reason.replace(`→ ${r.node}: `, `→ ${r.node}: chosen by you, `)} : r;
	}

	#enqueue(e: QueueEntry, judgement: Judgement, wait: boolean, cands = this.candidates()): DispatchResult {
		e.judgement = judgement;
		const r = this.#route(e, cands);
		if (r.ok && this.#queue.length === 0) {
			cands.find(c => c.name === r.node)!.activeRuns++;
			this.#apply({type: 'created', id: e.id, node: r.node, message: e.message, agentId: e.agentId, sessionKey: e.sessionKey, reason: r.reason, judged: describeJudgement(judgement), candidates: rankedLines(r), at: Date.now()}, true);
			void this.#send(e, r.node);
			return {ok: true, ids: [e.id], reason: r.reason};
		}
		if (!r.ok && (r.wait === 'never' || (!wait && r.wait === 'offline'))) return {ok: false, reason: r.reason, noEligible: true};
		const why = r.ok ? `behind ${this.#queue.length} queued task${this.#queue.length > 1 ? 's' : ''}` : r.wait === 'busy' ? BUSY_WHY : r.reason;
		this.#apply({type: 'created', id: e.id, node: e.node ?? QUEUE_NODE, message: e.message, agentId: e.agentId, sessionKey: e.sessionKey, queued: why, judged: describeJudgement(judgement), candidates: rankedLines(r), at: Date.now()}, true);
		this.#queue.push(e);
		this.#queueChanged();
		return {ok: true, ids: [e.id], reason: `queued: ${why}`, queued: true};
	}

	#queueChanged(): void {
		this.emit('queue', this.queue());
		this.#schedulePump();
	}

	/** The waiting tasks, in the order they will start. */
	queue(): QueueEntry[] {
		return [...this.#queue];
	}

	/** Move a queued task earlier (delta < 0) or later. Returns an error text, or undefined. */
	moveQueued(id: string, delta: number): string | undefined {
		if (!this.#queue.some(e => e.id === id)) return 'that task is not queued';
		const next = moveEntry(this.#queue, id, delta);
		if (next === this.#queue) return delta < 0 ? 'already first in the queue' : 'already last in the queue';
		this.#queue = [...next];
		this.#queueChanged();
		return undefined;
	}

	#schedulePump(): void {
		if (this.#pumpScheduled || this.#queue.length === 0) return;
		this.#pumpScheduled = true;
		queueMicrotask(() => {
			this.#pumpScheduled = false;
			this.#pump();
		});
	}

	/**
	 * Pull-based assignment: every node with a free slot takes the first queued task it may
	 * run (in queue order; the best-scored free node first). Runs when a task ends, a node
	 * comes online or changes, or the queue changes. Linear in the queue; stops as soon as
	 * no eligible node has a free slot.
	 */
	#pump(): void {
		const cands = this.candidates();
		const hasFree = () => cands.some(c => ELIGIBLE.includes(c.state) && (c.limit === undefined || c.activeRuns < c.limit));
		const views = this.#slotViews(cands);
		const now = Date.now();
		let changed = false;
		for (const e of [...this.#queue]) {
			const t = this.state.tasks.get(e.id);
			if (t?.state !== 'queued') {
				this.#queue = this.#queue.filter(x => x.id !== e.id);
				changed = true;
				continue;
			}
			if (!hasFree()) break;
			const r = this.#route(e, cands);
			if (!r.ok) {
				this.#apply({type: 'queued', id: e.id, why: r.wait === 'busy' ? BUSY_WHY : r.reason, at: Date.now()}, true);
				continue;
			}
			// near the end of a batch, leave the task to a faster node that will finish it sooner
			const able = r.ranked.filter(x => x.eligible || x.full).map(x => x.name);
			const node = r.ranked.filter(x => x.eligible).find(x => !betterElsewhere(views.get(x.name)!, able.filter(n => n !== x.name).map(n => views.get(n)!), now, this.#queue.length))?.name;
			if (!node) break;
			this.#queue = this.#queue.filter(x => x.id !== e.id);
			changed = true;
			const c = cands.find(x => x.name === node)!;
			c.activeRuns++;
			const v = views.get(node)!;
			const slot = v.freeAt.indexOf(Math.min(...v.freeAt));
			if (slot !== -1) v.freeAt[slot] = now + (v.estMs ?? 0);
			const reason = node === r.node ? r.reason : `${r.reason.replace(/^→ [^:]+:/, `→ ${node}:`)} (finishes sooner than on ${r.node})`;
			this.#apply({type: 'started', id: e.id, node, reason, judged: e.judgement && describeJudgement(e.judgement), candidates: rankedLines(r), at: Date.now()}, true);
			void this.#send(e, node);
		}
		if (changed) this.emit('queue', this.queue());
	}

	/** Per node: measured run time and when each of its slots should be free (for betterElsewhere). */
	#slotViews(cands: readonly Candidate[]): Map<string, SlotView> {
		const now = Date.now();
		const running = new Map<string, number[]>();
		for (const t of this.state.tasks.values()) {
			if (t.state === 'queued' || FINISHED.includes(t.state)) continue;
			const est = this.#runMs.get(t.node) ?? 0;
			running.set(t.node, [...(running.get(t.node) ?? []), (t.acceptedAt ?? now) + est]);
		}
		return new Map(
			cands.map(c => {
				const busy = running.get(c.name) ?? [];
				const free = c.limit === undefined ? 1 : Math.max(0, c.limit - busy.length);
				return [c.name, {name: c.name, estMs: this.#runMs.get(c.name), freeAt: [...busy, ...Array<number>(free).fill(now)]}];
			}),
		);
	}

	#start(req: DispatchRequest, node: string, reason: string): string {
		const e = this.#entry({...req, target: {kind: 'node', name: node}});
		this.#apply({type: 'created', id: e.id, node, message: req.message, agentId: req.agentId, sessionKey: req.sessionKey, reason, at: Date.now()}, true);
		void this.#send(e, node);
		return e.id;
	}

	#params(id: string, node: string, req: QueueEntry) {
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

	/** Send to `node`; before the gateway accepted, a retryable failure moves the task to the next best node (or back to the queue's head). */
	async #send(e: QueueEntry, node: string, tried: ReadonlySet<string> = new Set()): Promise<void> {
		const id = e.id;
		const conn = this.fleet.connection(node);
		const params = this.#params(id, node, e);
		let accepted = false;
		try {
			if (!conn) throw new ClosedError(`${node} is not connected`);
			const final = await conn.request('agent', params, {
				expectFinal: true,
				timeoutMs: 0,
				acceptTimeoutMs: this.#acceptTimeoutMs,
				onAccepted: p => {
					accepted = true;
					this.#apply({type: 'accepted', id, sessionKey: p.sessionKey ?? sanitizeLine(params.sessionKey, 512), at: Date.now()}, true);
				},
			});
			if (!accepted) this.#apply({type: 'accepted', id, sessionKey: sanitizeLine(params.sessionKey, 512), at: Date.now()}, true);
			this.#final(id, final);
		} catch (err) {
			if (accepted) {
				if (err instanceof RequestError && err.payload) return this.#final(id, err.payload as AgentResult);
				// accepted, then the link dropped: the run goes on; re-attach when the node is back
				this.#apply({type: 'disconnected', node, at: Date.now()}, true);
				if (this.fleet.connection(node)?.client?.open) void this.#reattach(id);
				return;
			}
			const why = `${node}: ${(err as Error).message}`;
			const retryable = err instanceof ClosedError || !this.fleet.connection(node)?.client?.open || (err instanceof RequestError && ['UNAVAILABLE', 'TIMEOUT', 'ACCEPT_TIMEOUT'].includes(err.error.code));
			if (!retryable || e.node !== undefined || this.state.tasks.get(id)?.state !== 'sending') {
				this.#apply({type: 'failed', id, error: (err as Error).message, at: Date.now()}, true);
				return;
			}
			const exclude = new Set([...tried, node]);
			const r = this.#route(e, this.candidates(), exclude);
			if (r.ok) {
				this.#apply({type: 'retarget', id, node: r.node, why, at: Date.now()}, true);
				return this.#send(e, r.node, exclude);
			}
			if (r.wait === 'never') {
				this.#apply({type: 'failed', id, error: `${(err as Error).message}; ${r.reason}`, at: Date.now()}, true);
				return;
			}
			// not accepted anywhere yet and no other node free: back to the head of the queue
			this.#apply({type: 'queued', id, why: `${why}; ${r.wait === 'busy' ? BUSY_WHY : r.reason}`, at: Date.now()}, true);
			this.#queue.unshift(e);
			this.#queueChanged();
		}
	}

	#final(id: string, p: AgentResult): void {
		const text = p.result?.payloads.map(x => x.text ?? '').filter(Boolean).join('\n') as Clean | undefined;
		this.#apply({type: 'final', id, status: p.status, summary: p.summary, text: text || undefined, at: Date.now()}, true);
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
			// a gateway that crashed or restarted mid-run answers agent.wait with "timeout" for the
			// run forever: #closeIfUnknown ends it (as lost) when sessions.list does not hold it
			let first = true;
			for (;;) {
				const conn = this.fleet.connection(t.node);
				if (!conn?.client?.open) return; // offline again; the next 'online' retries
				let r;
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
				this.#apply({type: 'final', id, status: r.status, summary: r.stopReason === 'aborted' ? ('aborted' as Clean) : r.error, text: r.terminalReply?.text, at: Date.now()}, true);
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
		const r = await conn.request('agent.wait', {runId: id, timeoutMs: 1}, {timeoutMs: 15_000}).catch(() => undefined);
		if (r && r.status !== 'timeout' && r.status !== 'pending') {
			this.#apply({type: 'final', id, status: r.status, summary: r.stopReason === 'aborted' ? ('aborted' as Clean) : r.error, text: r.terminalReply?.text, at: Date.now()}, true);
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

	/** Stop following a task whose node does not come back (headless commands must end): it ends as lost. */
	giveUp(id: string, why: string): void {
		this.#apply({type: 'lost', id, why, at: Date.now()}, true);
	}

	/** Cancel a task (chat.abort with its sessionKey and runId). */
	async cancel(id: string): Promise<string | undefined> {
		const t = this.state.tasks.get(id);
		if (!t) return 'no such task';
		if (FINISHED.includes(t.state)) return `task is already ${t.state}`;
		if (t.state === 'queued') {
			this.#queue = this.#queue.filter(e => e.id !== id);
			this.#apply({type: 'cancelRequested', id, at: Date.now()}, true);
			this.emit('queue', this.queue());
			return undefined;
		}
		const conn = this.fleet.connection(t.node);
		if (!conn?.client?.open) return `${t.node} is not connected; try again when it is back`;
		this.#apply({type: 'cancelRequested', id, at: Date.now()}, true);
		try {
			const r = t.sessionKey ? await conn.request('chat.abort', {sessionKey: t.sessionKey, runId: id}, {timeoutMs: 15_000}) : await conn.request('sessions.abort', {runId: id}, {timeoutMs: 15_000});
			// nothing was aborted: the run may be one the gateway no longer knows — then close it here
			if (r?.aborted === false) await this.#closeIfUnknown(id);
			return undefined;
		} catch (e) {
			return `cancel failed: ${(e as Error).message}`;
		}
	}

	/**
	 * Tasks from the history file and the saved queue: unfinished runs are re-attached when
	 * their node is online; queued tasks of the saved queue wait again, in their order.
	 */
	restore(tasks: Task[], queue: readonly QueueEntry[] = []): void {
		const revived = tasks.map(t => (FINISHED.includes(t.state) || t.state === 'queued' ? t : {...t, state: 'reconnecting' as const}));
		this.#apply({type: 'restored', tasks: revived, at: Date.now()});
		const known = new Set(this.#queue.map(e => e.id));
		const entries = [...queue];
		// queued by a run that ended (a headless batch, or a queue file lost): not started behind the user's back
		for (const t of revived) if (t.state === 'queued' && !entries.some(e => e.id === t.id)) this.#apply({type: 'failed', id: t.id, error: 'was queued when its console or batch stopped; not in the saved queue', at: Date.now()}, true);
		for (const e of entries) {
			if (known.has(e.id)) continue;
			const t = this.state.tasks.get(e.id);
			if (t && t.state !== 'queued') continue; // finished meanwhile
			if (!t) this.#apply({type: 'created', id: e.id, node: e.node ?? QUEUE_NODE, message: e.message, agentId: e.agentId, queued: 'waiting since before the restart', at: Date.now()}, true);
			this.#queue.push({...e, judgement: judgeTask(e.message)});
		}
		if (entries.length) this.#queueChanged();
		for (const t of revived) if (t.state === 'reconnecting' && this.fleet.connection(t.node)?.client?.open) void this.#reattach(t.id);
	}
}

/** Every candidate, the winner first, with its score and terms. */
const rankedLines = (r: RouteResult) => r.ranked.map((x, i) => candidateLine(x, r.ok && i === 0));
/** The node column of a task that waits for any node. */
export const QUEUE_NODE = '—';
