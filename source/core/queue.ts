import * as z from 'zod';
import {TagSchema} from './nodes.js';
import type {Judgement} from './judge.js';

/**
 * The task queue: tasks that wait for a node (none eligible online, or every eligible node
 * at its concurrency limit). Pure helpers; the dispatcher (net/) owns the live queue and
 * store/task-queue.ts keeps it across restarts.
 */
export const QueueEntrySchema = z.object({
	id: z.string().min(1).max(100),
	message: z.string().min(1),
	/** A node name when the task was sent to that node; absent = routed automatically. */
	node: z.string().max(64).optional(),
	tags: z.array(TagSchema).optional(),
	agentId: z.string().max(64).optional(),
	session: z.enum(['new', 'main']).optional(),
	/** An existing session (a follow-up). */
	sessionKey: z.string().max(300).optional(),
	createdAt: z.number(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema> & {judgement?: Judgement};

/** The queued task's line in the task log while every eligible node is full (stable, so it is logged once). */
export const BUSY_WHY = 'every eligible node is at its limit; starts when a slot frees';

/** Move entry `id` by `delta` places (clamped). Returns a new array, or the same one when nothing moved. */
export function moveEntry<T extends {id: string}>(queue: readonly T[], id: string, delta: number): readonly T[] {
	const i = queue.findIndex(e => e.id === id);
	if (i === -1) return queue;
	const j = Math.max(0, Math.min(queue.length - 1, i + delta));
	if (j === i) return queue;
	const out = [...queue];
	const [e] = out.splice(i, 1);
	out.splice(j, 0, e!);
	return out;
}

/**
 * How many runs a gateway takes at once, when it tells: OpenClaw's
 * `agents.defaults.maxConcurrent`, else its documented default max(8, 4 × CPUs)
 * (docs/gateway/config-agents/models.md), from system.info's cpuCount. Undefined when neither is known.
 */
export function gatewayConcurrency(configured: unknown, cpuCount: number | undefined): number | undefined {
	if (typeof configured === 'number' && Number.isInteger(configured) && configured >= 1 && configured <= 10_000) return configured;
	if (typeof cpuCount === 'number' && cpuCount >= 1) return Math.max(8, Math.floor(cpuCount) * 4);
	return undefined;
}

/** A node's slots as the scheduler sees them: its measured run time and when each slot is expected to be free. */
export type SlotView = {name: string; estMs?: number; freeAt: number[]};

/**
 * Near the end of a batch a slow node should not take a task that faster nodes would finish
 * sooner: true when the other nodes' slots can complete all `remaining` queued tasks before
 * `node` would finish this one (now + its run time). Without measured run times: false.
 */
export function betterElsewhere(node: SlotView, others: readonly SlotView[], now: number, remaining: number): boolean {
	if (node.estMs === undefined) return false;
	const deadline = now + node.estMs;
	let capacity = 0;
	for (const k of others) {
		if (k.estMs === undefined || k.estMs <= 0) continue;
		for (const f of k.freeAt) capacity += Math.max(0, Math.floor((deadline - Math.max(now, f)) / k.estMs));
		if (capacity >= remaining) return true;
	}
	return false;
}

/** Ideal makespan for `n` equal tasks on nodes with run time `ms` and `slots` each: the least T with Σ slots × ⌊T / ms⌋ ≥ n. */
export function idealMakespan(n: number, nodes: readonly {ms: number; slots: number}[]): number {
	const times = [...new Set(nodes.flatMap(x => Array.from({length: Math.ceil(n / Math.max(1, x.slots)) + 1}, (_, k) => (k + 1) * x.ms)))].sort((a, b) => a - b);
	for (const t of times) if (nodes.reduce((a, x) => a + x.slots * Math.floor(t / x.ms), 0) >= n) return t;
	return Infinity;
}
