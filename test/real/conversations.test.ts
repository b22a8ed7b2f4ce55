/**
 * Conversations, history, gateway log and pairing against a REAL OpenClaw 2026.9.6 gateway
 * (fake model echoes "done: <prompt>"; 127.0.0.1 only; stopped by PID). Never skipped.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {realGatewayForFile} from './gateway.js';
import {waitFor} from '../helpers/wait.js';
import {Fleet} from '../../source/net/fleet.js';
import {Dispatcher} from '../../source/net/dispatcher.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {connectNode} from '../../source/net/connect.js';
import {chatHistory, deleteOwnSession, listSessions} from '../../source/net/sessions.js';
import {FINISHED, type Task} from '../../source/core/tasks.js';
import {NodeConnection} from '../../source/net/node-connection.js';
import {approveDevice, listDevices, rejectDevice, revokeDevice} from '../../source/net/pairing.js';
import {GatewayLog} from '../../source/net/gateway-log.js';
import {consoleDisplayName, GatewayClient} from '../../source/net/gateway-client.js';
import {parseFilter} from '../../source/core/log-ring.js';
import {visibleRows} from '../../source/core/log-view.js';
import os from 'node:os';

const file = realGatewayForFile();
const cleanup = file.cleanup;
const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}, pairingRetryMs: 300};

async function setup() {
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	fleet.sync([{name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}]);
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'online', timeoutMs: 30_000});
	return {fleet, d: new Dispatcher(fleet, () => [{name: 'real', tags: []}])};
}
const ended = (d: Dispatcher, id: string) => waitFor(() => FINISHED.includes(d.state.tasks.get(id)!.state) && d.state.tasks.get(id)!, {what: `task ${id} ended`, timeoutMs: 60_000});

async function admin() {
	const a = await connectNode({name: 'admin', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, memoryCredentials(), {version: '0.1.0'});
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
		assert.equal(t.state, 'lost', id);
		assert.match(t.error!, /no longer knows this run/);
	}
	const lines = [...d.state.log.reverse()].map(e => e.text);
	assert.equal(lines.filter(l => /^✖ lost/.test(l)).length, 2, lines.join('\n'));
	// an external run: its prompt comes from the session's chat.history
	const other = await admin();
	const runId = 'ext-' + Date.now();
	await other.request('agent', {message: 'what is the disk usage', sessionKey: 'agent:main:elsewhere', idempotencyKey: runId, deliver: false}, {expectFinal: true, timeoutMs: 60_000});
	await waitFor(() => d.state.tasks.get(runId)?.message === 'what is the disk usage', {what: 'external prompt', timeoutMs: 20_000});
	assert.equal(d.state.tasks.get(runId)!.state, 'done');
});

test('real gateway: a second device really asks to pair — the console sees it pending, rejects, approves the next request, then revokes the device', async () => {
	const {fleet} = await setup();
	const conn = fleet.connection('real')!;
	// a second computer's console: fresh device identity, looks remote (X-Forwarded-For through a trusted proxy)
	const other = new NodeConnection({name: 'gw', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, memoryCredentials(), {...fast, displayName: 'mgw-tui@laptop', headers: {'X-Forwarded-For': '203.0.113.50'}}).start();
	cleanup.push(() => other.stop());
	await waitFor(() => other.status.state === 'pairing-required' && other.status.requestId, {what: 'pairing required', timeoutMs: 30_000});
	await waitFor(() => fleet.statuses().real?.pendingDevices === 1, {what: 'pending count in our status', timeoutMs: 30_000});
	let devices = await listDevices(conn);
	const req = devices.pending.find(p => p.remoteIp === '203.0.113.50')!;
	assert.equal(req.name, 'mgw-tui@laptop');
	assert.equal(req.requestId, other.status.requestId);
	// our own console shows up paired under its per-computer name
	assert.ok(devices.paired.some(p => p.name === consoleDisplayName(os.hostname()) && p.connected), JSON.stringify(devices.paired.map(p => p.name)));
	await assert.rejects(approveDevice(conn, 'x; rm -rf /'), /not a pairing request id/);
	await rejectDevice(conn, req.requestId);
	devices = await listDevices(conn);
	assert.ok(!devices.pending.some(p => p.requestId === req.requestId), 'rejected');
	// it asks again (a new request); approve that one
	const next = await waitFor(async () => (await listDevices(conn)).pending.find(p => p.remoteIp === '203.0.113.50'), {what: 'a new request', timeoutMs: 30_000});
	assert.notEqual(next.requestId, req.requestId);
	await approveDevice(conn, next.requestId);
	await waitFor(() => other.status.state === 'online', {what: 'the other console online', timeoutMs: 30_000});
	await waitFor(() => fleet.statuses().real?.pendingDevices === 0, {what: 'no pending left', timeoutMs: 30_000});
	const paired = (await listDevices(conn)).paired.find(p => p.deviceId === next.deviceId)!;
	assert.equal(paired.name, 'mgw-tui@laptop');
	await assert.rejects(revokeDevice(conn, 'not-a-device'), /not a device id/);
	await revokeDevice(conn, paired.deviceId);
	assert.ok(!(await listDevices(conn)).paired.some(p => p.deviceId === paired.deviceId), 'revoked');
	other.reconnectNow();
	await waitFor(() => other.status.state === 'pairing-required', {what: 'revoked device must pair again', timeoutMs: 30_000});
	void other.stop();
});

test("real gateway: the gateway's own log with logs.tail — follow by cursor, the task log's / filter, bounded buffer", async () => {
	const {fleet, d} = await setup();
	const log = new GatewayLog('real', () => fleet.connection('real'), {capacity: 50, pollMs: 200, initial: 20}).start();
	cleanup.push(() => log.stop());
	await waitFor(() => log.ring.size > 0, {what: 'first lines', timeoutMs: 20_000});
	const before = log.ring.nextSeq;
	const r = await d.dispatch({message: 'gateway log marker', target: {kind: 'node', name: 'real'}});
	assert.ok(r.ok);
	await ended(d, r.ids[0]!);
	const runLine = new RegExp(`run ${r.ids[0]}`);
	await waitFor(() => [...log.ring.reverse()].some(e => e.seq >= before && runLine.test(e.text)), {what: 'the run in the gateway log', timeoutMs: 30_000});
	assert.ok(log.ring.size <= 50, 'bounded');
	const f = parseFilter(r.ids[0]!.slice(0, 12));
	assert.ok(f && !('error' in f));
	const {matched} = visibleRows(log.ring, {cols: 78, rows: 10, skip: 0, filter: f as never});
	assert.ok(matched > 0 && matched < log.ring.size, `the filter keeps ${matched} of ${log.ring.size}`);
	for (const e of log.ring.reverse()) assert.ok(!/[\u0000-\u0008\u001b]/.test(e.text), 'clean');
	log.stop();
	// scope errors are explained: a device-less client that looks remote is granted no scopes
	const bareClient = new GatewayClient({url: file.gw.url, token: file.gw.token, version: 'test', headers: {'X-Forwarded-For': '203.0.113.60'}});
	await bareClient.connect();
	cleanup.push(() => bareClient.close());
	assert.deepEqual(bareClient.hello!.auth.scopes, []);
	const bare = new GatewayLog('bare', () => bareClient, {pollMs: 100_000});
	await bare.poll();
	bare.stop();
	assert.match(bare.error!, /did not grant this console operator.read/);
});

test('real gateway: cancelling an external run from the console ends it once, as cancelled (never done + error + failed)', async () => {
	const {d} = await setup();
	const other = await admin();
	const runId = 'ext-cancel-' + Date.now();
	const answer = other.request('agent', {message: 'tool:exec {"command":"sleep 8"}', sessionKey: 'agent:main:elsewhere-2', idempotencyKey: runId, deliver: false}, {expectFinal: true, timeoutMs: 60_000}).catch(e => e);
	await waitFor(() => d.state.tasks.get(runId)?.state === 'running', {what: 'external run seen', timeoutMs: 60_000});
	assert.equal(await d.cancel(runId), undefined);
	const t = await ended(d, runId);
	assert.equal(t.state, 'cancelled', JSON.stringify(t));
	await answer;
	await new Promise(r => setImmediate(r));
	const lines = [...d.state.log.reverse()].filter(e => e.task === `#${runId.slice(0, 6)}`).map(e => e.text);
	const terminal = lines.filter(l => /^[✔✖]|^error:/.test(l));
	assert.equal(terminal.length, 1, lines.join('\n'));
	assert.match(terminal[0]!, /^✖ cancelled \(\d+\.\d s\) \(external\)$/);
});
