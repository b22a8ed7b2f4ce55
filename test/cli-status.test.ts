import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {runCli, runBin, BIN} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';

const servers: {stop(): unknown}[] = [];
after(async () => {
	for (const s of servers) await s.stop();
});

/** A TCP server that accepts and never answers (a hung or firewalled gateway). */
async function blackHole(): Promise<number> {
	const sockets: net.Socket[] = [];
	const srv = net.createServer(s => sockets.push(s)).listen(0, '127.0.0.1');
	await new Promise(r => srv.once('listening', r));
	servers.push({stop: () => (sockets.forEach(s => s.destroy()), new Promise(r => srv.close(r)))});
	return (srv.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
	const srv = net.createServer().listen(0, '127.0.0.1');
	await new Promise(r => srv.once('listening', r));
	const p = (srv.address() as net.AddressInfo).port;
	await new Promise(r => srv.close(r));
	return p;
}

test('status: online, auth failed and unreachable, as a table and as JSON without tokens; exit codes', async () => {
	const gw = await startTestGateway({token: 'right-token-1234'});
	servers.push(gw);
	const home = tempDir();
	const reg = new Registry(home);
	reg.add({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'right-token-1234', tags: []});
	const env = {MGW_TUI_HOME: home};
	const ok = await runCli(['status'], {env});
	assert.equal(ok.code, 0, ok.stderr + ok.stdout);
	assert.match(ok.stdout, /● online\s+AI电脑\s+127\.0\.0\.1:\d+\s+\d+ms\s+2026\.9\.6/);
	reg.add({name: 'wrong', host: '127.0.0.1', port: gw.port, token: 'wrong-token-9999', tags: []});
	reg.add({name: 'off', host: '127.0.0.1', port: await closedPort(), token: 'tok-12345678', tags: []});
	const r = await runCli(['status', '--json', '--timeout', '2000'], {env});
	assert.equal(r.code, 1);
	const rows = JSON.parse(r.stdout);
	assert.deepEqual(
		rows.map((x: {name: string; state: string; code: string | null}) => [x.name, x.state, x.code]),
		[
			['AI电脑', 'online', null],
			['wrong', 'auth-failed', 'AUTH_TOKEN_MISMATCH'],
			['off', 'unreachable', 'ECONNREFUSED'],
		],
	);
	assert.deepEqual(Object.keys(rows[0]).slice(0, 8), ['name', 'host', 'port', 'state', 'rttMs', 'version', 'code', 'nextStep']);
	assert.equal(rows[0].version, '2026.9.6');
	assert.ok(rows[0].rttMs >= 0);
	assert.match(rows[1].nextStep, /token does not match/);
	for (const t of ['right-token-1234', 'wrong-token-9999', 'tok-12345678']) assert.ok(!r.stdout.includes(t));
	const table = await runCli(['status'], {env});
	assert.match(table.stdout, /✖ auth failed\s+wrong/);
	assert.match(table.stdout, /nothing listens on 127\.0\.0\.1:\d+.*\[ECONNREFUSED\]/);
	assert.equal((await runCli(['status', '--timeout', 'soon'], {env})).code, 2);
	assert.equal((await runCli(['status', 'extra'], {env})).code, 2);
});

test('status: 50 nodes with 10 that never answer take about one timeout, not the sum — and the process exits', async () => {
	const gw = await startTestGateway();
	servers.push(gw);
	const home = tempDir();
	const reg = new Registry(home);
	for (let i = 0; i < 40; i++) reg.add({name: `ok-${i}`, host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	for (let i = 0; i < 10; i++) reg.add({name: `hung-${i}`, host: '127.0.0.1', port: await blackHole(), token: 'test-token', tags: []});
	// long enough for 40 healthy probes on a saturated machine; sequential would still take 10 × this
	const timeout = 4000;
	const t0 = Date.now();
	// the built binary in its own process: a probe that leaves a socket open keeps it from exiting
	const r = await runBin(['status', '--json', '--timeout', String(timeout)], {env: {MGW_TUI_HOME: home, HOME: home}, killAfterMs: 8 * timeout});
	const took = Date.now() - t0;
	assert.notEqual(r.signal, 'SIGKILL', `status did not exit by itself; it wrote: ${r.stdout.slice(0, 200)}`);
	const rows = JSON.parse(r.stdout);
	assert.equal(rows.filter((x: {state: string}) => x.state === 'online').length, 40);
	assert.equal(rows.filter((x: {state: string; code: string}) => x.state === 'unreachable' && x.code === 'ETIMEDOUT').length, 10);
	// sequential probing would take ≥ 10 × timeout; concurrent takes about one
	assert.ok(took < 3 * timeout, `took ${took} ms`);
});

test('status into a closed pipe (mgw-tui status | head -1, 2000 nodes): quiet exit, no EPIPE stack trace', async () => {
	const home = tempDir();
	const port = await closedPort();
	const nodes = Array.from({length: 2000}, (_, i) => ({name: `node-${i}`, host: '127.0.0.1', port, tags: []}));
	fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({version: 1, nodes, localOffered: true}));
	const child = spawn(process.execPath, [BIN, 'status', '--timeout', '2000'], {env: {PATH: process.env.PATH, MGW_TUI_HOME: home}, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.on('data', d => (stderr += d));
	let first = '';
	// like head -1: read the first line, then close our end of the pipe
	await new Promise<void>(resolve =>
		child.stdout.on('data', d => {
			first += d;
			if (first.includes('\n')) {
				child.stdout.destroy();
				resolve();
			}
		}),
	);
	const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)));
	assert.match(first, /^STATE\s+NAME\s+HOST/);
	assert.equal(stderr, '', 'nothing on stderr');
	assert.equal(code, 1, 'the exit code the command had (not every node online), not a crash');
});
