import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {startTestGateway, type TestGatewayOptions} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {runCli} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';

const stops: (() => unknown)[] = [];
after(async () => {
	for (const s of stops) await s();
});

async function home(opts: TestGatewayOptions[], tags: string[][] = []) {
	const dir = tempDir();
	const reg = new Registry(dir);
	const gws = [];
	for (const [i, o] of opts.entries()) {
		const gw = await startTestGateway({token: 'secret-token-abcdef', deltaDelayMs: 5, ...o});
		stops.push(() => gw.stop());
		gws.push(gw);
		reg.add({name: `n${i}`, host: '127.0.0.1', port: gw.port, token: 'secret-token-abcdef', tags: tags[i] ?? []});
	}
	return {gws, env: {MGW_TUI_HOME: dir}, dir};
}

test('dispatch --batch: bad lines are reported as FILE:LINE: reason and nothing is sent', async () => {
	const {gws, env, dir} = await home([{}]);
	const file = path.join(dir, 'tasks.jsonl');
	fs.writeFileSync(file, 'fine line\n{"task": 3}\n\n{oops\n');
	const r = await runCli(['dispatch', '--batch', file], {env});
	assert.equal(r.code, 2);
	assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: task: `));
	assert.match(r.stderr, /:4: not valid JSON/);
	assert.match(r.stderr, /2 bad lines; nothing was sent/);
	assert.ok(!gws[0]!.received.some(x => x.method === 'agent'));
	const unknown = await runCli(['dispatch', '--batch', '-'], {env, stdin: '{"task": "x", "node": "nope"}\n'});
	assert.equal(unknown.code, 2);
	assert.match(unknown.stderr, /\(stdin\):1: no node named "nope"/);
	const mixed = await runCli(['dispatch', '--batch', file, '--node', 'n0'], {env});
	assert.equal(mixed.code, 2);
});

test('dispatch --batch --json: spread over the nodes within their limits, NDJSON progress, summary last, exit 0', async () => {
	const {gws, env} = await home([{runMs: 80, maxConcurrent: 2}, {runMs: 80, maxConcurrent: 1}], [[], ['gpu']]);
	const lines = [...Array.from({length: 8}, (_, i) => `task ${i}`), '{"task": "render it", "tags": ["gpu"]}', '{"task": "pinned", "node": "n0", "agent": "coder"}'];
	const r = await runCli(['dispatch', '--batch', '-', '--json'], {env, stdin: lines.join('\n')});
	assert.equal(r.code, 0, r.stderr + r.stdout);
	const ev = r.stdout.trim().split('\n').map(l => JSON.parse(l));
	const last = ev.at(-1);
	assert.equal(last.event, 'summary');
	assert.deepEqual([last.tasks, last.ok, last.failed], [10, 10, 0]);
	const finals = ev.filter(e => e.event === 'final');
	assert.equal(finals.length, 10);
	assert.deepEqual(finals.map(f => f.line).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	for (const f of finals) assert.equal(f.text, `done: ${lines[f.line - 1]!.startsWith('{') ? JSON.parse(lines[f.line - 1]!).task : lines[f.line - 1]}`);
	assert.equal(finals.find(f => f.line === 9).node, 'n1', 'tags on a line are required');
	assert.equal(finals.find(f => f.line === 10).node, 'n0');
	assert.ok(ev.some(e => e.event === 'queued'), 'more tasks than slots: some waited');
	assert.ok(new Set(finals.map(f => f.node)).size === 2, 'both nodes worked');
	assert.ok(gws[0]!.peakPlaying <= 2 && gws[1]!.peakPlaying <= 1, 'limits held');
	const pinned = gws[0]!.received.find(x => x.method === 'agent' && (x.params as {message: string}).message === 'pinned')!.params as {sessionKey: string};
	assert.match(pinned.sessionKey, /^agent:coder:/);
	assert.ok(!r.stdout.includes('secret-token'), 'no token in the NDJSON');
});

test('dispatch --batch plain: a line per task and the summary table; a task no node can take → exit 3', async () => {
	const {env} = await home([{}]);
	const r = await runCli(['dispatch', '--batch', '-'], {env, stdin: 'one\n{"task": "two", "tags": ["mac"]}\n'});
	assert.equal(r.code, 3, r.stderr);
	assert.match(r.stdout, /^✔ line 1 n0 \d+\.\d s done: one$/m);
	assert.match(r.stdout, /^✖ line 2 — no-node: no node has tag @mac$/m);
	assert.match(r.stdout, /^NODE\s+TASKS\s+OK\s+FAILED\s+AVG RUN$/m);
	assert.match(r.stdout, /^n0\s+1\s+1\s+0\s+\d+\.\d s$/m);
	assert.match(r.stdout, /^all\s+2\s+1\s+1\s+in \d+\.\d s$/m);
});

test('routing: shows the rules, judge and limits; set changes them; bad input is a usage error naming what is wrong', async () => {
	const {env} = await home([{}]);
	const show = await runCli(['routing'], {env});
	assert.equal(show.code, 0);
	assert.match(show.stdout, /^light → local · medium → any · heavy → gpu · judge local\nlimit n0: the gateway's/);
	assert.equal((await runCli(['routing', 'set', 'heavy', 'tag:cuda'], {env})).code, 0);
	assert.equal((await runCli(['routing', 'set', 'judge', 'off'], {env})).code, 0);
	assert.equal((await runCli(['routing', 'set', 'limit', 'n0', '3'], {env})).code, 0);
	const json = JSON.parse((await runCli(['routing', '--json'], {env})).stdout);
	assert.deepEqual(json, {rules: {light: 'local', medium: 'any', heavy: 'tag:cuda'}, judge: null, judgeTimeoutMs: 15_000, limits: {n0: 3}});
	const bad = await runCli(['routing', 'set', 'limit', 'n0', 'lots'], {env});
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /limit: "lots" is not a whole number from 1 to 1000/);
	const unknown = await runCli(['routing', 'set', 'limit', 'zz', '2'], {env});
	assert.equal(unknown.code, 1);
	assert.match(unknown.stderr, /limit: no node named "zz"/);
});
