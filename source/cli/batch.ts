import fs from 'node:fs';
import {parseBatch, type BatchTask} from '../core/batch.js';
import {truncate} from '../core/width.js';
import {sanitizeLine} from '../core/sanitize.js';
import type {Dispatcher} from '../net/dispatcher.js';
import {BatchRun, type BatchEvent, type NodeSummary} from '../net/batch.js';
import {EXIT, UsageError, println, readAll, type Io} from './io.js';

/** Read and check a batch file ("-" = stdin). Bad lines: FILE:LINE: reason, and nothing runs. */
export async function readBatch(file: string, io: Io): Promise<BatchTask[]> {
	let text: string;
	try {
		text = file === '-' ? await readAll(io.stdin) : fs.readFileSync(file, 'utf8');
	} catch (e) {
		throw new UsageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
	}
	const {tasks, problems} = parseBatch(text);
	const name = file === '-' ? '(stdin)' : file;
	if (problems.length) throw new UsageError(problems.map(p => `${name}:${p.line}: ${p.reason}`).join('\n') + `\n${problems.length} bad line${problems.length > 1 ? 's' : ''}; nothing was sent`);
	if (tasks.length === 0) throw new UsageError(`${name}: no tasks (one per line, or JSONL {"task": …})`);
	return tasks;
}

/** The summary table: one row per node, then the totals and the makespan. */
export function summaryTable(rows: NodeSummary[], totalMs: number): string[] {
	const w = Math.max(4, ...rows.map(r => r.node.length));
	const out = [`${'NODE'.padEnd(w)}  TASKS     OK  FAILED  AVG RUN`];
	for (const r of rows) out.push(`${r.node.padEnd(w)}  ${String(r.tasks).padStart(5)}  ${String(r.ok).padStart(5)}  ${String(r.failed + r.running).padStart(6)}  ${r.avgMs === undefined ? '—'.padStart(7) : `${(r.avgMs / 1000).toFixed(1)} s`.padStart(7)}`);
	const sum = (k: 'tasks' | 'ok' | 'failed' | 'running') => rows.reduce((a, r) => a + r[k], 0);
	out.push(`${'all'.padEnd(w)}  ${String(sum('tasks')).padStart(5)}  ${String(sum('ok')).padStart(5)}  ${String(sum('failed') + sum('running')).padStart(6)}  in ${(totalMs / 1000).toFixed(1)} s`);
	return out;
}

/**
 * `dispatch --batch`: every task to the dispatcher at once; nodes pull the next one when a
 * slot frees. --json streams NDJSON (queued, started, moved, accepted, final, then summary);
 * plain prints one line per finished task and the table. Exit 0 only when all succeeded,
 * 3 when some found no eligible node, else 1.
 */
export async function runBatch(d: Dispatcher, tasks: BatchTask[], io: Io, {json, agentId, stuckMs}: {json: boolean; agentId?: string; stuckMs: number}): Promise<number> {
	const run = new BatchRun(d, tasks, {stuckMs, agentId});
	const emit = (o: object) => println(io.stdout, JSON.stringify(o));
	const cols = Math.max(40, Math.min(200, (io.stdout as {columns?: number}).columns ?? 100));
	run.on('progress', (e: BatchEvent) => {
		if (json) return emit(e);
		if (e.event !== 'final') return;
		const mark = e.status === 'ok' ? '✔' : '✖';
		const what = e.status === 'ok' ? e.text : `${e.status}${e.error ? `: ${e.error}` : ''}`;
		println(io.stdout, truncate(`${mark} line ${e.line} ${e.node}${e.ms !== undefined ? ` ${(e.ms / 1000).toFixed(1)} s` : ''} ${sanitizeLine(what)}`, cols));
	});
	const outcomes = await new Promise<ReturnType<BatchRun['outcomes']>>(resolve => {
		run.once('end', resolve);
		run.start();
	});
	const totalMs = (run.ended ?? Date.now()) - run.started;
	const rows = run.summary();
	if (json) emit({event: 'summary', tasks: outcomes.length, ok: outcomes.filter(o => o.status === 'ok').length, failed: outcomes.filter(o => o.status !== 'ok').length, ms: totalMs, nodes: rows});
	else for (const l of summaryTable(rows, totalMs)) println(io.stdout, l);
	if (outcomes.every(o => o.status === 'ok')) return EXIT.ok;
	return outcomes.some(o => o.status === 'no-node') ? EXIT.noNode : EXIT.failure;
}
