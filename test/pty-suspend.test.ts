/**
 * Suspend and resume for real: the BUILT console (bin/mgw-tui.js, dist/ built by npm test)
 * in a real pty (script(1)) at 80×24, keys written to the pty, signals sent by this process,
 * the stopped state read from /proc. Ctrl-Z in raw mode reaches the console as a byte (the
 * terminal turns it into SIGTSTP only in cooked mode); `kill -TSTP` is the shell's way.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {waitFor} from './helpers/wait.js';
import {WAIT_MS, childrenOf, plain, skip, startConsole, stateOf} from './helpers/pty.js';

const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
const ALT_OFF = '\u001b[?1049l';
const CTRL_Z = '\u001a';


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
