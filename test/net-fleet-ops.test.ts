import {test} from 'node:test';
import assert from 'node:assert/strict';
import {activeWork, chatHistory, deleteOwnSession, listSessions, mayBeActive, runPrompt, type Requester} from '../source/net/sessions.js';
import {approveDevice, listDevices} from '../source/net/pairing.js';
import {GatewayLog, parseGatewayLine} from '../source/net/gateway-log.js';
import {RequestError} from '../source/net/gateway-client.js';
import {sessionLabel, isOwnSession, filterSessions} from '../source/core/sessions.js';
import {parseFilter} from '../source/core/log-ring.js';

const evil = 'ok\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202eevil';
const clean = (s: string | undefined) => assert.ok(s === undefined || !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(s), JSON.stringify(s));
/** A gateway that answers each method with what `answers` says (a function of the params, or a value). */
function fake(answers: Record<string, unknown>): Requester & {calls: {method: string; params: unknown}[]} {
	const calls: {method: string; params: unknown}[] = [];
	return {
		calls,
		request: async <T>(method: string, params: unknown) => {
			calls.push({method, params});
			const a = answers[method];
			if (a instanceof Error) throw a;
			return (typeof a === 'function' ? (a as (p: unknown) => unknown)(params) : a) as T;
		},
	};
}

test('hostile sessions.list: strings cleaned, malformed rows skipped, a flood bounded to 200 rows, a non-list refused', async () => {
	const rows = [{key: `agent:main:${evil}`, label: evil, lastMessagePreview: evil, derivedTitle: evil}, {key: 42}, 'nope', ...Array.from({length: 10_000}, (_, i) => ({key: `agent:main:mgw-${i.toString(16)}`}))];
	const out = await listSessions(fake({'sessions.list': {sessions: rows}}));
	assert.equal(out.length, 198, 'bounded to the first 200, the two malformed skipped');
	for (const r of out.slice(0, 3)) [r.key, r.title, r.label, r.preview].forEach(clean);
	assert.equal(out[0]!.own, false);
	assert.equal(out[1]!.own, true);
	await assert.rejects(listSessions(fake({'sessions.list': 'garbage'})), /sessions.list: malformed answer/);
});

test('chat.history: text parts joined, tool and system rows left out, hostile text cleaned; the prompt of a run found by its idempotency key', async () => {
	const messages = [
		{role: 'user', content: 'first', idempotencyKey: 'r1:user'},
		{role: 'assistant', content: [{type: 'text', text: 'done: first'}, {type: 'image', url: 'x'}], __openclaw: {runId: 'r1'}},
		{role: 'toolResult', content: 'ls output'},
		{role: 'user', content: evil, __openclaw: {idempotencyKey: 'r2:user'}},
		{role: 'assistant', content: [{type: 'text', text: evil}], __openclaw: {runId: 'r2'}},
		{role: 'user', content: 'third'},
		{role: 'assistant', content: 'done: third', __openclaw: {runId: 'ext-3'}},
	];
	const conn = fake({'chat.history': {messages}});
	const {turns} = await chatHistory(conn, 'agent:main:x');
	assert.deepEqual(turns.map(t => t.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
	assert.equal(turns[1]!.text, 'done: first');
	turns.forEach(t => clean(t.text));
	assert.equal(await runPrompt(conn, 'agent:main:x', 'r1'), 'first');
	assert.equal(await runPrompt(conn, 'agent:main:x', 'ext-3'), 'third', 'no key: the user message before its answer');
	clean(await runPrompt(conn, 'agent:main:x', 'r2'));
	assert.equal(await runPrompt(conn, 'agent:main:x', 'unknown'), undefined);
	assert.equal(await runPrompt(fake({'chat.history': new Error('boom')}), 'k', 'r1'), undefined);
});

test('only our own sessions can be deleted; labels come from the task text, never a constant', async () => {
	const conn = fake({'sessions.delete': {ok: true}});
	await assert.rejects(deleteOwnSession(conn, 'agent:main:main'), /not a session this console created/);
	await assert.rejects(deleteOwnSession(conn, 'agent:main:mgw-1; rm'), /not a session/);
	await deleteOwnSession(conn, 'agent:main:mgw-0123abcd-ef');
	assert.deepEqual(conn.calls.at(-1), {method: 'sessions.delete', params: {key: 'agent:main:mgw-0123abcd-ef', deleteTranscript: true}});
	assert.equal(sessionLabel('\n  summarise   the backup logs of last week and the week before\nmore', 'mgw-3fa9c1d2'), 'mgw: summarise the backup logs of last week… #3fa9c1');
	assert.equal(sessionLabel(evil, 'mgw-000000'), 'mgw: okevil #000000');
	assert.notEqual(sessionLabel('a', 'mgw-111111'), sessionLabel('a', 'mgw-222222'));
	assert.ok(isOwnSession('agent:work:mgw-abc-123') && !isOwnSession('agent:main:main') && !isOwnSession('mgw-abc'));
	const f = parseFilter('!backup');
	assert.deepEqual(filterSessions([{key: 'a', title: 'backup', active: false, own: true}, {key: 'b', title: 'other', active: false, own: false}], f as never).map(r => r.key), ['b']);
});

test('hostile device.pair.list: request ids and device ids that are not ids are dropped, names cleaned; approve refuses a bad id before sending', async () => {
	const dev = 'a'.repeat(64);
	const conn = fake({
		'device.pair.list': {
			pending: [
				{requestId: '9c1a5c7c-5331-41ae-bf19-7e5edc3fc48a', deviceId: dev, displayName: evil, remoteIp: '203.0.113.9'},
				{requestId: 'x; rm -rf /', deviceId: dev},
				{requestId: '\u001b]52;c;x\u0007', deviceId: dev},
				{requestId: 'abcdef12', deviceId: 'not-hex'},
			],
			paired: [{deviceId: dev, displayName: 'laptop', connected: true}, {deviceId: '../../etc'}],
		},
		'device.pair.approve': {},
	});
	const d = await listDevices(conn);
	assert.deepEqual(d.pending.map(p => p.requestId), ['9c1a5c7c-5331-41ae-bf19-7e5edc3fc48a']);
	clean(d.pending[0]!.name);
	assert.deepEqual(d.paired.map(p => p.name), ['laptop']);
	await assert.rejects(approveDevice(conn, 'x; rm -rf /'), /is not a pairing request id/);
	assert.ok(!conn.calls.some(c => c.method === 'device.pair.approve'));
});

test('logs.tail flood: 50 000 lines into a 1 000-line ring, one answer at a time; rotation marked; hostile lines cleaned; a missing scope explained', async () => {
	let cursor = 0;
	const flood = Array.from({length: 50_000}, (_, i) => (i % 2 ? `plain line ${i} ${evil}` : JSON.stringify({message: `json line ${i}`, _meta: {logLevelName: i % 10 === 0 ? 'ERROR' : 'INFO'}, time: '2026-11-26T20:00:00Z'})));
	let reset = false;
	const conn = fake({'logs.tail': (p: {cursor?: number}) => ({file: '/x', cursor: (cursor = (p.cursor ?? 0) + 1), size: 1, lines: reset ? ['after rotate'] : flood, reset})});
	const log = new GatewayLog('n', () => conn, {capacity: 1000, pollMs: 1e9});
	await log.poll();
	assert.equal(log.ring.size, 1000);
	for (const e of log.ring.reverse()) clean(e.text);
	assert.ok([...log.ring.reverse()].some(e => e.kind === 'error'));
	reset = true;
	await log.poll();
	assert.deepEqual(conn.calls.at(-1)!.params, {cursor: 1, limit: 1000, maxBytes: 256_000}, 'follows from the returned cursor');
	const last = [...log.ring.reverse()].slice(0, 2).map(e => e.text);
	assert.deepEqual(last, ['after rotate', '— the log file was rotated or truncated; following the new one —']);
	log.stop();
	const denied = new GatewayLog('n', () => fake({'logs.tail': new RequestError('logs.tail', {code: 'INVALID_REQUEST', message: 'missing scope: operator.read'} as never)}), {pollMs: 1e9});
	await denied.poll();
	denied.stop();
	assert.match(denied.error!, /n did not grant this console operator.read, which logs.tail needs/);
	assert.equal(parseGatewayLine('{"0":"{\\"subsystem\\":\\"gateway/ws\\"}","1":"closed","message":"closed","_meta":{"logLevelName":"WARN"},"time":"2026-11-26T20:00:00Z"}', 0).task, 'gateway/ws');
});

test('is a run still going? its id where the gateway names it, else its session has a run; an unknown session is gone', async () => {
	const conn = fake({'sessions.list': {sessions: [{key: 'agent:main:mgw-a', hasActiveRun: true, activeRunIds: ['r1']}, {key: 'agent:main:mgw-b', hasActiveRun: true}, {key: 42}]}});
	const work = await activeWork(conn);
	assert.deepEqual(conn.calls[0]!.params, {activeOnly: true, limit: 200});
	assert.equal(mayBeActive(work, 'r1'), true);
	assert.equal(mayBeActive(work, 'r2', 'agent:main:mgw-b'), true, 'named only by its session');
	assert.equal(mayBeActive(work, 'r3', 'agent:main:mgw-gone'), false);
	assert.equal(mayBeActive(work, 'r3'), true, 'no session to check and the gateway is busy: keep waiting');
	assert.equal(mayBeActive({runIds: new Set(), sessionKeys: new Set()}, 'r3'), false, 'an idle gateway: gone');
});
