/**
 * The console as a person runs it: in a real pty (script(1)) at a given size, measured only
 * from outside — bytes it writes to the terminal, keys typed by this (another) process, CPU
 * and RSS from /proc, and the heap after a full GC through Node's inspector (enabled by
 * NODE_OPTIONS for the measured process only; nothing in the app knows about the bench).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';

export const BIN = path.resolve('bin/mgw-tui.js');
const CLK_TCK = 100;

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const {port} = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export type ProcSample = {cpuMs: number; rssMiB: number; peakMiB: number};

/** CPU time (user + system) and RSS / peak RSS of a process, from /proc. */
export function procSample(pid: number): ProcSample {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
	return {cpuMs, rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024};
}

export type PtyConsole = {
	script: ChildProcess;
	/** The node process inside the pty (found through /proc once it started). */
	pid: () => Promise<number>;
	bytes: () => number;
	/** Everything written to the terminal since the last `take()`. */
	take: () => string;
	/** Type keys (written to the pty by this process). */
	type: (keys: string) => void;
	/** Resolve when the output (since start, or with `fresh` since this call) matches; reject after `ms`. */
	waitFor: (re: RegExp, ms?: number, fresh?: boolean) => Promise<number>;
	/** Resolve with the time of the next write to the terminal (or undefined after `ms`). */
	nextWrite: (ms: number) => Promise<number | undefined>;
	heap?: () => Promise<{heapUsedMiB: number; rssMiB: number}>;
	stop: () => Promise<void>;
};

export async function spawnConsole({home, cols = 80, rows = 24, args = [], inspect = false, pre = '', nodeOptions = ''}: {home: string; cols?: number; rows?: number; args?: string[]; inspect?: boolean; pre?: string; nodeOptions?: string}): Promise<PtyConsole> {
	const port = inspect ? await freePort() : 0;
	const cmd = `stty cols ${cols} rows ${rows}; ${pre}exec ${JSON.stringify(process.execPath)} ${nodeOptions} ${JSON.stringify(BIN)} ${args.map(a => JSON.stringify(a)).join(' ')}`;
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home, TERM: 'xterm-256color'};
	if (inspect) env.NODE_OPTIONS = `--inspect=127.0.0.1:${port}`;
	const script = spawn('script', ['-qfec', cmd, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'ignore']});
	let all = '';
	let since = '';
	let fresh = '';
	let bytes = 0;
	const waiters = new Set<() => void>();
	script.stdout!.on('data', (d: Buffer) => {
		bytes += d.length;
		const s = d.toString('utf8');
		since += s;
		fresh = (fresh + s).slice(-200_000);
		all = (all + s).slice(-200_000);
		for (const w of [...waiters]) w();
	});
	const pid = async () => {
		for (let i = 0; i < 500; i++) {
			try {
				const kids = fs.readFileSync(`/proc/${script.pid}/task/${script.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
				for (const k of kids) if (fs.readlinkSync(`/proc/${k}/exe`) === fs.realpathSync(process.execPath)) return Number(k); // by executable: Node 24 names its main thread MainThread
			} catch {
				// not yet
			}
			await new Promise(r => setTimeout(r, 10));
		}
		throw new Error('console process not found');
	};
	const con: PtyConsole = {
		script,
		pid,
		bytes: () => bytes,
		take: () => {
			const s = since;
			since = '';
			return s;
		},
		type: keys => void script.stdin!.write(keys),
		waitFor: (re, ms = 30_000, onlyNew = false) =>
			new Promise((resolve, reject) => {
				const t0 = performance.now();
				if (onlyNew) fresh = '';
				const check = () => {
					if (re.test(onlyNew ? fresh : all)) {
						waiters.delete(check);
						clearTimeout(timer);
						resolve(performance.now() - t0);
					}
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${re} within ${ms} ms; screen tail: ${JSON.stringify(all.slice(-400))}`));
				}, ms);
				waiters.add(check);
				check();
			}),
		nextWrite: ms =>
			new Promise(resolve => {
				const t0 = performance.now();
				const done = () => {
					waiters.delete(done);
					clearTimeout(timer);
					resolve(performance.now() - t0);
				};
				const timer = setTimeout(() => {
					waiters.delete(done);
					resolve(undefined);
				}, ms);
				waiters.add(done);
			}),
		stop: async () => {
			if (script.exitCode !== null) return;
			const closed = new Promise(r => script.once('close', r));
			script.stdin!.write('q');
			const t = setTimeout(() => script.kill('SIGKILL'), 3000);
			await closed;
			clearTimeout(t);
		},
	};
	if (inspect) con.heap = () => heapAfterGc(port);
	return con;
}

/** Through the inspector: a full GC, then process.memoryUsage() of the measured process. */
export async function heapAfterGc(port: number): Promise<{heapUsedMiB: number; rssMiB: number}> {
	const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {webSocketDebuggerUrl: string}[];
	const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
	await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
	let id = 0;
	const call = (method: string, params: object = {}) =>
		new Promise<{result?: {result?: {value?: unknown}}}>(resolve => {
			const my = ++id;
			const on = (d: WebSocket.RawData) => {
				const m = JSON.parse(String(d));
				if (m.id === my) {
					ws.off('message', on);
					resolve(m);
				}
			};
			ws.on('message', on);
			ws.send(JSON.stringify({id: my, method, params}));
		});
	try {
		await call('HeapProfiler.collectGarbage');
		const r = await call('Runtime.evaluate', {expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true});
		const mu = JSON.parse(String(r.result?.result?.value)) as {heapUsed: number; rss: number};
		return {heapUsedMiB: mu.heapUsed / 2 ** 20, rssMiB: mu.rss / 2 ** 20};
	} finally {
		ws.close();
	}
}

/**
 * Least squares fit of y = a + b·x + c·x² over every sample (repeats of one x included), with
 * the residual standard deviation and the standard error of each coefficient (σ²·(XᵀX)⁻¹): a
 * term is "above noise" only when it is several standard errors from zero.
 */
export function fitQuadratic(xs: number[], ys: number[]): {a: number; b: number; c: number; sd: number; se: {a: number; b: number; c: number}} {
	const S = (p: number) => xs.reduce((s, x) => s + x ** p, 0);
	const T = (p: number) => xs.reduce((s, x, i) => s + x ** p * ys[i]!, 0);
	// [XᵀX | Xᵀy | I] → Gauss-Jordan: the solution and (XᵀX)⁻¹ at once
	const M = [0, 1, 2].map(i => [S(i), S(i + 1), S(i + 2), T(i), ...[0, 1, 2].map(j => (i === j ? 1 : 0))]);
	for (let i = 0; i < 3; i++) {
		const p = M[i]![i]!;
		for (let j = 0; j < 7; j++) M[i]![j]! /= p;
		for (let k = 0; k < 3; k++) {
			if (k === i) continue;
			const f = M[k]![i]!;
			for (let j = 0; j < 7; j++) M[k]![j]! -= f * M[i]![j]!;
		}
	}
	const [a, b, c] = [M[0]![3]!, M[1]![3]!, M[2]![3]!];
	const res = xs.map((x, i) => ys[i]! - (a + b * x + c * x * x));
	const sd = Math.sqrt(res.reduce((s, r) => s + r * r, 0) / Math.max(1, xs.length - 3));
	const se = (i: number) => sd * Math.sqrt(M[i]![4 + i]!);
	return {a, b, c, sd, se: {a: se(0), b: se(1), c: se(2)}};
}

/** Least squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
	const n = xs.length;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
	const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
	return den ? num / den : 0;
}
