import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {GatewayClient, ConnectFailure, RequestError, consoleDisplayName} from '../source/net/gateway-client.js';
import {NodeConnection} from '../source/net/node-connection.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {createIdentity} from '../source/net/device-identity.js';
import {nextStep} from '../source/core/node-state.js';
import {waitFor} from './helpers/wait.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0)) await o.stop();
});
const track = <T extends {stop(): unknown}>(o: T): T => (open.push(o), o);

const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}, pairingRetryMs: 100, authRetryMs: 200};

test('handshake: signed device identity, exact connect params, hello-ok parsed leniently, requests by id', async () => {
	const gw = track(await startTestGateway());
	const identity = createIdentity();
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity, version: 'test'});
	const hello = await c.connect();
	assert.equal(hello.protocol, 4);
	assert.deepEqual(hello.auth.scopes, ['operator.read', 'operator.write', 'operator.admin']);
	assert.ok(hello.auth.deviceToken);
	const connect = gw.received[0]!.params as Record<string, unknown>;
	assert.deepEqual(Object.keys(connect).sort(), ['auth', 'caps', 'client', 'device', 'maxProtocol', 'minProtocol', 'role', 'scopes', 'userAgent']);
	assert.deepEqual(connect.client, {id: 'cli', version: 'test', platform: process.platform, mode: 'cli', displayName: consoleDisplayName()});
	assert.match(consoleDisplayName('my-box.local'), /^mgw-tui@my-box\.local$/);
	assert.equal(consoleDisplayName('\u001b[2Jevil;host'), 'mgw-tui@2Jevilhost');
	assert.deepEqual(connect.caps, ['tool-events']);
	const [a, b] = await Promise.all([c.request('system.info', {}), c.request('health', {})]);
	assert.equal(a.hostname, 'testbox');
	assert.equal(b.ok, true);
	await assert.rejects(c.request('nope', {}), (e: unknown) => e instanceof RequestError && e.error.code === 'INVALID_REQUEST');
	c.close();
	// a forged identity (public key of another key pair) is refused by signature check
	const other = createIdentity();
	const forged = new GatewayClient({url: gw.url, token: 'test-token', identity: {...identity, privateKeyPem: other.privateKeyPem}, version: 'test'});
	await assert.rejects(forged.connect(), (e: unknown) => e instanceof ConnectFailure && e.failure.kind === 'rejected' && e.failure.detailsCode === 'DEVICE_AUTH_SIGNATURE_INVALID');
	await gw.stop();
});

test('agent answers twice on one id: accepted, then final', async () => {
	const gw = track(await startTestGateway({deltaDelayMs: 5}));
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	await c.connect();
	let accepted: unknown;
	const final = await c.request('agent', {message: 'hello', idempotencyKey: 'run-1', agentId: 'main', deliver: false}, {expectFinal: true, onAccepted: p => (accepted = p)});
	assert.equal((accepted as {status: string}).status, 'accepted');
	assert.equal(final.status, 'ok');
	assert.equal(final.result?.payloads[0]!.text, 'done: hello');
	c.close();
	await gw.stop();
});

test('request timeout, malformed and oversized frames are counted and dropped, never a crash', async () => {
	const gw = track(await startTestGateway({maxPayload: 4096, methods: {'slow.method': () => new Promise(() => undefined)}}));
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	await c.connect();
	await assert.rejects(c.request('slow.method', {}, {timeoutMs: 100}), (e: unknown) => e instanceof RequestError && e.error.code === 'TIMEOUT');
	gw.sendRaw('not json at all');
	gw.sendRaw('{"type":"res"}');
	gw.sendRaw(JSON.stringify({type: 'weird', x: 1}));
	gw.sendRaw(Buffer.from([1, 2, 3]));
	gw.sendRaw(JSON.stringify({type: 'event', event: 'agent', payload: {big: 'x'.repeat(10_000)}}));
	const events: unknown[] = [];
	c.on('event', e => events.push(e));
	await waitFor(() => c.malformed === 4 && c.oversized === 1, {what: 'counts'});
	assert.equal(events.length, 0);
	assert.ok(c.open);
	assert.equal((await c.request('health', {})).ok, true, 'still works');
	c.close();
	await gw.stop();
});

test('silence longer than 2 × tick closes the connection (liveness)', async () => {
	const gw = track(await startTestGateway({tickIntervalMs: 100, noTicks: true}));
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	await c.connect();
	const t0 = Date.now();
	const closed = await new Promise<{code: number}>(r => c.once('close', r));
	assert.equal(closed.code, 4000);
	assert.ok(Date.now() - t0 >= 150 && Date.now() - t0 < 1500, `${Date.now() - t0} ms`);
	await gw.stop();
});

test('wrong token → auth failed with AUTH_TOKEN_MISMATCH and a next step', async () => {
	const gw = track(await startTestGateway());
	const conn = track(new NodeConnection({name: 'n1', host: '127.0.0.1', port: gw.port, token: 'wrong'}, memoryCredentials(), fast).start());
	await waitFor(() => conn.status.state === 'auth-failed', {what: 'auth-failed'});
	assert.equal(conn.status.code, 'AUTH_TOKEN_MISMATCH');
	assert.match(nextStep(conn.status, conn.target), /token does not match; copy gateway\.auth\.token from n1/);
	void conn.stop();
	await gw.stop();
});

test('closed port → unreachable (ECONNREFUSED); protocol mismatch → protocol mismatch', async () => {
	const srv = net.createServer().listen(0, '127.0.0.1');
	await new Promise(r => srv.once('listening', r));
	const port = (srv.address() as net.AddressInfo).port;
	await new Promise(r => srv.close(r));
	const conn = track(new NodeConnection({name: 'gone', host: '127.0.0.1', port, token: 't'}, memoryCredentials(), fast).start());
	await waitFor(() => conn.status.state === 'unreachable', {what: 'unreachable'});
	assert.equal(conn.status.code, 'ECONNREFUSED');
	assert.match(nextStep(conn.status, conn.target), /nothing listens on 127\.0\.0\.1:/);
	void conn.stop();
	const gw = track(await startTestGateway({protocol: 5}));
	const c2 = track(new NodeConnection({name: 'new', host: '127.0.0.1', port: gw.port, token: 'test-token'}, memoryCredentials(), fast).start());
	await waitFor(() => c2.status.state === 'protocol-mismatch', {what: 'protocol-mismatch'});
	void c2.stop();
	await gw.stop();
});

test('pairing required → request id and command shown → approved → online, device token kept', async () => {
	const gw = track(await startTestGateway({requirePairing: true}));
	const creds = memoryCredentials();
	const conn = track(new NodeConnection({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'test-token'}, creds, fast).start());
	await waitFor(() => conn.status.state === 'pairing-required', {what: 'pairing'});
	const requestId = conn.status.requestId!;
	assert.match(requestId, /^[0-9a-f-]{36}$/);
	assert.equal(nextStep(conn.status, conn.target), `on AI电脑 run: openclaw devices approve ${requestId}`);
	// retries quietly with the same request while it is pending
	await new Promise(r => setTimeout(r, 300));
	assert.equal(conn.status.requestId, requestId);
	assert.equal(gw.st.pending.size, 1);
	gw.approve(requestId);
	await waitFor(() => conn.status.state === 'online', {what: 'online'});
	const dt = creds.tokens.get('AI电脑');
	assert.ok(dt?.token, 'device token stored');
	assert.equal(dt.gateway, `127.0.0.1:${gw.port}`);
	void conn.stop();
	await gw.stop();
});

test('an expired pairing request is replaced by a new one', async () => {
	const gw = track(await startTestGateway({requirePairing: true, pairingTtlMs: 150}));
	const conn = track(new NodeConnection({name: 'n', host: '127.0.0.1', port: gw.port, token: 'test-token'}, memoryCredentials(), fast).start());
	await waitFor(() => conn.status.requestId, {what: 'first request'});
	const first = conn.status.requestId;
	await waitFor(() => conn.status.requestId && conn.status.requestId !== first, {what: 'new request'});
	void conn.stop();
	await gw.stop();
});

test('drop mid-stream, silence, and shutdown+restart: the node comes back online by itself', async () => {
	const gw = track(await startTestGateway({tickIntervalMs: 150}));
	const conn = track(new NodeConnection({name: 'n', host: '127.0.0.1', port: gw.port, token: 'test-token'}, memoryCredentials(), fast).start());
	const states: string[] = [];
	conn.on('status', s => states.push(s.state));
	await waitFor(() => conn.status.state === 'online', {what: 'online'});
	assert.ok(conn.status.rttMs! >= 0);
	assert.equal(conn.status.version, '2026.9.6');
	await waitFor(() => conn.status.system?.cpuCount === 4, {what: 'system.info'});
	gw.dropAll();
	await waitFor(() => states.includes('unreachable'), {what: 'drop noticed'});
	await waitFor(() => conn.status.state === 'online', {what: 'back after drop'});
	states.length = 0;
	gw.silence();
	await waitFor(() => states.includes('unreachable'), {what: 'silence noticed', timeoutMs: 3000});
	assert.match(conn.status.detail ?? '', /silent|no ticks|connection lost/);
	await gw.stop();
	await gw.restart();
	await waitFor(() => conn.status.state === 'online', {what: 'back after silence'});
	states.length = 0;
	await gw.shutdown(300);
	await waitFor(() => conn.status.state === 'connecting' && /restarting/.test(conn.status.detail ?? ''), {what: 'restarting'});
	await gw.restart();
	await waitFor(() => conn.status.state === 'online', {what: 'back after restart'});
	void conn.stop();
	await gw.stop();
});

test('a connection granted fewer scopes than needed is "scope limited", not online', async () => {
	const gw = track(await startTestGateway());
	const creds = memoryCredentials();
	gw.st.approved.set(creds.identity().deviceId, {scopes: ['operator.read']});
	const conn = track(new NodeConnection({name: 'ro', host: '127.0.0.1', port: gw.port, token: 'test-token'}, creds, fast).start());
	await waitFor(() => conn.status.state === 'scope-limited', {what: 'scope-limited'});
	assert.deepEqual(conn.status.scopes, ['operator.read']);
	assert.match(nextStep(conn.status, conn.target), /approve the scope upgrade on ro/);
});

test('a node retried for a long time does not pile up listeners (no leak per reconnect)', async () => {
	const srv = net.createServer().listen(0, '127.0.0.1');
	await new Promise(r => srv.once('listening', r));
	const port = (srv.address() as net.AddressInfo).port;
	await new Promise(r => srv.close(r));
	const warnings: string[] = [];
	const onWarn = (w: Error) => warnings.push(w.name);
	process.on('warning', onWarn);
	const conn = track(new NodeConnection({name: 'gone', host: '127.0.0.1', port, token: 't'}, memoryCredentials(), {...fast, backoff: {baseMs: 1, maxMs: 5}}).start());
	let n = 0;
	conn.on('status', () => n++);
	await waitFor(() => n > 60, {what: '30 retries'});
	process.off('warning', onWarn);
	assert.deepEqual(warnings.filter(w => w === 'MaxListenersExceededWarning'), []);
});

test('active runs include runs already going when the console connects (sessions.list), then follow lifecycle events', async () => {
	const gw = track(await startTestGateway({deltaDelayMs: 200}));
	gw.startRun('a long one with many many words to stream slowly');
	const conn = track(new NodeConnection({name: 'n', host: '127.0.0.1', port: gw.port, token: 'test-token'}, memoryCredentials(), fast).start());
	await waitFor(() => conn.status.state === 'online' && conn.status.activeRuns === 1, {what: 'seeded run'});
	gw.startRun('second');
	await waitFor(() => conn.status.activeRuns === 2, {what: 'second run'});
	await waitFor(() => conn.status.activeRuns === 0, {what: 'both ended', timeoutMs: 10_000});
});
