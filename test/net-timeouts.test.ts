import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway, type TestGateway, type TestGatewayOptions} from '../source/net/test-gateway/server.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {Registry} from '../source/store/registry.js';
import {runCli} from './helpers/cli.js';
import {tempDir} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0).reverse()) await o.stop();
});
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}};
const gateway = async (o: TestGatewayOptions = {}) => {
	const g = await startTestGateway({deltaDelayMs: 10, ...o});
	open.push(g);
	return g;
};
async function setup(gws: TestGateway[], acceptTimeoutMs?: number) {
	const fleet = new Fleet(memoryCredentials(), fast);
	open.push(fleet);
	fleet.sync(gws.map((g, i) => ({name: `n${i}`, host: '127.0.0.1', port: g.port, token: 'test-token'})));
	const d = new Dispatcher(fleet, () => gws.map((_, i) => ({name: `n${i}`, tags: []})), {acceptTimeoutMs});
	await waitFor(() => gws.every((_, i) => fleet.statuses()[`n${i}`]?.system), {what: 'online'});
	return {fleet, d};
}

test('a gateway that ticks but never accepts the agent request: failover before acceptance, and the log says why', async () => {
	const mute = await gateway({methods: {agent: () => new Promise(() => undefined)}});
	// n1 is busier, so routing tries the mute n0 first
	const ok = await gateway({methods: {'system.info': () => ({hostname: 'busy', cpuCount: 4, loadAverage: [3.6, 3, 3], uptimeMs: 1000})}});
	const {d} = await setup([mute, ok], 300);
	const r = await d.dispatch({message: 'hello', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => ['done', 'failed'].includes(d.state.tasks.get(id)!.state), {what: 'the task to end', timeoutMs: 10_000});
	const t = d.state.tasks.get(id)!;
	const log = [...d.state.log.reverse()].map(e => e.text).join('\n');
	assert.match(log, /failover: n0: agent: ACCEPT_TIMEOUT not accepted within 300 ms → n1/);
	assert.equal(t.node, 'n1');
	assert.equal(t.state, 'done', log);
	// a single node that never accepts: the task fails with the reason, nothing hangs
	const only = await setup([mute], 300);
	const r2 = await only.d.dispatch({message: 'hello', target: {kind: 'node', name: 'n0'}});
	assert.ok(r2.ok);
	await waitFor(() => only.d.state.tasks.get(r2.ids[0]!)!.state === 'failed', {what: 'failed'});
	assert.match(only.d.state.tasks.get(r2.ids[0]!)!.error!, /ACCEPT_TIMEOUT/);
});

test('mgw-tui dispatch against a gateway that never accepts ends by itself with a clear error', async () => {
	const mute = await gateway({methods: {agent: () => new Promise(() => undefined)}});
	const dir = tempDir();
	new Registry(dir).add({name: 'n0', host: '127.0.0.1', port: mute.port, token: 'test-token', tags: []});
	const r = await runCli(['dispatch', '--json', '--accept-timeout', '500', 'hello'], {env: {MGW_TUI_HOME: dir}});
	assert.equal(r.code, 1, r.stdout + r.stderr);
	const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
	assert.equal(last.status, 'failed');
	assert.match(last.error, /not accepted within 500 ms/);
});

test('a run the gateway lost (restart: agent.wait answers timeout for it forever) ends as lost with what is known', async () => {
	const g = await gateway({deltaDelayMs: 200});
	const {d} = await setup([g]);
	const r = await d.dispatch({message: 'a long one with many words to stream slowly', target: {kind: 'node', name: 'n0'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => d.state.tasks.get(id)!.text.length > 0, {what: 'some text'});
	// crash: no shutdown event; it comes back without the run, and agent.wait says "timeout" forever
	await g.stop();
	g.runs.clear();
	g.opts.methods = {'agent.wait': p => new Promise(r => setTimeout(() => r({runId: p.runId, status: 'timeout'}), Math.min(Number(p.timeoutMs), 300)))};
	await waitFor(() => d.state.tasks.get(id)!.state === 'reconnecting', {what: 'reconnecting'});
	await g.restart();
	await waitFor(() => d.state.tasks.get(id)!.state === 'lost', {what: 'lost', timeoutMs: 15_000});
	const t = d.state.tasks.get(id)!;
	assert.match(t.error!, /no longer knows this run/);
	assert.ok(t.text.length > 0, 'the output so far is kept');
	assert.ok([...d.state.log.reverse()].some(e => /✖ lost: .*output so far is kept/.test(e.text)));
});

test('/healthz on a server that accepts and never answers ends by its timeout and leaves no socket open', async () => {
	const {probeHealthz} = await import('../source/net/healthz.js');
	const net = await import('node:net');
	const server = net.createServer(s => s.resume().on('close', () => closed++)).listen(0, '127.0.0.1');
	let closed = 0;
	open.push({stop: () => new Promise(r => server.close(r))});
	await new Promise(r => server.once('listening', r));
	const t0 = Date.now();
	const r = await probeHealthz({host: '127.0.0.1', port: (server.address() as import('node:net').AddressInfo).port}, 500);
	assert.equal(r.ok, false);
	assert.equal(!r.ok && r.code, 'ETIMEDOUT');
	assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
	await waitFor(() => closed === 1, {what: 'our socket closed'});
});

test('a connected gateway that stops answering pings shows degraded with why (polls keep going), and online again once it answers', async () => {
	const g = await gateway();
	const {fleet} = await setup([g]);
	g.opts.pongHang = true;
	await waitFor(() => fleet.statuses().n0?.state === 'degraded', {what: 'degraded', timeoutMs: 15_000});
	assert.match(fleet.statuses().n0!.detail ?? '', /no answer to a ping within 1000 ms/);
	g.opts.pongHang = false;
	await waitFor(() => fleet.statuses().n0?.state === 'online', {what: 'online again', timeoutMs: 15_000});
	assert.ok(fleet.statuses().n0!.rttMs! < 1000);
});

test('a new pairing request on a gateway shows in our pending count at once (device.pair.requested), and goes when it is approved (device.pair.resolved) — not left to a poll', async () => {
	const g = await gateway({requirePairing: true});
	const fleet = new Fleet(memoryCredentials(), {...fast, pollMs: 600_000, pairingRetryMs: 100});
	open.push(fleet);
	fleet.sync([{name: 'n0', host: '127.0.0.1', port: g.port, token: 'test-token'}]);
	await waitFor(() => fleet.statuses().n0?.state === 'pairing-required', {what: 'our own pairing request'});
	g.approve(fleet.statuses().n0!.requestId!);
	await waitFor(() => fleet.statuses().n0?.state === 'online', {what: 'online after approval'});
	assert.equal(fleet.statuses().n0!.pendingDevices ?? 0, 0);
	// another computer's console asks to pair
	const other = new Fleet(memoryCredentials(), {...fast, pairingRetryMs: 60_000});
	open.push(other);
	other.sync([{name: 'o', host: '127.0.0.1', port: g.port, token: 'test-token'}]);
	await waitFor(() => fleet.statuses().n0?.pendingDevices === 1, {what: 'the pending count from the event', timeoutMs: 5000});
	g.approve(other.statuses().o!.requestId!);
	await waitFor(() => fleet.statuses().n0?.pendingDevices === 0, {what: 'the count after the approval', timeoutMs: 5000});
});
