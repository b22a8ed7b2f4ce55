import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup.reverse()) await c();
});
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 20_000, slowMs: 60_000, backoff: {baseMs: 50, maxMs: 300}};

async function setup(deltaDelayMs = 30) {
	const gw = await startTestGateway({deltaDelayMs});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.add({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: ['gpu']});
	s.registry.add({name: '书房笔记本', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: ['mac']});
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
	const r = renderAt(<App services={{...s.services(), fleet, dispatcher}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /2 online/.test(frame()), {what: 'online'});
	return {gw, r, frame, dispatcher};
}

test('d, type a task, Enter: the reason for the node, the answer streaming in, done', async () => {
	const {r, frame, gw} = await setup(60);
	await r.press('d');
	await r.type('train a model on the photos');
	// under a saturated CPU a node may be slow enough to count as degraded: the reason says so
	// judged, then routed, and why: the winner, the judgement with its terms and the rule, every candidate with score and terms
	assert.match(frame(), /→ AI电脑: heavy → gpu, tag gpu, 0 running, load 0\.3, \d+ ms,( degraded,)? 1 other eligible/);
	assert.match(frame(), /Judged heavy \(train \+3\) · rule heavy → gpu/);
	const flat = frame().split('\n').map(l => l.replace(/^[║│]|[║│]$/g, '').trim()).join(' ');
	assert.match(flat, /› AI电脑 [\d.]+: heavy → gpu \+50, tag gpu \+40, 0\/16 running, load 0\.3 −12, \d+ ms −[\d.]+(,? degraded −30)? +书房笔记本 −[\d.]+: 0\/16 running, load 0\.3 −12, \d+ ms −[\d.]+(,? degraded −30)? Tab next/, 'wrapped at 80 columns, not cut');
	await r.press(KEY.enter);
	await waitFor(() => /▶ 2 Task log/.test(frame()), {what: 'log focused'});
	assert.match(frame(), /→ AI电脑: heavy → gpu, tag gpu/);
	await waitFor(() => /#\w{6} done: train a model/.test(frame()) && !/✔ done \(/.test(frame()), {what: 'partial streaming text', timeoutMs: 4000}).catch(() => undefined);
	await waitFor(() => /✔ done \(\d+\.\d s\)/.test(frame()), {what: 'done'});
	assert.match(frame(), /AI电脑 #\w{6} done: train a model on the photos/);
	assert.match(frame(), /› #\w{6} AI电脑 ✔ done "train a model on the photos"/);
	const sent = gw.received.find(x => x.method === 'agent')!.params as {message: string};
	assert.equal(sent.message, 'train a model on the photos');
});

test('dialog: multi-line text, a named target, the main session; empty text is refused', async () => {
	const {r, frame, gw} = await setup();
	await r.press('d', KEY.enter);
	assert.match(frame(), /task: type what the agent should do/);
	await r.type('line one');
	await r.press('\n'); // Ctrl-J
	await r.type('line two');
	await r.press(KEY.tab, KEY.right, KEY.right); // target: 书房笔记本
	assert.match(frame(), /Target\s+‹ 书房笔记本 ›/);
	await r.press(KEY.tab, KEY.tab, KEY.right); // session: main
	assert.match(frame(), /Session\s+‹ the agent's main session ›/);
	await r.press(KEY.enter);
	await waitFor(() => /✔ done/.test(frame()), {what: 'done'});
	const sent = gw.received.find(x => x.method === 'agent')!.params as {message: string; sessionKey: string};
	assert.equal(sent.message, 'line one\nline two');
	assert.equal(sent.sessionKey, 'agent:main:main');
	assert.match(frame(), /书房笔记本 #\w{6} → 书房笔记本: chosen by you/);
});

test('log: filter with / (and ! to invert), Enter opens the task with its tool steps, x cancels after a confirm', async () => {
	const {r, frame, gw, dispatcher} = await setup(40);
	await r.press('d');
	await r.type('tool:ls {}');
	await r.press(KEY.enter);
	await waitFor(() => /✔ done/.test(frame()), {what: 'first done'});
	await r.press('/');
	await r.type('ls');
	await r.press(KEY.enter);
	assert.match(frame(), /Task log · follow · \/ls/);
	assert.ok(!/accepted/.test(frame()), 'non-matching lines hidden');
	assert.match(frame(), /⚙ ls start/);
	await r.press('/');
	for (let i = 0; i < 2; i++) await r.press(KEY.backspace);
	await r.type('!⚙');
	await r.press(KEY.enter);
	assert.ok(!/⚙ ls/.test(frame()), 'inverted filter hides tool lines');
	assert.match(frame(), /accepted/);
	await r.press('/');
	await r.type('(');
	await r.press(KEY.enter);
	assert.match(frame(), /filter: bad regex/);
	await r.press(KEY.esc);
	await r.press(KEY.enter);
	await waitFor(() => /Tools\s+\n?/.test(frame()) && /⚙ ls result/.test(frame()), {what: 'task view'});
	assert.match(frame(), /Output/);
	assert.match(frame(), /done: tool ls returned file-a file-b/);
	await r.press(KEY.esc);
	// a long task, cancelled from the log
	gw.opts.deltaDelayMs = 300;
	await r.press('d');
	await r.type('a b c d e f g h i j k l m n o p q r s t');
	await r.press(KEY.enter);
	await waitFor(() => /▶ running/.test(frame()), {what: 'running'});
	await r.press('x');
	assert.match(frame(), /Cancel task #\w{6} on /);
	await r.press('y');
	await waitFor(() => /✖ cancelled/.test(frame()), {what: 'cancelled'});
	assert.ok(gw.received.some(x => x.method === 'chat.abort'));
	assert.equal([...dispatcher.state.tasks.values()].filter(t => t.state === 'cancelled').length, 1);
});

test('read-only: d and x are refused', async () => {
	const gw = await startTestGateway();
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.add({name: 'n', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet, dispatcher: new Dispatcher(fleet, () => s.registry.nodes())}} readonly />, 80, 24);
	cleanup.push(() => r.unmount());
	await r.press('d');
	assert.match(plain(r.frame()), /read-only mode: "dispatch a task" is refused/);
	await r.press('2', 'x');
	assert.match(plain(r.frame()), /read-only mode: "cancel the selected task/);
	assert.equal(gw.received.filter(x => x.method === 'agent').length, 0);
});
