/** Dispatch against a REAL OpenClaw 2026.9.6 gateway (fake model echoes "done: <prompt>"). Never skipped. */
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {startRealGateway, type RealGateway} from './gateway.js';
import {waitFor} from '../helpers/wait.js';
import {tempDir, tempStore} from '../helpers/store.js';
import {runCli} from '../helpers/cli.js';
import {Registry} from '../../source/store/registry.js';
import {Fleet} from '../../source/net/fleet.js';
import {Dispatcher} from '../../source/net/dispatcher.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {connectNode} from '../../source/net/connect.js';
import {TaskHistory} from '../../source/store/task-history.js';
import {App} from '../../source/ui/App.js';
import {renderAt, KEY, plain} from '../helpers/render-at.js';

let gw: RealGateway;
const cleanup: (() => unknown)[] = [];
before(async () => {
	gw = await startRealGateway();
});
after(async () => {
	for (const c of cleanup.reverse()) await c();
	await gw?.stop();
});
const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}};

async function setup(creds = memoryCredentials()) {
	const fleet = new Fleet(creds, fast);
	cleanup.push(() => fleet.stop());
	const nodes = [{name: 'real', tags: ['gpu']}];
	fleet.sync([{name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token}]);
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'online', timeoutMs: 20_000});
	return {fleet, d: new Dispatcher(fleet, () => nodes)};
}

test('real gateway: dispatch "hello" from the console at 80×24 — reason, streaming, final "done: hello"', async () => {
	const s = tempStore();
	s.registry.add({name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token, tags: ['gpu']});
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
	const r = renderAt(<App services={{...s.services(), fleet, dispatcher}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /● online\s+real/.test(frame()) && fleet.statuses().real?.system, {what: 'online with its first system.info (load)', timeoutMs: 20_000});
	const texts = new Set<string>();
	dispatcher.on('change', () => {
		for (const t of dispatcher.state.tasks.values()) texts.add(t.text);
	});
	await r.press('d');
	await r.type('hello');
	assert.match(frame(), /→ real: 0 running, load \d+\.\d, \d+ ms/);
	await r.press(KEY.enter);
	await waitFor(() => /✔ done \(\d+\.\d s\)/.test(frame()), {what: 'done', timeoutMs: 60_000});
	assert.match(frame(), /real #\w{6} done: hello/);
	assert.ok(texts.has('done:'), `streamed in pieces: ${[...texts].join(' | ')}`);
	const t = [...dispatcher.state.tasks.values()][0]!;
	assert.equal(t.text, 'done: hello');
	assert.equal(t.state, 'done');
});

test('real gateway: a tool run (tool:ls {}) shows its tool steps', async () => {
	const {d} = await setup();
	const r = await d.dispatch({message: 'tool:ls {}', target: {kind: 'auto'}});
	assert.ok(r.ok);
	await waitFor(() => ['done', 'failed'].includes(d.state.tasks.get(r.ids[0]!)!.state), {what: 'finished', timeoutMs: 60_000});
	const t = d.state.tasks.get(r.ids[0]!)!;
	assert.equal(t.state, 'done', t.error);
	assert.ok(t.tools.some(s => s.name === 'ls'), JSON.stringify(t.tools));
	assert.match(t.text, /^done: tool ls returned/);
});

test('real gateway: a run started by another client shows up as external', async () => {
	const {d} = await setup();
	const other = await connectNode({name: 'other', host: '127.0.0.1', port: gw.port, token: gw.token}, memoryCredentials(), {version: '0.1.0'});
	try {
		await other.client.request('agent', {message: 'from elsewhere', sessionKey: 'agent:main:elsewhere', idempotencyKey: 'ext-' + Date.now(), deliver: false}, {expectFinal: true, timeoutMs: 60_000});
	} finally {
		other.client.close();
	}
	const ext = await waitFor(() => [...d.state.tasks.values()].find(t => t.external), {what: 'external task', timeoutMs: 10_000});
	assert.equal(ext.node, 'real');
	await waitFor(() => ext.text === 'done: from elsewhere', {what: 'external text', timeoutMs: 10_000});
});

test('real gateway: cancel a run with chat.abort', async () => {
	const {d} = await setup();
	const r = await d.dispatch({message: 'tool:exec {"command":"sleep 8"}', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => d.state.tasks.get(id)!.tools.length > 0, {what: 'tool started', timeoutMs: 60_000});
	const t0 = Date.now();
	assert.equal(await d.cancel(id), undefined);
	await waitFor(() => ['cancelled', 'done', 'failed'].includes(d.state.tasks.get(id)!.state), {what: 'ended', timeoutMs: 30_000});
	assert.ok(Date.now() - t0 < 7000, `ended ${Date.now() - t0} ms after the cancel, not after the 8 s command`);
	assert.equal(d.state.tasks.get(id)!.state, 'cancelled', JSON.stringify(d.state.tasks.get(id)));
});

test('real gateway: the console restarts mid-run (SSH dropped) and re-attaches the task with agent.wait', async () => {
	const dir = tempDir();
	const history = new TaskHistory(dir);
	const first = await setup();
	first.d.on('persist', t => history.append(t));
	const r = await first.d.dispatch({message: 'tool:exec {"command":"sleep 3"}', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => first.d.state.tasks.get(id)!.state === 'running', {what: 'running', timeoutMs: 30_000});
	void first.fleet.stop();
	const second = await setup();
	second.d.restore(new TaskHistory(dir).load());
	await waitFor(() => second.d.state.tasks.get(id)?.state === 'done', {what: 're-attached and done', timeoutMs: 60_000});
	assert.match(second.d.state.tasks.get(id)!.text, /done: tool exec returned/);
});

test('real gateway: the link drops mid-run; the task shows reconnecting, then completes with the real final text', async () => {
	const {d, fleet} = await setup();
	const r = await d.dispatch({message: 'tool:exec {"command":"sleep 3"}', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => d.state.tasks.get(id)!.state === 'running', {what: 'running', timeoutMs: 30_000});
	const states: string[] = [];
	d.on('change', () => states.push(d.state.tasks.get(id)!.state));
	fleet.connection('real')!.client!.close(); // the link goes away under the run
	await waitFor(() => d.state.tasks.get(id)!.state === 'done', {what: 'done after reconnect', timeoutMs: 60_000});
	assert.ok(states.includes('reconnecting'), states.join(','));
	assert.match(d.state.tasks.get(id)!.text, /done: tool exec returned/);
});

test('real gateway: mgw-tui dispatch --json streams NDJSON ending in final', async () => {
	const home = tempDir();
	new Registry(home).add({name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token, tags: []});
	const r = await runCli(['dispatch', '--json', 'hello'], {env: {MGW_TUI_HOME: home}});
	assert.equal(r.code, 0, r.stderr + r.stdout);
	const ev = r.stdout.trim().split('\n').map(l => JSON.parse(l));
	assert.equal(ev[0].event, 'accepted');
	assert.ok(ev.some(e => e.event === 'delta'));
	assert.deepEqual([ev.at(-1).event, ev.at(-1).text], ['final', 'done: hello']);
	assert.ok(!r.stdout.includes(gw.token));
});

test('real gateway: killed (kill -9) mid-run and restarted on the same port and state dir — runs end as lost (console and dispatch), by themselves', async () => {
	const home = tempDir();
	new Registry(home).add({name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token, tags: []});
	const {d, fleet} = await setup();
	const cli = runCli(['dispatch', '--json', 'tool:exec {"command":"sleep 30"}'], {env: {MGW_TUI_HOME: home}});
	const r = await d.dispatch({message: 'tool:exec {"command":"sleep 30"}', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => d.state.tasks.get(id)!.tools.length > 0 && (fleet.statuses().real?.activeRuns ?? 0) >= 2, {what: 'both runs going (console and dispatch)', timeoutMs: 90_000});
	await gw.killGateway();
	await waitFor(() => d.state.tasks.get(id)!.state === 'reconnecting', {what: 'reconnecting'});
	await gw.startGateway();
	await waitFor(() => d.state.tasks.get(id)!.state === 'lost', {what: 'lost in the console', timeoutMs: 90_000});
	assert.match(d.state.tasks.get(id)!.error!, /no longer knows this run/);
	const out = await cli;
	const ev = out.stdout.trim().split('\n').map(l => JSON.parse(l));
	assert.equal(out.code, 1, out.stdout + out.stderr);
	assert.deepEqual([ev.at(-1).event, ev.at(-1).status], ['final', 'lost'], out.stdout);
	assert.match(ev.at(-1).error, /no longer knows this run/);
});
