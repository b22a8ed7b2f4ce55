import * as z from 'zod/mini';
import './zod-locale.js';
import {TagSchema} from './nodes.js';
import {FINISHED, type TasksState} from './tasks.js';

/** One task of a batch file, with the line it came from. */
export type BatchTask = {line: number; message: string; node?: string; tags?: string[]; agent?: string};
export type BatchProblem = {line: number; reason: string};

const JsonLine = z.strictObject({
	task: z.optional(z.string().check(z.trim(), z.minLength(1, 'task is empty'), z.maxLength(100_000))),
	message: z.optional(z.string().check(z.trim(), z.minLength(1, 'message is empty'), z.maxLength(100_000))),
	node: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	tags: z.optional(z.array(TagSchema).check(z.maxLength(16))),
	agent: z.optional(z.string().check(z.regex(/^[\w.-]{1,64}$/, 'agent is 1–64 letters, digits, "_", "." or "-"'))),
});

export const MAX_BATCH = 10_000;

/**
 * A batch file: one task per line, or JSONL lines {"task": "…", "node"?, "tags"?, "agent"?}
 * ("message" is accepted for "task"). Blank lines and lines starting with # are skipped.
 * Every bad line is reported with its number and why; nothing is guessed.
 */
export function parseBatch(text: string): {tasks: BatchTask[]; problems: BatchProblem[]} {
	const tasks: BatchTask[] = [];
	const problems: BatchProblem[] = [];
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = i + 1;
		const raw = lines[i]!.trim();
		if (!raw || raw.startsWith('#')) continue;
		if (tasks.length >= MAX_BATCH) {
			problems.push({line, reason: `more than ${MAX_BATCH} tasks; split the file`});
			break;
		}
		if (!raw.startsWith('{')) {
			tasks.push({line, message: raw});
			continue;
		}
		let value: unknown;
		try {
			value = JSON.parse(raw);
		} catch (e) {
			problems.push({line, reason: `not valid JSON (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')})`});
			continue;
		}
		const r = z.safeParse(JsonLine, value);
		if (!r.success) {
			const iss = r.error.issues[0]!;
			problems.push({line, reason: `${iss.path.length ? iss.path.join('.') + ': ' : ''}${iss.message}`});
			continue;
		}
		const message = r.data.task ?? r.data.message;
		if (!message) {
			problems.push({line, reason: 'needs "task": what the agent should do'});
			continue;
		}
		tasks.push({line, message, node: r.data.node, tags: r.data.tags, agent: r.data.agent});
	}
	return {tasks, problems};
}

/** The console's batch progress: one line per node (running, done, failed), then the total with what still waits. */
export function batchLines(s: TasksState, ids: readonly string[], file: string): string[] {
	const by = new Map<string, {running: number; done: number; failed: number}>();
	let queued = 0;
	let finished = 0;
	for (const id of ids) {
		const t = s.tasks.get(id);
		if (!t) continue;
		if (t.state === 'queued') {
			queued++;
			continue;
		}
		const n = by.get(t.node) ?? {running: 0, done: 0, failed: 0};
		if (t.state === 'done') n.done++;
		else if (FINISHED.includes(t.state)) n.failed++;
		else n.running++;
		if (FINISHED.includes(t.state)) finished++;
		by.set(t.node, n);
	}
	const rows = [...by].map(([node, n]) => `  ${node}: ▶ ${n.running} running · ✔ ${n.done} done${n.failed ? ` · ✖ ${n.failed} failed` : ''}`);
	return [`batch ${file}: ${finished}/${ids.length} finished${queued ? ` · ⏸ ${queued} queued` : ''}`, ...rows];
}
