/**
 * Conversations, history, gateway log and pairing against a REAL OpenClaw 2026.9.6 gateway
 * (fake model echoes "done: <prompt>"; 127.0.0.1 only; stopped by PID). Never skipped.
 */
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startRealGateway, type RealGateway} from './gateway.js';
import {waitFor} from '../helpers/wait.js';
import {Fleet} from '../../source/net/fleet.js';
import {Dispatcher} from '../../source/net/dispatcher.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {connectNode} from '../../source/net/connect.js';
import {chatHistory, deleteOwnSession, listSessions} from '../../source/net/sessions.js';
import type {Task} from '../../source/core/tasks.js';

let gw: RealGateway;
const cleanup: (() => unknown)[] = [];
before(async () => {
	// trustedProxies lets a loopback client with X-Forwarded-For look remote: a second device that really asks to pair
	gw = await startRealGateway({gatewayConfig: {trustedProxies: ['127.0.0.1']}});
});
after(async () => {
	for (const c of cleanup.reverse()) await c();
	await gw?.stop();
});
const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}, pairingRetryMs: 300};

async function setup() {
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	fleet.sync([{name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token}]);
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'online', timeoutMs: 30_000});
	return {fleet, d: new Dispatcher(fleet, () => [{name: 'real', tags: []}])};
}
const ended = (d: Dispatcher, id: string) => waitFor(() => ['done', 'failed', 'cancelled'].includes(d.state.tasks.get(id)!.state) && d.state.tasks.get(id)!, {what: `task ${id} ended`, timeoutMs: 60_000});

async function admin() {
	const a = await connectNode({name: 'admin', host: '127.0.0.1', port: gw.port, token: gw.token}, memoryCredentials(), {version: '0.1.0'});
	cleanup.push(() => a.client.close());
	return a.client;
}

test('real gateway: a conversation — new session labelled from the task text, a reply in the same session, the turns in chat.history; the main session keeps its label', async () => {
	const {fleet, d} = await setup();
	const conn = fleet.connection('real')!;
	const r = await d.dispatch({message: 'summarise the backup logs\nplease, in detail', target: {kind: 'node', name: 'real'}});
	assert.ok(r.ok);
	const first = await ended(d, r.ids[0]!);
	assert.equal(first.state, 'done', first.error);
	assert.match(first.sessionKey!, /^agent:main:mgw-[0-9a-f-]+$/);
	const reply = await d.reply(first.id, 'and now in one line');
	assert.ok(reply.ok, !reply.ok ? reply.reason : '');
	const second = await ended(d, reply.ids[0]!);
	assert.equal(second.state, 'done');
	assert.equal(second.sessionKey, first.sessionKey, 'same session');
	assert.equal(second.text, 'done: and now in one line');
	const {turns} = await chatHistory(conn, first.sessionKey!);
	assert.deepEqual(
		turns.map(t => [t.role, t.text]),
		[
			['user', 'summarise the backup logs\nplease, in detail'],
			['assistant', 'done: summarise the backup logs\nplease, in detail'],
			['user', 'and now in one line'],
			['assistant', 'done: and now in one line'],
		],
	);
	// the session list: ours labelled from the task text, with a preview
	let rows = await listSessions(conn);
	const ours = rows.find(x => x.key === first.sessionKey)!;
	assert.equal(ours.label, `mgw: summarise the backup logs #${first.id.slice(4, 10)}`);
	assert.equal(ours.own, true);
	assert.equal(ours.preview, 'done: and now in one line');
	// the user's main session: labelled by them, dispatched into, label untouched
	const a = await admin();
	const toMain = await d.dispatch({message: 'check the main session', target: {kind: 'node', name: 'real'}, session: 'main'});
	assert.ok(toMain.ok);
	await ended(d, toMain.ids[0]!);
	await a.request('sessions.patch', {key: 'agent:main:main', label: 'my own main'});
	const again = await d.dispatch({message: 'again into main', target: {kind: 'node', name: 'real'}, session: 'main'});
	assert.ok(again.ok);
	await ended(d, again.ids[0]!);
	rows = await listSessions(conn);
	const main = rows.find(x => x.key === 'agent:main:main')!;
	assert.equal(main.label, 'my own main', 'dispatching into main never relabels it');
	assert.equal(main.own, false);
	// clean up: our own session goes, the main session is refused
	await assert.rejects(deleteOwnSession(conn, 'agent:main:main'), /not a session this console created/);
	await deleteOwnSession(conn, first.sessionKey!);
	rows = await listSessions(conn);
	assert.ok(!rows.some(x => x.key === first.sessionKey), 'deleted');
	assert.ok(rows.some(x => x.key === 'agent:main:main'), 'main kept');
});

test('real gateway: runs the gateway no longer knows are closed on start, never left running; an external run shows its prompt', async () => {
	const {d} = await setup();
	const at = Date.now() - 60_000;
	const stale = (id: string, external: boolean): Task => ({id, node: 'real', message: external ? '(started elsewhere)' : 'long gone', sessionKey: 'agent:main:mgw-0000', state: 'running', external, text: '', items: [], tools: [], createdAt: at, acceptedAt: at, lastSeq: 0});
	d.restore([stale('mgw-00000000-dead-4000-8000-000000000001', false), stale('ext-forgotten-run', true)]);
	for (const id of ['mgw-00000000-dead-4000-8000-000000000001', 'ext-forgotten-run']) {
		const t = await ended(d, id);
		assert.equal(t.state, 'failed', id);
		assert.match(t.error!, /no longer knows this run/);
	}
	const lines = [...d.state.log.reverse()].map(e => e.text);
	assert.equal(lines.filter(l => /^✖ failed/.test(l)).length, 2, lines.join('\n'));
	// an external run: its prompt comes from the session's chat.history
	const other = await admin();
	const runId = 'ext-' + Date.now();
	await other.request('agent', {message: 'what is the disk usage', sessionKey: 'agent:main:elsewhere', idempotencyKey: runId, deliver: false}, {expectFinal: true, timeoutMs: 60_000});
	await waitFor(() => d.state.tasks.get(runId)?.message === 'what is the disk usage', {what: 'external prompt', timeoutMs: 20_000});
	assert.equal(d.state.tasks.get(runId)!.state, 'done');
});
