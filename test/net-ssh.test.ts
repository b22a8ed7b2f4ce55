import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {NodeConnection} from '../source/net/node-connection.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {liveTunnels, sshArgv} from '../source/net/ssh-tunnel.js';
import {probeNode} from '../source/net/probe-node.js';
import {freeLocalPort as freePort} from '../source/net/ssh-tunnel.js';
import {nextStep, type NodeStatus} from '../source/core/node-state.js';
import {classifySshStderr, splitCommand} from '../source/core/ssh-classify.js';
import {waitFor} from './helpers/wait.js';
import {tempDir} from './helpers/store.js';

const FAKE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'fake-ssh.mjs');
const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0)) await o.stop();
});
const track = <T extends {stop(): unknown}>(o: T): T => (open.push(o), o);
const TOKEN = 'ssh-route-token-0123456789';

function fakeEnv() {
	const log = path.join(tempDir(), 'ssh.log');
	return {log, env: {PATH: process.env.PATH, MGW_TUI_SSH_COMMAND: `'${process.execPath}' ${FAKE}`, FAKE_SSH_LOG: log, MGW_TUI_TOKEN: TOKEN}};
}
/** The fake ssh's starts so far: complete lines only (a start being written is seen on the next look). */
const starts = (log: string) =>
	fs.existsSync(log)
		? fs
				.readFileSync(log, 'utf8')
				.split('\n')
				.slice(0, -1)
				.map(l => JSON.parse(l) as {pid: number; argv: string[]; env: string[]})
		: [];
const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 300}, pairingRetryMs: 100, authRetryMs: 200};
const statusOf = (conn: NodeConnection, pred: (s: NodeStatus) => boolean) => waitFor(() => (pred(conn.status) ? conn.status : undefined), {timeoutMs: 15_000, what: 'status'});

test('ssh argv: -N -L to a free local port, BatchMode, ExitOnForwardFailure, ServerAlive, "--" before the target; MGW_TUI_SSH_COMMAND split like a shell word list', () => {
	const a = sshArgv('root@10.0.0.2:2222', 40001, '127.0.0.1', 18791, {MGW_TUI_SSH_COMMAND: `ssh -F '/tmp/my lab/config'`});
	assert.deepEqual(a, ['ssh', '-F', '/tmp/my lab/config', '-N', '-L', '127.0.0.1:40001:127.0.0.1:18791', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-o', 'ConnectTimeout=10', '--', 'ssh://root@10.0.0.2:2222']);
	assert.throws(() => sshArgv('-oProxyCommand=sh', 1, '127.0.0.1', 2, {}), /starts with "-"/);
	assert.deepEqual(splitCommand(`a "b c" d\\ e 'f"g'`), ['a', 'b c', 'd e', 'f"g']);
	assert.ok('error' in (splitCommand(`ssh "unclosed`) as object));
});

test('ssh stderr classified: host key unknown/changed, permission denied, refused, timed out, nothing on the remote port, port busy', () => {
	const cases: [string, string][] = [
		['Host key verification failed.', 'SSH_HOST_KEY_UNKNOWN'],
		['@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @\nHost key verification failed.', 'SSH_HOST_KEY_CHANGED'],
		['root@x: Permission denied (publickey).', 'SSH_AUTH'],
		['ssh: connect to host 10.0.0.2 port 22: Connection refused', 'SSH_REFUSED'],
		['ssh: connect to host 10.0.0.2 port 22: Connection timed out', 'SSH_TIMEOUT'],
		['ssh: Could not resolve hostname nas: Name or service not known', 'SSH_NO_HOST'],
		['channel 2: open failed: connect failed: Connection refused', 'SSH_NO_GATEWAY'],
		['bind [127.0.0.1]:4000: Address already in use', 'SSH_PORT_BUSY'],
	];
	for (const [text, code] of cases) assert.equal(classifySshStderr(text), code, text);
});

test('ssh route: online through the tunnel; no secret in the ssh argv or env; removing the node kills ssh by PID', async () => {
	const gw = track(await startTestGateway({token: TOKEN}));
	const {log, env} = fakeEnv();
	const conn = new NodeConnection({name: 'lo', host: '127.0.0.1', port: gw.port, token: TOKEN, ssh: 'root@ok'}, memoryCredentials(), {...fast, env});
	conn.start();
	try {
		await statusOf(conn, s => s.state === 'online');
		const [first] = starts(log);
		assert.ok(first);
		assert.ok(!first.argv.join(' ').includes(TOKEN), 'token not in argv');
		assert.ok(!first.env.includes('MGW_TUI_TOKEN'), 'token not in the ssh environment');
		assert.ok(alive(first.pid));
	} finally {
		await conn.stop();
	}
	for (const s of starts(log)) assert.equal(alive(s.pid), false, `ssh ${s.pid} outlived its node`);
	assert.equal(liveTunnels(), 0);
});

test('ssh route failures become states with next steps, and the supervisor restarts with backoff', async () => {
	const {log, env} = fakeEnv();
	const expect: [string, string, RegExp][] = [
		['hostkey', 'SSH_HOST_KEY_UNKNOWN', /run ssh hostkey once in a terminal/],
		['me@changed', 'SSH_HOST_KEY_CHANGED', /CHANGED/],
		['root@denied', 'SSH_AUTH', /ssh-copy-id root@denied/],
		['refused', 'SSH_REFUSED', /start sshd there/],
		['timeout', 'SSH_TIMEOUT', /check the computer is on/],
	];
	await Promise.all(
		expect.map(async ([target, code, step]) => {
			const n = {name: target, host: '127.0.0.1', port: 18789, token: TOKEN, ssh: target};
			const conn = new NodeConnection(n, memoryCredentials(), {...fast, env});
			conn.start();
			try {
				const s = await statusOf(conn, st => st.state === 'ssh-failed');
				assert.equal(s.code, code, target);
				assert.match(nextStep(s, n), step);
				// supervised: it tries again
				await waitFor(() => starts(log).filter(x => x.argv.at(-1) === target).length >= 2 || undefined, {timeoutMs: 10_000, what: `restart of ${target}`});
			} finally {
				await conn.stop();
			}
		}),
	);
	assert.equal(liveTunnels(), 0);
});

test('ssh up but nothing listens on the remote gateway port: "nothing listens on 127.0.0.1:PORT on TARGET"; status --json style probe too', async () => {
	const {env} = fakeEnv();
	const port = await freePort();
	const n = {name: 'lo', host: '127.0.0.1', port, token: TOKEN, ssh: 'ok'};
	const conn = new NodeConnection(n, memoryCredentials(), {...fast, env});
	conn.start();
	try {
		const s = await statusOf(conn, st => st.state === 'ssh-failed');
		assert.equal(s.code, 'SSH_NO_GATEWAY');
		assert.match(nextStep(s, n), new RegExp(`nothing listens on 127\\.0\\.0\\.1:${port} on ok; start the gateway there \\(bind "loopback" is enough\\)`));
	} finally {
		await conn.stop();
	}
	const p = await probeNode(n, memoryCredentials(), {timeoutMs: 4000, env});
	assert.equal(p.code, 'SSH_NO_GATEWAY');
	assert.equal(liveTunnels(), 0, 'the one-shot probe stopped its tunnel');
});
