/**
 * Suspend and resume for real: the BUILT console (bin/mgw-tui.js, dist/ built by npm test)
 * in a real pty (script(1)) at 80×24, keys written to the pty, signals sent by this process,
 * the stopped state read from /proc. Ctrl-Z in raw mode reaches the console as a byte (the
 * terminal turns it into SIGTSTP only in cooked mode); `kill -TSTP` is the shell's way.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {tempDir} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const BIN = path.resolve('bin/mgw-tui.js');
const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
const ALT_OFF = '\u001b[?1049l';
const CTRL_Z = '\u001a';
const WAIT_MS = 20_000;

const noScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).error;
const skip = noScript ? 'script(1) (util-linux) is not installed: no real pty to run the console in' : false;

/** Colours and other SGR codes out, so "? help" matches however it is styled. */
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** Process state letter from /proc/PID/stat (R, S, T …), or undefined once it is gone. */
function stateOf(pid: number): string | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
	} catch {
		return undefined;
	}
}

function childrenOf(pid: number): number[] {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

const commOf = (pid: number) => {
	try {
		return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return '';
	}
};

/**
 * The console in a pty: `shell` is what script(1) runs after setting the size (`exec node …`,
 * or node under a waiting shell). Output is kept whole; waits are on output events, each with a
 * deadline; every process started here is killed by PID in stop().
 */
function startConsole(shell: (node: string) => string) {
	assert.ok(fs.existsSync('dist/mgw-tui.js'), 'dist/ is not built: npm run build (npm test builds it first)');
	const home = tempDir('mgw-pty-');
	const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home, TERM: 'xterm-256color'};
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
					if (commOf(pid) === 'node') return pid;
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
			fs.rmSync(home, {recursive: true, force: true});
		},
	};
}

type Console = ReturnType<typeof startConsole>;

/** The first frame is up and keys reach the console one by one (raw mode): `?` opens help, Esc closes it. */
async function ready(c: Console) {
	await c.waitOutput(0, s => plain(s).includes('? help'), 'first frame (footer "? help")');
	let from = c.mark();
	c.type('?');
	await c.waitOutput(from, s => plain(s).includes('Help · '), 'help after "?" (raw mode on)');
	from = c.mark();
	c.type('\u001b');
	await c.waitOutput(from, s => plain(s).includes('? help'), 'the footer again after Esc');
}

/** Stopped: every process of the job in state 'T' in /proc. */
async function assertStopped(pids: number[]) {
	for (const pid of pids) await waitFor(() => stateOf(pid) === 'T', {timeoutMs: WAIT_MS, what: `process ${pid} stopped (state T; now ${stateOf(pid)})`});
}

/**
 * Continue the stopped console (`cont`: SIGCONT to it, or to its job's process group), then
 * check, in the order the console wrote it, that since `from` (the Ctrl-Z or the SIGTSTP) it
 * gave the terminal back — bracketed paste off, alternate screen off — and after SIGCONT took
 * it again: bracketed paste on and the whole frame redrawn (footer "? help"); and that it runs.
 *
 * script(1) takes part: util-linux's script stops itself when its child stops by SIGSTOP
 * ("child stop by SIGSTOP -- stop parent too"), so that the shell around it sees the job stop,
 * and continues the child when it is continued itself (a shell's fg). While it is stopped
 * nothing the console writes reaches us, so it is continued too once it has stopped; a script
 * that does not do this has relayed the redraw by then.
 */
async function assertResumes(c: Console, from: number, pid: number, cont: () => void) {
	cont();
	const resumed = () => c.since(from).includes(PASTE_ON);
	await waitFor(() => stateOf(c.script.pid!) === 'T' || resumed(), {timeoutMs: WAIT_MS, what: 'script(1) stopped with its child, or the console redrawing'});
	if (stateOf(c.script.pid!) === 'T') process.kill(c.script.pid!, 'SIGCONT');
	await c.waitOutput(from, s => s.includes(PASTE_ON) && plain(s.slice(s.indexOf(PASTE_ON))).includes('? help'), 'bracketed paste on and the frame redrawn (footer "? help")');
	const out = c.since(from);
	const on = out.indexOf(PASTE_ON);
	assert.ok(out.lastIndexOf(PASTE_OFF, on) >= 0, 'bracketed paste off while suspended (before it is on again)');
	assert.ok(out.lastIndexOf(ALT_OFF, on) >= 0, 'alternate screen off while suspended (before it is on again)');
	await waitFor(() => stateOf(pid) !== 'T', {timeoutMs: WAIT_MS, what: 'the console running again'});
}

/** `q` quits: exit code 0, the terminal restored on the way out. */
async function assertQuits(c: Console) {
	const from = c.mark();
	c.type('q');
	assert.equal(await c.exitCode(), 0, 'the console exits with 0');
	assert.ok(c.since(from).includes(PASTE_OFF), 'bracketed paste off on exit');
}

test('Ctrl-Z in the console (raw mode) suspends it: terminal given back, process stopped; SIGCONT redraws it; q exits 0', {skip, timeout: 120_000}, async () => {
	const c = startConsole(node => `exec ${node}`);
	try {
		const pid = await c.consolePid();
		await ready(c);
		const from = c.mark();
		c.type(CTRL_Z);
		await assertStopped([pid]);
		await assertResumes(c, from, pid, () => process.kill(pid, 'SIGCONT'));
		await assertQuits(c);
	} finally {
		c.stop();
	}
});

test('kill -TSTP from outside suspends the console the same way; SIGCONT redraws it; q exits 0', {skip, timeout: 120_000}, async () => {
	const c = startConsole(node => `exec ${node}`);
	try {
		const pid = await c.consolePid();
		await ready(c);
		const from = c.mark();
		process.kill(pid, 'SIGTSTP');
		await assertStopped([pid]);
		await assertResumes(c, from, pid, () => process.kill(pid, 'SIGCONT'));
		await assertQuits(c);
	} finally {
		c.stop();
	}
});

test('Ctrl-Z stops the whole job, as a terminal would: a shell waiting for the console (npx, npm start) stops too; SIGCONT to the group (fg) resumes both', {skip, timeout: 120_000}, async () => {
	// not exec'd: the shell waits for node, in the same process group
	const c = startConsole(node => `${node}; exit $?`);
	try {
		const pid = await c.consolePid();
		const [wrapper] = childrenOf(c.script.pid!);
		assert.ok(wrapper && wrapper !== pid && childrenOf(wrapper).includes(pid), 'node runs under a shell');
		c.own(wrapper);
		await ready(c);
		const from = c.mark();
		c.type(CTRL_Z);
		await assertStopped([pid, wrapper]);
		// what a shell's fg does: SIGCONT to the job's process group (the wrapper leads it)
		await assertResumes(c, from, pid, () => process.kill(-wrapper, 'SIGCONT'));
		await waitFor(() => stateOf(wrapper) !== 'T', {timeoutMs: WAIT_MS, what: 'the wrapper running again'});
		await assertQuits(c);
	} finally {
		c.stop();
	}
});
