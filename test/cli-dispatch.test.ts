import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {runCli} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';
import {TaskHistory} from '../source/store/task-history.js';
import {LogHistory} from '../source/store/log-history.js';

const stops: (() => unknown)[] = [];
after(async () => {
	for (const s of stops) await s();
});

async function home(tags: string[][] = [['gpu']]) {
	const gw = await startTestGateway({token: 'secret-token-abcdef', deltaDelayMs: 5});
	stops.push(() => gw.stop());
	const dir = tempDir();
	const reg = new Registry(dir);
	tags.forEach((t, i) => reg.add({name: `n${i}`, host: '127.0.0.1', port: gw.port, token: 'secret-token-abcdef', tags: t}));
	return {gw, env: {MGW_TUI_HOME: dir}, reg};
}

test('dispatch: plain text streams the answer; the reason goes to stderr', async () => {
	const {env} = await home();
	const r = await runCli(['dispatch', 'hello'], {env});
	assert.equal(r.code, 0, r.stderr);
	assert.equal(r.stdout, 'done: hello\n');
	assert.match(r.stderr, /^→ n0: light → local, 0 running/, 'a gateway on 127.0.0.1 is this computer: light work stays there');
	// recorded in the console's history: the task and its log lines
	const [t] = new TaskHistory(env.MGW_TUI_HOME).load();
	assert.deepEqual([t?.message, t?.state, t?.text], ['hello', 'done', 'done: hello']);
	assert.ok(new LogHistory(env.MGW_TUI_HOME).load().some(l => /^✔ done/.test(l.text)));
});

test('dispatch --json: NDJSON accepted, delta, tool, final (last), never a token', async () => {
	const {env} = await home();
	const r = await runCli(['dispatch', '--json', '--node', 'n0', 'tool:ls', '{}'], {env});
	assert.equal(r.code, 0, r.stderr);
	const events = r.stdout.trim().split('\n').map(l => JSON.parse(l));
	assert.equal(events[0].event, 'accepted');
	assert.ok(events.some(e => e.event === 'tool' && e.name === 'ls'));
	assert.ok(events.some(e => e.event === 'delta'));
	const last = events.at(-1);
	assert.deepEqual([last.event, last.status, last.text], ['final', 'ok', 'done: tool ls returned file-a file-b']);
	assert.equal(events.filter(e => e.event === 'delta').map(e => e.text).join(''), 'done: tool ls returned file-a file-b');
	assert.ok(!r.stdout.includes('secret-token-abcdef'));
});

test('dispatch: --all broadcasts, stdin message, exit codes 1 / 2 / 3', async () => {
	const {env, gw} = await home([['gpu'], ['mac']]);
	const all = await runCli(['dispatch', '--all', '-'], {env, stdin: 'hi everyone\n'});
	assert.equal(all.code, 0, all.stderr);
	assert.equal(all.stdout, '[n0] done: hi everyone\n[n1] done: hi everyone\n');
	assert.equal((await runCli(['dispatch'], {env})).code, 2);
	assert.equal((await runCli(['dispatch', '--node', 'n0', '--all', 'x'], {env})).code, 2);
	const none = await runCli(['dispatch', '--json', 'needs @windows'], {env});
	assert.equal(none.code, 3);
	assert.deepEqual(JSON.parse(none.stdout.trim()), {event: 'error', message: 'no node has tag @windows'});
	assert.equal((await runCli(['dispatch', '--node', 'nope', 'x'], {env})).code, 3);
	gw.opts.methods = {agent: () => Promise.reject({code: 'INVALID_REQUEST', message: 'invalid agent params: unknown agent id "zzz"'})};
	const failed = await runCli(['dispatch', '--node', 'n0', 'x'], {env});
	assert.equal(failed.code, 1);
	assert.match(failed.stderr, /failed: agent: INVALID_REQUEST invalid agent params/);
});
