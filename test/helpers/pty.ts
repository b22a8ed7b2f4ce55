/**
 * The BUILT console (bin/mgw-tui.js, dist/ built by npm test) in a real pty (script(1)) at
 * 80×24: keys written to the pty, output kept whole, waits on output events with deadlines,
 * every process started killed by PID.
 */
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {tempDir} from './store.js';
import {waitFor} from './wait.js';

export const BIN = path.resolve('bin/mgw-tui.js');
export const WAIT_MS = 20_000;

const noScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).error;
export const skip = noScript ? 'script(1) (util-linux) is not installed: no real pty to run the console in' : false;

/** Colours and other SGR codes out, so "? help" matches however it is styled. */
export const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Process state letter from /proc/PID/stat (R, S, T …), or undefined once it is gone. */
export function stateOf(pid: number): string | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
	} catch {
		return undefined;
	}
}

export function childrenOf(pid: number): number[] {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** Is `pid` running this Node binary? (By its executable: Node 24 names its main thread "MainThread", so /proc/PID/comm is no guide.) */
const NODE_EXE = fs.realpathSync(process.execPath);
const isNode = (pid: number) => {
	try {
		return fs.readlinkSync(`/proc/${pid}/exe`) === NODE_EXE;
	} catch {
		return false;
	}
};

/**
 * The console in a pty: `shell` is what script(1) runs after setting the size (`exec node …`,
 * or node under a waiting shell). Output is kept whole; waits are on output events, each with a
 * deadline; every process started here is killed by PID in stop().
 */
export function startConsole(shell: (node: string) => string, opts: {home?: string; env?: NodeJS.ProcessEnv} = {}) {
	assert.ok(fs.existsSync('dist/mgw-tui.cjs'), 'dist/ is not built: npm run build (npm test builds it first)');
	const home = opts.home ?? tempDir('mgw-pty-');
	const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home, TERM: 'xterm-256color', ...opts.env};
	const script = spawn('script', ['-qfec', `stty cols 80 rows 24; ${shell(node)}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'ignore']});
	let out = '';
	const listeners = new Set<() => void>();
	const poke = () => {
		for (const l of [...listeners]) l();
	};
	script.stdout.on('data', (d: Buffer) => {
		out += d.toString('utf8');
		poke();
	});
	const closed = new Promise<number | null>(resolve => script.once('close', code => (resolve(code), poke())));
	let ended = false;
	void closed.then(() => (ended = true));

	/** Resolve when the output since `from` satisfies `ok`; fail at the deadline or when the console ended first. */
	const waitOutput = (from: number, ok: (s: string) => boolean, what: string) =>
		new Promise<void>((resolve, reject) => {
			const done = (err?: Error) => {
				listeners.delete(check);
				clearTimeout(timer);
				if (err) reject(err);
				else resolve();
			};
			const check = () => {
				if (ok(out.slice(from))) done();
				else if (ended) done(new Error(`the console ended before ${what}; output tail: ${JSON.stringify(out.slice(-400))}`));
			};
			const timer = setTimeout(() => done(new Error(`no ${what} within ${WAIT_MS} ms; output tail: ${JSON.stringify(out.slice(-400))}`)), WAIT_MS);
			listeners.add(check);
			check();
		});

	/** The node process running the console (a descendant of script, found through /proc). */
	const consolePid = () =>
		waitFor(
			() => {
				const queue = childrenOf(script.pid!);
				for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
					if (isNode(pid)) return pid;
					queue.push(...childrenOf(pid));
				}
				return undefined;
			},
			{timeoutMs: WAIT_MS, what: 'the console process in the pty'},
		);

	const started: number[] = [script.pid!];
	return {
		script,
		home,
		mark: () => out.length,
		since: (from: number) => out.slice(from),
		type: (keys: string) => void script.stdin.write(keys),
		waitOutput,
		consolePid: async () => {
			const pid = await consolePid();
			started.push(pid);
			return pid;
		},
		/** Another process of this console's job, to be killed in stop() as well. */
		own: (pid: number) => void started.push(pid),
		/** The exit code script(1) passes on from the console (-e), or a failure at the deadline. */
		exitCode: () => Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the console did not exit within ${WAIT_MS} ms`)), WAIT_MS).unref())]),
		/** Kill what this test started, by PID (a stopped process dies of SIGKILL too). */
		stop: () => {
			for (const pid of [...started].reverse()) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			if (!opts.home) fs.rmSync(home, {recursive: true, force: true});
		},
	};
}
