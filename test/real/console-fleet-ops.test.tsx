/**
 * The console at 80×24 against a REAL OpenClaw 2026.9.6 gateway: a follow-up in a task's
 * session, the node's sessions and history, the gateway log, and a second device that really
 * asks to pair, approved from the console. Never skipped.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {realGatewayForFile} from './gateway.js';
import {waitFor} from '../helpers/wait.js';
import {tempStore} from '../helpers/store.js';
import {renderAt, KEY, plain} from '../helpers/render-at.js';
import {Fleet} from '../../source/net/fleet.js';
import {Dispatcher} from '../../source/net/dispatcher.js';
import {NodeOps} from '../../source/net/node-ops.js';
import {NodeConnection} from '../../source/net/node-connection.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {App} from '../../source/ui/App.js';

const file = realGatewayForFile();
const cleanup = file.cleanup;
const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}, pairingRetryMs: 300};

async function consoleAt80x24() {
	const s = tempStore();
	s.registry.add({name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token, tags: []});
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	const dispatcher = new Dispatcher(fleet, () => s.registry.nodes());
	const r = renderAt(<App services={{...s.services(), fleet, dispatcher, nodeOps: new NodeOps(fleet)}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /● online\s+real/.test(frame()), {what: 'online', timeoutMs: 30_000});
	return {r, frame, dispatcher, fleet, s};
}
const fits = (f: string) => f.split('\n').every(l => [...l].length <= 80) && f.split('\n').length <= 24;

test('real gateway, 80×24: reply in a task’s session and see the turn appended; the sessions view reads chat.history, continues it, deletes our own session', async () => {
	const {r, frame, dispatcher} = await consoleAt80x24();
	await r.press('d');
	await r.type('count the backups');
	await r.press(KEY.enter);
	await waitFor(() => /✔ done/.test(frame()), {what: 'first done', timeoutMs: 60_000});
	// r on the selected task: the reply line, sent in the same session
	await r.press('r');
	assert.match(frame(), /reply in #\w{6} on real \(agent:main:mgw-/);
	await r.type('and the oldest one?');
	await r.press(KEY.enter);
	await waitFor(() => /agent › done: count the backups/.test(frame()) && /done: and the oldest one\?/.test(frame()), {what: 'the turn appended under the earlier one', timeoutMs: 60_000});
	assert.match(frame(), /Earlier\s+1 turn in this session/);
	assert.match(frame(), /you › count the backups/);
	assert.ok(fits(r.frame()));
	await waitFor(() => [...dispatcher.state.tasks.values()].every(t => t.state === 'done'), {what: 'both done', timeoutMs: 60_000});
	const tasks = [...dispatcher.state.tasks.values()];
	assert.equal(tasks.length, 2);
	assert.equal(tasks[0]!.sessionKey, tasks[1]!.sessionKey);
	// the node's sessions: ours labelled from the task text, preview, / filter
	await r.press(KEY.esc);
	await r.press('1');
	await r.press(KEY.enter);
	await r.press('s');
	await waitFor(() => /mgw: count the backups #\w{6} \(ours\)/.test(frame()), {what: 'sessions list', timeoutMs: 20_000});
	assert.match(frame(), /done: and the oldest one\?/);
	assert.ok(fits(r.frame()));
	await r.press('/');
	await r.type('backups');
	await r.press(KEY.enter);
	await waitFor(() => /1 of \d+ sessions? · \/backups|1 session · \/backups/.test(frame()), {what: 'filtered', timeoutMs: 5000});
	// read its history
	await r.press(KEY.enter);
	await waitFor(() => /you › and the oldest one\?/.test(frame()), {what: 'chat history', timeoutMs: 20_000});
	assert.match(frame(), /agent › done: count the backups/);
	assert.ok(fits(r.frame()));
	// continue it from the history
	await r.press('r');
	await r.type('thanks');
	await r.press(KEY.enter);
	await waitFor(() => [...dispatcher.state.tasks.values()].some(t => t.message === 'thanks' && t.state === 'done' && t.sessionKey === tasks[0]!.sessionKey), {what: 'continued in the same session', timeoutMs: 60_000});
	// clean up our own session, with a confirm
	await r.press(KEY.esc);
	await r.press('1');
	await r.press(KEY.enter);
	await r.press('s');
	await waitFor(() => /mgw: count the backups/.test(frame()), {what: 'sessions again', timeoutMs: 20_000});
	while (!/› (▶ )?mgw: count the backups/.test(frame())) await r.press(KEY.down);
	await r.press('x');
	assert.match(frame(), /Delete session "mgw: count the backups #\w{6}"/);
	await r.press('y');
	await waitFor(() => /deleted session agent:main:mgw-/.test(frame()) && !/mgw: count the backups/.test(frame()), {what: 'deleted', timeoutMs: 20_000});
});

test('real gateway, 80×24: the gateway log from node detail follows and filters; a second device asks to pair and is approved from the console', async () => {
	const {r, frame} = await consoleAt80x24();
	await r.press(KEY.enter);
	await r.press('l');
	await waitFor(() => /Gateway log · real/.test(frame()) && /follow · [1-9]\d* lines?/.test(frame()), {what: 'log lines', timeoutMs: 20_000});
	assert.ok(fits(r.frame()));
	await r.press('/');
	await r.type('zz-no-such-line');
	await r.press(KEY.enter);
	await waitFor(() => /follow · 0 lines · \/zz-no-such-line/.test(frame()), {what: 'filtered to nothing', timeoutMs: 5000});
	await r.press(KEY.esc);
	// another computer's console asks to pair (fresh identity, looks remote)
	const other = new NodeConnection({name: 'gw', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, memoryCredentials(), {...fast, displayName: 'mgw-tui@laptop', headers: {'X-Forwarded-For': '203.0.113.77'}}).start();
	cleanup.push(() => other.stop());
	await waitFor(() => /● online ◌1\s+real/.test(frame()) && /◌ 1 pairing request/.test(frame()), {what: 'pending count in the Nodes pane', timeoutMs: 30_000});
	await r.press(KEY.enter);
	await r.press('p');
	await waitFor(() => /◌ pending\s+mgw-tui@laptop/.test(frame()), {what: 'pending device', timeoutMs: 20_000});
	assert.match(frame(), /from 203\.0\.113\.77/);
	assert.ok(fits(r.frame()));
	await r.press('a');
	assert.match(frame(), /Approve "mgw-tui@laptop"/);
	await r.press('y');
	await waitFor(() => other.status.state === 'online', {what: 'the other console online', timeoutMs: 30_000});
	await waitFor(() => /[●○] paired\s+mgw-tui@laptop/.test(frame()), {what: 'paired', timeoutMs: 20_000}).catch(e => {
		throw new Error(`${e.message}\n${frame()}`);
	});
	void other.stop();
});
