import {LogRing, type LogEntry} from './log-ring.js';
import {STATE_LOOK, type NodeState} from './node-state.js';
import {sanitize, sanitizeLine, type Clean} from './sanitize.js';

/** `lost`: the gateway no longer knows the run (it crashed or restarted mid-run). */
export type TaskState = 'queued' | 'sending' | 'running' | 'reconnecting' | 'cancelling' | 'done' | 'failed' | 'cancelled' | 'lost';
export const FINISHED: readonly TaskState[] = ['done', 'failed', 'cancelled', 'lost'];

/** An `agent` event's payload as net/ hands it over: typed, every string cleaned (frames.ts). */
export type AgentPayload = {
	runId: Clean;
	seq: number;
	stream: Clean;
	sessionKey?: Clean;
	agentId?: Clean;
	data: {itemId?: Clean; text?: Clean; delta?: Clean; replace?: boolean; toolCallId?: Clean; name?: Clean; phase?: Clean; args?: Clean; isError?: boolean; error?: Clean; stopReason?: Clean; aborted?: boolean};
};

export type ToolStep = {id: string; name: string; phase: string; seq: number; detail?: string};

export type Task = {
	id: string; // = runId = idempotencyKey
	node: string;
	message: string;
	agentId?: string;
	sessionKey?: string;
	state: TaskState;
	external: boolean;
	reason?: string;
	/** While queued: why it waits (no free slot, no eligible node online). */
	queuedWhy?: string;
	/** How complex it was judged, and by what (core/judge.ts). */
	judged?: string;
	/** Every candidate node with its score and terms, the winner first (core/routing.ts). */
	candidates?: string[];
	text: string;
	items: {id: string; text: string; seq: number}[];
	tools: ToolStep[];
	phase?: string;
	error?: string;
	createdAt: number;
	acceptedAt?: number;
	endedAt?: number;
	lastSeq: number;
};

export type TaskEvent =
	| {type: 'created'; id: string; node: string; message: string; agentId?: string; sessionKey?: string; reason?: string; queued?: string; judged?: string; candidates?: string[]; at: number}
	| {type: 'queued'; id: string; why: string; at: number}
	| {type: 'started'; id: string; node: string; reason: string; judged?: string; candidates?: string[]; at: number}
	| {type: 'retarget'; id: string; node: string; why: string; at: number}
	| {type: 'accepted'; id: string; sessionKey?: Clean; at: number}
	| {type: 'agent'; node: string; payload: AgentPayload; at: number}
	| {type: 'final'; id: string; status: Clean; text?: Clean; summary?: Clean; at: number}
	| {type: 'failed'; id: string; error: string; at: number}
	| {type: 'lost'; id: string; why: string; at: number}
	| {type: 'disconnected'; node: string; at: number}
	| {type: 'reattached'; id: string; at: number}
	| {type: 'cancelRequested'; id: string; at: number}
	/** The gateway no longer knows the run (agent.wait / sessions.list after a restart): close it. */
	| {type: 'gone'; id: string; why: string; at: number}
	/** The gateway said what an external run was asked (sessions.preview / chat.history). */
	| {type: 'prompt'; id: string; message: string; at: number}
	| {type: 'restored'; tasks: Task[]; at: number}
	/** A node changed state: a timestamped line in the log (no task). */
	| {type: 'nodeState'; node: string; state: NodeState; detail?: string; at: number}
	/** Log lines from the history file (before anything new). */
	| {type: 'restoredLog'; lines: Omit<LogEntry, 'seq'>[]; at: number};

export type TasksState = {tasks: Map<string, Task>; order: string[]; log: LogRing; textLine: Map<string, number>; version: number};

export const MAX_TASKS = 500;
export const MAX_TASK_TEXT = 200_000;
/** Assistant items per task; a flood of new item ids past this is ignored. */
export const MAX_ITEMS = 1000;
/** Tool steps kept per task (newest): a run that never ends must not grow without limit, and each event's lookup stays short; each step still gets its log line. */
export const MAX_TOOL_STEPS = 200;
export const MAX_TOOLS = MAX_TOOL_STEPS;
/** Characters of the streaming log line (the task view has the whole text). */
const LOG_TAIL = 4000;

export function emptyTasks(logCapacity = 5000): TasksState {
	return {tasks: new Map(), order: [], log: new LogRing(logCapacity), textLine: new Map(), version: 0};
}

export const shortId = (id: string) => '#' + id.replace(/^mgw-/, '').slice(0, 6);

function log(s: TasksState, t: Task, kind: Parameters<LogRing['push']>[0]['kind'], text: string, at: number) {
	s.log.push({ts: at, node: t.node, task: shortId(t.id), kind, text});
	if (kind !== 'text') s.textLine.delete(t.id);
}

function add(s: TasksState, t: Task) {
	s.tasks.set(t.id, t);
	s.order.push(t.id);
	// the oldest finished task goes first; a queued one never (it is the queue), a running one only when nothing else can
	while (s.order.length > MAX_TASKS) {
		let i = s.order.findIndex(id => FINISHED.includes(s.tasks.get(id)!.state));
		if (i === -1) i = s.order.findIndex(id => s.tasks.get(id)!.state !== 'queued');
		if (i === -1) break;
		const [old] = s.order.splice(i, 1);
		s.tasks.delete(old!);
		s.textLine.delete(old!);
	}
}

function streamText(s: TasksState, t: Task, at: number, text = t.text) {
	const line = s.textLine.get(t.id);
	if (line === undefined || !s.log.update(line, text)) s.textLine.set(t.id, s.log.push({ts: at, node: t.node, task: shortId(t.id), kind: 'text', text}));
}

/** The end of a task's text built from its last items only: constant work per event, however long the text. */
function tailText(items: readonly Task['items'][number][]): string {
	let out = '';
	for (let i = items.length - 1; i >= 0 && out.length < LOG_TAIL; i--) {
		const x = items[i]!.text;
		if (!x) continue;
		const part = x.length > LOG_TAIL ? x.slice(x.length - LOG_TAIL) : x;
		out = out ? part + '\n' + out : part;
	}
	return out;
}

const joinItems = (items: readonly Task['items'][number][]) => items.map(i => i.text).filter(Boolean).join('\n').slice(0, MAX_TASK_TEXT);

const capText = (x: string) => (x.length > MAX_TASK_TEXT ? x.slice(0, MAX_TASK_TEXT) : x);
const keepTail = (x: string) => (x.length > 2 * LOG_TAIL ? x.slice(x.length - LOG_TAIL) : x);
/** The streaming log line's text per task (the end of its text), kept as it grows. */
const tails = new WeakMap<Task, string>();

/** Item id → item, per task (not persisted: rebuilt from `items` on first use). */
const itemIndex = new WeakMap<Task, Map<string, Task['items'][number]>>();
function itemsOf(t: Task): Map<string, Task['items'][number]> {
	let m = itemIndex.get(t);
	if (!m) itemIndex.set(t, (m = new Map(t.items.map(i => [i.id, i]))));
	return m;
}

type Outcome = 'done' | 'failed' | 'cancelled' | 'lost';

/**
 * The only way a task ends: the first terminal signal wins (a final answer, a send failure, an
 * external run's lifecycle end/error, a gone run), sets one terminal state and logs one terminal
 * line. Everything terminal that comes later is ignored, whatever order they arrive in.
 */
function terminate(s: TasksState, t: Task, outcome: Outcome, at: number, detail?: string): boolean {
	if (FINISHED.includes(t.state)) return false;
	t.state = outcome;
	t.endedAt = at;
	s.textLine.delete(t.id);
	if (outcome === 'failed' || outcome === 'lost') t.error = sanitizeLine(detail || t.error || outcome);
	const secs = t.acceptedAt ? ` (${((at - t.acceptedAt) / 1000).toFixed(1)} s)` : '';
	const ext = t.external ? ' (external)' : '';
	if (outcome === 'done') log(s, t, 'done', `✔ done${secs}${ext}`, at);
	else if (outcome === 'cancelled') log(s, t, 'warn', `✖ cancelled${secs}${ext}`, at);
	else if (outcome === 'lost') log(s, t, 'error', `✖ lost${ext}: ${t.error}${t.text ? ' (the output so far is kept)' : ''}`, at);
	else log(s, t, 'error', `✖ failed${ext}: ${t.error}`, at);
	return true;
}

const ABORTED = /\babort/i;

/**
 * The task reducer. It mutates `s` (the log is a ring buffer; copying it per event would not
 * keep up with thousands of events a second) and returns whether anything changed.
 * Deterministic, no I/O. Remote text is sanitised here, before anything can display it.
 * Agent events are applied by per-run `seq`: duplicates and stale (out-of-order) events are
 * ignored, and assistant text is cumulative per item, so order cannot garble it.
 */
export function applyTaskEvent(s: TasksState, ev: TaskEvent): boolean {
	const changed = apply(s, ev);
	if (changed) s.version++;
	return changed;
}

function apply(s: TasksState, ev: TaskEvent): boolean {
	switch (ev.type) {
		case 'created': {
			if (s.tasks.has(ev.id)) return false;
			const t: Task = {id: ev.id, node: ev.node, message: ev.message, agentId: ev.agentId, sessionKey: ev.sessionKey, state: ev.queued ? 'queued' : 'sending', external: false, reason: ev.reason, judged: ev.judged, candidates: ev.candidates, text: '', items: [], tools: [], createdAt: ev.at, lastSeq: 0};
			add(s, t);
			if (ev.queued) {
				t.queuedWhy = ev.queued;
				log(s, t, 'warn', `⏸ queued: ${ev.queued} — ${sanitizeLine(ev.message).slice(0, 120)}`, ev.at);
				return true;
			}
			if (ev.reason) log(s, t, 'route', ev.reason, ev.at);
			log(s, t, 'info', `sent: ${sanitizeLine(ev.message).slice(0, 200)}`, ev.at);
			return true;
		}
		case 'queued': {
			// waiting (again, after a failover found no free node): logged only when the why changes
			const t = s.tasks.get(ev.id);
			if (!t || (t.state !== 'queued' && t.state !== 'sending')) return false;
			if (t.state === 'queued' && t.queuedWhy === ev.why) return false;
			t.state = 'queued';
			t.queuedWhy = ev.why;
			log(s, t, 'warn', `⏸ queued: ${ev.why}`, ev.at);
			return true;
		}
		case 'started': {
			const t = s.tasks.get(ev.id);
			if (!t || t.state !== 'queued') return false;
			t.state = 'sending';
			t.node = ev.node;
			t.reason = ev.reason;
			t.queuedWhy = undefined;
			if (ev.judged) t.judged = ev.judged;
			if (ev.candidates) t.candidates = ev.candidates;
			log(s, t, 'route', ev.reason, ev.at);
			log(s, t, 'info', `sent: ${sanitizeLine(t.message).slice(0, 200)}`, ev.at);
			return true;
		}
		case 'retarget': {
			const t = s.tasks.get(ev.id);
			if (!t || t.state !== 'sending') return false;
			log(s, t, 'warn', `failover: ${ev.why} → ${ev.node} (not accepted by ${t.node})`, ev.at);
			t.node = ev.node;
			return true;
		}
		case 'accepted': {
			const t = s.tasks.get(ev.id);
			if (!t || t.state !== 'sending') return false;
			t.state = 'running';
			t.acceptedAt = ev.at;
			if (ev.sessionKey) t.sessionKey = ev.sessionKey;
			log(s, t, 'info', 'accepted', ev.at);
			return true;
		}
		case 'agent':
			return applyAgent(s, ev.node, ev.payload, ev.at);
		case 'final': {
			const t = s.tasks.get(ev.id);
			if (!t || FINISHED.includes(t.state)) return false;
			if (ev.text !== undefined) t.text = ev.text.slice(0, MAX_TASK_TEXT);
			if (t.text) streamText(s, t, ev.at);
			const why = ev.summary && ev.summary !== 'failed' ? ev.summary : (t.error ?? ev.summary ?? ev.status);
			const aborted = ev.summary === 'aborted' || (ev.status !== 'ok' && ABORTED.test(why));
			const ok = ev.status === 'ok' && !aborted;
			return terminate(s, t, aborted ? 'cancelled' : ok ? 'done' : 'failed', ev.at, why);
		}
		case 'lost': {
			const t = s.tasks.get(ev.id);
			if (!t) return false;
			return terminate(s, t, 'lost', ev.at, ev.why);
		}
		case 'failed': {
			const t = s.tasks.get(ev.id);
			if (!t) return false;
			return terminate(s, t, 'failed', ev.at, ev.error);
		}
		case 'gone': {
			const t = s.tasks.get(ev.id);
			if (!t) return false;
			return terminate(s, t, t.state === 'cancelling' ? 'cancelled' : 'lost', ev.at, ev.why);
		}
		case 'prompt': {
			const t = s.tasks.get(ev.id);
			if (!t || !t.external) return false;
			t.message = sanitizeLine(ev.message).slice(0, 4000);
			log(s, t, 'info', `asked: ${t.message.slice(0, 200)}`, ev.at);
			return true;
		}
		case 'disconnected': {
			let any = false;
			for (const t of s.tasks.values()) {
				if (t.node !== ev.node || !['running', 'cancelling'].includes(t.state)) continue;
				t.state = 'reconnecting';
				log(s, t, 'warn', 'connection lost; reconnecting — the run goes on on the gateway', ev.at);
				any = true;
			}
			return any;
		}
		case 'reattached': {
			const t = s.tasks.get(ev.id);
			if (!t || t.state !== 'reconnecting') return false;
			t.state = 'running';
			log(s, t, 'info', 're-attached; waiting for the result (agent.wait)', ev.at);
			return true;
		}
		case 'cancelRequested': {
			const t = s.tasks.get(ev.id);
			if (t?.state === 'queued') return terminate(s, t, 'cancelled', ev.at); // taken off the queue: it never ran
			if (!t || !['running', 'reconnecting', 'sending'].includes(t.state)) return false;
			t.state = 'cancelling';
			log(s, t, 'warn', 'cancel requested (chat.abort)', ev.at);
			return true;
		}
		case 'nodeState': {
			const look = STATE_LOOK[ev.state];
			const detail = ev.detail ? `: ${sanitizeLine(ev.detail).slice(0, 300)}` : '';
			s.log.push({ts: ev.at, node: ev.node, task: 'node', kind: look.tone === 'ok' ? 'done' : look.tone === 'bad' ? 'error' : 'warn', text: `${look.glyph} ${look.word}${detail}`});
			return true;
		}
		case 'restoredLog': {
			for (const l of ev.lines.slice(-s.log.capacity)) s.log.push(l);
			return ev.lines.length > 0;
		}
		case 'restored': {
			for (const t of ev.tasks) if (!s.tasks.has(t.id)) add(s, {...t, items: t.items ?? [], tools: t.tools ?? []});
			return ev.tasks.length > 0;
		}
	}
}

function applyAgent(s: TasksState, node: string, p: AgentPayload, at: number): boolean {
	const {runId, seq, stream, data} = p;
	if (!runId) return false;
	let t = s.tasks.get(runId);
	let created = false;
	if (!t) {
		created = true;
		// A run started by someone else (another client, a chat channel): show it, marked external.
		if (stream !== 'lifecycle' && stream !== 'assistant' && stream !== 'tool') return false;
		t = {id: runId, node, message: '(started elsewhere)', sessionKey: p.sessionKey, agentId: p.agentId, state: 'running', external: true, text: '', items: [], tools: [], createdAt: at, acceptedAt: at, lastSeq: 0};
		add(s, t);
		log(s, t, 'info', `external run on ${t.sessionKey ?? 'a session'}`, at);
	}
	if (t.node !== node) return false;
	if (FINISHED.includes(t.state)) return false;
	const wasSending = t.state === 'sending' || t.state === 'reconnecting';
	if (wasSending) t.state = 'running';
	if (seq > t.lastSeq) t.lastSeq = seq;
	switch (stream) {
		case 'assistant': {
			// Linear work per event: an item is found by id in a map, the task text grows by what
			// was added to the last item (a rebuild only when an earlier item changes), and the log
			// line is built from the last items, not from the whole text.
			const itemId = data.itemId ?? 'main';
			const index = itemsOf(t);
			let item = index.get(itemId);
			if (!item) {
				if (t.items.length >= MAX_ITEMS) return false;
				t.items.push((item = {id: itemId, text: '', seq: 0}));
				index.set(itemId, item);
			}
			if (seq <= item.seq) return false; // duplicate or stale
			item.seq = seq;
			const before = item.text;
			const last = t.items[t.items.length - 1] === item;
			// (no slice, startsWith or other whole-string work on the append path: on a string
			// built by appends each of those copies it, and that per event is quadratic)
			let added: string | undefined;
			if (data.text !== undefined) {
				item.text = capText(data.text);
				if (item.text.length >= before.length && item.text.startsWith(before)) added = item.text.slice(before.length);
			} else if (data.delta !== undefined && before.length < MAX_TASK_TEXT) {
				added = data.delta;
				item.text = capText(before + added);
			} else return true;
			if (last && added !== undefined) {
				if (added && t.text.length < MAX_TASK_TEXT) t.text = capText(t.text + (!before && t.text ? '\n' : '') + added);
				const tail = tails.get(t);
				tails.set(t, tail !== undefined && before ? keepTail(tail + added) : tailText(t.items));
			} else {
				t.text = joinItems(t.items);
				tails.set(t, tailText(t.items));
			}
			streamText(s, t, at, tails.get(t));
			return true;
		}
		case 'tool': {
			const id = data.toolCallId ?? data.name ?? 'tool';
			const name = data.name ?? 'tool';
			const phase = data.phase ?? '';
			const step = t.tools.find(x => x.id === id);
			if (step && seq <= step.seq) return false;
			const detail = data.args !== undefined && phase === 'start' ? data.args.slice(0, 200) : undefined;
			if (step) Object.assign(step, {phase, seq});
			else {
				t.tools.push({id, name, phase, seq, detail});
				// a run can call tools for days: keep the newest steps (the log ring has the lines)
				if (t.tools.length > MAX_TOOL_STEPS) t.tools.splice(0, t.tools.length - MAX_TOOL_STEPS);
			}
			log(s, t, 'tool', `⚙ ${name} ${phase}${detail ? ` ${detail}` : ''}${data.isError ? ' (error)' : ''}`, at);
			return true;
		}
		case 'lifecycle': {
			// Phases are kept for the task view. An external run ends with its lifecycle (there is no
			// final answer for it); our own runs end with the `agent` final (or agent.wait), so an
			// error phase is only remembered, to explain a bare "failed" final — never a second line.
			const phase = sanitizeLine(String(data.phase ?? ''));
			t.phase = phase;
			if (phase !== 'end' && phase !== 'error') return created || wasSending;
			const why = sanitizeLine(String(data.error ?? data.stopReason ?? (phase === 'end' ? '' : 'unknown')));
			const aborted = data.aborted === true || data.stopReason === 'aborted' || (phase === 'error' && ABORTED.test(why));
			if (!t.external) {
				if (phase === 'error' && why) t.error = why;
				return created || wasSending;
			}
			return terminate(s, t, aborted ? 'cancelled' : phase === 'end' ? 'done' : 'failed', at, why) || created;
		}
		default:
			return false;
	}
}

export function activeTasks(s: TasksState): Task[] {
	return s.order.map(id => s.tasks.get(id)!).filter(t => !FINISHED.includes(t.state));
}
