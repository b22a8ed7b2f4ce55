import {EventEmitter} from 'node:events';
import {FINISHED, type Task, type TaskEvent} from '../core/tasks.js';
import {BUSY_WHY} from '../core/queue.js';
import type {BatchTask} from '../core/batch.js';
import type {Dispatcher} from './dispatcher.js';

/** One line of progress (the NDJSON of `dispatch --batch --json`); `at` is ms since the batch started. */
export type BatchEvent =
	| {event: 'queued'; task: string; line: number; why: string; at: number}
	| {event: 'started'; task: string; line: number; node: string; reason?: string; at: number}
	| {event: 'moved'; task: string; line: number; from: string; to: string; at: number}
	| {event: 'accepted'; task: string; line: number; node: string; at: number}
	| {event: 'final'; task: string; line: number; node: string; status: string; text: string; error?: string; ms?: number; at: number};

export type BatchOutcome = {line: number; id?: string; node: string; status: string; text: string; error?: string; ms?: number};
export type NodeSummary = {node: string; tasks: number; ok: number; failed: number; running: number; avgMs?: number};

type Track = {line: number; id: string; state?: string; node?: string; accepted?: boolean; waitingSince?: number; outcome?: BatchOutcome};

/**
 * A batch over the fleet: every task handed to the dispatcher at once (it starts what the
 * nodes' free slots allow and queues the rest, nodes pulling the next task as slots free),
 * progress events per change, and an end: every task finished, or given up after `stuckMs`
 * — queued with no eligible node online ("no-node"), or accepted by a node that stayed
 * away ("lost": the run's outcome is unknown). Emits 'progress' (BatchEvent) and 'end'.
 */
export class BatchRun extends EventEmitter {
	readonly started = Date.now();
	readonly tracks: Track[] = [];
	#byId = new Map<string, Track>();
	#timer?: NodeJS.Timeout;
	#onChange = (ev: TaskEvent) => this.#changed(ev);
	ended?: number;

	constructor(
		readonly d: Dispatcher,
		readonly tasks: readonly BatchTask[],
		readonly opts: {stuckMs?: number; agentId?: string} = {},
	) {
		super();
	}

	start(): this {
		this.d.on('change', this.#onChange);
		const results = this.d.dispatchMany(this.tasks.map(t => ({message: t.message, target: t.node ? {kind: 'node', name: t.node} : {kind: 'auto'}, tags: t.tags, agentId: t.agent ?? this.opts.agentId})));
		results.forEach((r, i) => {
			const line = this.tasks[i]!.line;
			if (!r.ok) {
				this.tracks.push({line, id: '', outcome: {line, node: this.tasks[i]!.node ?? '—', status: 'no-node', text: '', error: r.reason}});
				this.#emit({event: 'final', task: '', line, node: this.tasks[i]!.node ?? '—', status: 'no-node', text: '', error: r.reason, at: this.#at()});
				return;
			}
			const tr: Track = {line, id: r.ids[0]!};
			this.tracks.push(tr);
			this.#byId.set(tr.id, tr);
		});
		for (const tr of this.#byId.values()) this.#update(tr);
		this.#timer = setInterval(() => this.#checkStuck(), 250);
		this.#maybeEnd();
		return this;
	}

	#at = () => Date.now() - this.started;
	#emit(e: BatchEvent): void {
		this.emit('progress', e);
	}

	#changed(ev: TaskEvent): void {
		if ('id' in ev) {
			const tr = this.#byId.get(ev.id);
			if (tr) this.#update(tr);
		} else if (ev.type === 'agent') {
			const tr = typeof ev.payload.runId === 'string' ? this.#byId.get(ev.payload.runId) : undefined;
			if (tr) this.#update(tr);
		} else for (const tr of this.#byId.values()) this.#update(tr);
		this.#maybeEnd();
	}

	#update(tr: Track): void {
		if (tr.outcome) return;
		const t = this.d.state.tasks.get(tr.id);
		if (!t) return;
		const at = this.#at();
		if (t.state === 'queued') {
			if (tr.state !== 'queued') {
				if (tr.state !== undefined && tr.node) this.#emit({event: 'moved', task: t.id, line: tr.line, from: tr.node, to: 'queue', at});
				this.#emit({event: 'queued', task: t.id, line: tr.line, why: t.queuedWhy ?? '', at});
			}
		} else if (tr.state === undefined || tr.state === 'queued') this.#emit({event: 'started', task: t.id, line: tr.line, node: t.node, reason: t.reason, at});
		else if (tr.node && t.node !== tr.node) this.#emit({event: 'moved', task: t.id, line: tr.line, from: tr.node, to: t.node, at});
		if (t.acceptedAt && !tr.accepted) {
			tr.accepted = true;
			this.#emit({event: 'accepted', task: t.id, line: tr.line, node: t.node, at});
		}
		if (t.state === 'queued' && t.queuedWhy !== BUSY_WHY) tr.waitingSince ??= Date.now();
		else if (t.state !== 'reconnecting') tr.waitingSince = undefined;
		if (t.state === 'reconnecting') tr.waitingSince ??= Date.now();
		tr.state = t.state;
		tr.node = t.node;
		if (FINISHED.includes(t.state)) this.#finish(tr, t, t.state === 'done' ? 'ok' : t.state, t.error);
	}

	#finish(tr: Track, t: Task, status: string, error?: string): void {
		const ms = t.acceptedAt ? (t.endedAt ?? Date.now()) - t.acceptedAt : undefined;
		tr.outcome = {line: tr.line, id: t.id, node: t.node, status, text: t.text, error, ms};
		this.#emit({event: 'final', task: t.id, line: tr.line, node: t.node, status, text: t.text, error, ms, at: this.#at()});
	}

	/** Give up on what cannot finish: no eligible node for stuckMs, or accepted by a node gone for stuckMs. */
	#checkStuck(): void {
		const limit = this.opts.stuckMs ?? 30_000;
		const now = Date.now();
		for (const tr of this.#byId.values()) {
			if (tr.outcome || tr.waitingSince === undefined || now - tr.waitingSince < limit) continue;
			const t = this.d.state.tasks.get(tr.id);
			if (!t) continue;
			if (t.state === 'queued') {
				const why = t.queuedWhy ?? 'no eligible node';
				void this.d.cancel(t.id);
				this.#finish(tr, t, 'no-node', `${why} for ${Math.round(limit / 1000)} s`);
			} else if (t.state === 'reconnecting') {
				this.#finish(tr, t, 'lost', `${t.node} accepted it, then went away for ${Math.round(limit / 1000)} s; its outcome is unknown`);
			}
		}
		this.#maybeEnd();
	}

	#maybeEnd(): void {
		if (this.ended || this.tracks.length < this.tasks.length || !this.tracks.every(t => t.outcome)) return;
		this.ended = Date.now();
		this.stop();
		this.emit('end', this.outcomes());
	}

	stop(): void {
		clearInterval(this.#timer);
		this.d.off('change', this.#onChange);
	}

	outcomes(): BatchOutcome[] {
		return this.tracks.map(t => t.outcome ?? {line: t.line, id: t.id, node: t.node ?? '—', status: t.state ?? 'queued', text: ''});
	}

	/** Per node: tasks, succeeded, failed, still running, average run time. */
	summary(): NodeSummary[] {
		const by = new Map<string, NodeSummary & {sum: number; n: number}>();
		for (const tr of this.tracks) {
			const node = tr.outcome?.node ?? tr.node ?? '—';
			const s = by.get(node) ?? {node, tasks: 0, ok: 0, failed: 0, running: 0, sum: 0, n: 0};
			s.tasks++;
			if (!tr.outcome) s.running++;
			else if (tr.outcome.status === 'ok') s.ok++;
			else s.failed++;
			if (tr.outcome?.ms !== undefined) {
				s.sum += tr.outcome.ms;
				s.n++;
			}
			by.set(node, s);
		}
		return [...by.values()].map(({sum, n, ...s}) => ({...s, avgMs: n ? sum / n : undefined}));
	}
}
