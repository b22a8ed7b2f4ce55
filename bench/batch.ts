/**
 * Batch over the fleet: 200 short tasks through `mgw-tui dispatch --batch - --json` (the
 * built CLI, a child process) over 3 test gateways (child processes) of different speeds
 * and limits. Makespan against the ideal schedule for those speeds and limits, and — a
 * second run — one gateway killed (SIGKILL) mid-batch: every task must end exactly once,
 * done on one gateway or reported, none run twice.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {idealMakespan} from '../source/core/queue.js';
import {Registry} from '../source/store/registry.js';
import type {Budget} from './lib.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const NODES = [
	{name: 'fast', ms: 400, slots: 4},
	{name: 'mid', ms: 700, slots: 3},
	{name: 'slow', ms: 1000, slots: 2},
];
const TASKS = 200;

type Gw = {child: ChildProcess; port: number; done: string[]; peak: number};

async function startGateway(ms: number, slots: number): Promise<Gw> {
	const child = spawn(process.execPath, [path.join(HERE, 'batch-gateway.js'), String(ms), String(slots)], {stdio: ['ignore', 'pipe', 'inherit']});
	const gw: Gw = {child, port: 0, done: [], peak: 0};
	const lines = readline.createInterface({input: child.stdout!});
	await new Promise<void>((resolve, reject) => {
		child.once('exit', code => reject(new Error(`gateway exited (${code})`)));
		lines.on('line', l => {
			const m = JSON.parse(l) as {port?: number; done?: string; peak?: number};
			if (m.port) {
				gw.port = m.port;
				resolve();
			}
			if (m.done) gw.done.push(m.done);
			if (m.peak) gw.peak = Math.max(gw.peak, m.peak);
		});
	});
	return gw;
}

type Final = {event: 'final'; task: string; line: number; node: string; status: string; at: number};

async function runBatch(kill?: {node: number; afterFinals: number}) {
	const gws = await Promise.all(NODES.map(n => startGateway(n.ms, n.slots)));
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mgw-bench-batch-'));
	const reg = new Registry(home);
	NODES.forEach((n, i) => reg.add({name: n.name, host: '127.0.0.1', port: gws[i]!.port, token: 'bench-token', tags: []}));
	try {
		const cli = spawn(process.execPath, [path.resolve('bin/mgw-tui.js'), 'dispatch', '--batch', '-', '--json', '--give-up', '3000'], {env: {PATH: process.env.PATH, MGW_TUI_HOME: home}, stdio: ['pipe', 'pipe', 'inherit']});
		cli.stdin!.end(Array.from({length: TASKS}, (_, i) => `short task ${i}`).join('\n') + '\n');
		const events: Record<string, unknown>[] = [];
		let finals = 0;
		let killedAt: number | undefined;
		const lines = readline.createInterface({input: cli.stdout!});
		lines.on('line', l => {
			const e = JSON.parse(l) as Record<string, unknown>;
			events.push(e);
			if (e.event === 'final') finals++;
			if (kill && killedAt === undefined && finals >= kill.afterFinals) {
				killedAt = e.at as number;
				gws[kill.node]!.child.kill('SIGKILL');
			}
		});
		const code = await new Promise<number>(resolve => cli.once('close', c => resolve(c ?? -1)));
		await new Promise(r => setTimeout(r, 50)); // the gateways' last "done" lines
		return {code, events, gws, killedAt};
	} finally {
		for (const g of gws) g.child.kill('SIGKILL');
	}
}

export async function batchBench(): Promise<Budget[]> {
	const out: Budget[] = [];
	const ideal = idealMakespan(TASKS, NODES);
	{
		const {code, events, gws} = await runBatch();
		const finals = events.filter(e => e.event === 'final') as Final[];
		const start = Math.min(...events.filter(e => e.event === 'started').map(e => e.at as number));
		const makespan = Math.max(...finals.map(f => f.at)) - start;
		const ok = finals.filter(f => f.status === 'ok').length;
		const per = NODES.map((n, i) => `${n.name} ${finals.filter(f => f.node === n.name).length} (peak ${gws[i]!.peak}/${n.slots})`).join(', ');
		const ratio = makespan / ideal;
		const limitsHeld = NODES.every((n, i) => gws[i]!.peak <= n.slots);
		out.push({
			name: `batch: ${TASKS} tasks, 3 nodes (${NODES.map(n => `${n.ms} ms×${n.slots}`).join(', ')}), makespan vs ideal`,
			measured: `${(makespan / 1000).toFixed(2)} s vs ${(ideal / 1000).toFixed(2)} s = ${ratio.toFixed(3)}× (${ok}/${TASKS} ok, exit ${code}; ${per})`,
			budget: '≤ 1.15×, all ok, limits held',
			pass: ratio <= 1.15 && ok === TASKS && code === 0 && limitsHeld,
			details: {makespanMs: makespan, idealMs: ideal, ok, code},
		});
	}
	{
		const {code, events, gws, killedAt} = await runBatch({node: 1, afterFinals: 60});
		const finals = events.filter(e => e.event === 'final') as Final[];
		const lines = new Set(finals.map(f => f.line));
		const completed = gws.flatMap(g => g.done);
		const twice = completed.length - new Set(completed).size;
		const ok = finals.filter(f => f.status === 'ok');
		const reported = finals.filter(f => f.status !== 'ok');
		const okRanOnce = ok.every(f => completed.filter(id => id === f.task).length === 1);
		const resentAfterKill = events.filter(e => e.event === 'started' && e.node === 'mid' && (e.at as number) > (killedAt ?? Infinity) + 50).length;
		const moved = events.filter(e => e.event === 'moved').length;
		const pass = finals.length === TASKS && lines.size === TASKS && twice === 0 && okRanOnce && reported.every(f => f.node === 'mid' && f.status === 'lost') && resentAfterKill === 0 && code === 1;
		out.push({
			name: 'batch: one node killed mid-batch — lost or run twice',
			measured: `${TASKS - lines.size} lost, ${twice} run twice; ${ok.length} done once, ${reported.length} accepted by the killed node reported "lost", ${moved} moved, exit ${code}`,
			budget: '0 lost, 0 twice, only the killed node’s accepted runs reported',
			pass,
			details: {finals: finals.length, twice, reported: reported.length, resentAfterKill, code},
		});
	}
	return out;
}
