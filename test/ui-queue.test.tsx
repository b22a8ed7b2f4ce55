/** The queue and batches in the console at 80×24: :batch FILE with a progress line per node, K/J reorder, x cancels a queued task, :route. */
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {dispatchNodes} from '../source/cli/dispatch-nodes.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup.reverse()) await c();
});
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 300}};

async function setup() {
	const gw = await startTestGateway({runMs: 700, maxConcurrent: 1});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.add({name: 'n0', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => dispatchNodes(s.registry), {routing: () => s.registry.settings().routing});
	const r = renderAt(<App services={{...s.services(), fleet, dispatcher}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	// the message line wraps at 80 columns: read it joined
	const said = () => frame().split('\n').slice(-4).join('');
	await waitFor(() => /1 online/.test(frame()) && dispatcher.candidates()[0]!.limit === 1, {what: 'online, limit 1 from the gateway'});
	const command = async (line: string) => {
		await r.press(':');
		await r.type(line);
		await r.press(KEY.enter);
	};
	return {gw, r, frame, said, dispatcher, command, dir: s.dir, registry: s.registry};
}

test(':batch FILE: a progress line per node, the rest queued; K moves a queued task earlier, x takes one off the queue', async () => {
	const {r, frame, dispatcher, command, dir, gw} = await setup();
	const file = path.join(dir, 'jobs.txt');
	fs.writeFileSync(file, 'first job\nsecond job\nthird job\n');
	await command(`batch ${file}`);
	await waitFor(() => /3 tasks — 1 started, 2 queued/.test(frame()), {what: 'batch message'});
	assert.match(frame(), /batch .*jobs\.txt: 0\/3 finished · ⏸ 2 queued/);
	assert.match(frame(), /n0: ▶ 1 running · ✔ 0 done/);
	assert.match(frame(), /⏸ queued: every eligible node is at its limit/);
	const ids = [...dispatcher.state.order];
	// select the third task (queued), move it before the second
	await r.press(KEY.up);
	await waitFor(() => /› #\w{6} — ⏸ queued "third job"/.test(frame()), {what: 'third selected'});
	await r.press('K');
	await waitFor(() => /moved earlier in the queue/.test(frame()), {what: 'moved'});
	assert.deepEqual(dispatcher.queue().map(e => e.message), ['third job', 'second job']);
	await r.press('K');
	await waitFor(() => /already first in the queue/.test(frame()), {what: 'already first'});
	// the second job: off the queue
	await r.press(KEY.up);
	await waitFor(() => /› #\w{6} — ⏸ queued "second job"/.test(frame()), {what: 'second selected'});
	await r.press('x');
	await waitFor(() => /Cancel task/.test(frame()), {what: 'confirm'});
	await r.press('y');
	await waitFor(() => dispatcher.state.tasks.get(ids[1]!)!.state === 'cancelled', {what: 'cancelled'});
	await waitFor(() => /jobs\.txt: 3\/3 finished/.test(frame()), {what: 'batch finished', timeoutMs: 15_000});
	assert.match(frame(), /n0: ▶ 0 running · ✔ 2 done/);
	assert.deepEqual(gw.completed.map(id => gw.runs.get(id)!.message), ['first job', 'third job'], 'the reordered one ran second, the cancelled one never');
	await r.press('K');
	await waitFor(() => /select a queued task/.test(frame()), {what: 'K on a finished task says why'});
});

test(':batch with bad lines says FILE:LINE: reason and sends nothing; :route shows and sets the rules', async () => {
	const {frame, said, command, dir, gw, registry} = await setup();
	const file = path.join(dir, 'bad.jsonl');
	fs.writeFileSync(file, 'ok line\n{"task": 5}\n');
	await command(`batch ${file}`);
	await waitFor(() => /bad\.jsonl:2: task: .* — nothing was sent/.test(said()), {what: 'bad line reported'});
	assert.ok(!gw.received.some(x => x.method === 'agent'));
	await command(`batch ${path.join(dir, 'missing.txt')}`);
	await waitFor(() => /missing\.txt.*no such file/.test(said()), {what: 'missing file'});
	await command('route');
	await waitFor(() => /light → local · medium → any · heavy → gpu · judge local · limits n0 1/.test(said()), {what: 'routing shown'});
	await command('route heavy remote');
	await waitFor(() => /heavy → remote/.test(said()) && registry.settings().routing.rules.heavy === 'remote', {what: 'rule set'});
	await command('route limit n0 3');
	await waitFor(() => registry.nodes()[0]!.maxConcurrent === 3, {what: 'limit set'});
	await command('route judge nowhere');
	await waitFor(() => /judge: no node named "nowhere"/.test(said()), {what: 'unknown judge refused'});
	await command('route sideways x');
	await waitFor(() => /:route "sideways": say light\|medium\|heavy TARGET/.test(said()), {what: 'bad route'});
});
