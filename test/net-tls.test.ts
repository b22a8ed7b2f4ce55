import {test, afterEach, before} from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {generate} from 'selfsigned';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {NodeConnection} from '../source/net/node-connection.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {probeNode} from '../source/net/probe-node.js';
import {nextStep, type NodeStatus} from '../source/core/node-state.js';
import {waitFor} from './helpers/wait.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0)) await o.stop();
});
const track = <T extends {stop(): unknown}>(o: T): T => (open.push(o), o);
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}, pairingRetryMs: 100, authRetryMs: 200};
const TOKEN = 'tls-secret-token-0123456789';

let cert: {cert: string; key: string; sha256: string};
let other: {cert: string; key: string; sha256: string};
const make = async () => {
	const r = await generate([{name: 'commonName', value: 'gateway'}], {keySize: 2048});
	return {cert: r.cert, key: r.private, sha256: new crypto.X509Certificate(r.cert).fingerprint256};
};
before(async () => {
	[cert, other] = await Promise.all([make(), make()]);
});

const node = (port: number, extra: Record<string, unknown> = {}) => ({name: 'tls', host: '127.0.0.1', port, token: TOKEN, scheme: 'wss' as const, ...extra});
const statusOf = (conn: NodeConnection, pred: (s: NodeStatus) => boolean) => waitFor(() => (pred(conn.status) ? conn.status : undefined), {timeoutMs: 15_000});
const everything = (gw: {rawBytes: Buffer[]}) => Buffer.concat(gw.rawBytes).toString('latin1');

test('wss with the right pin: online, presented fingerprint reported; the token travels only inside TLS', async () => {
	const gw = track(await startTestGateway({tls: cert, token: TOKEN}));
	const conn = track(new NodeConnection(node(gw.port, {tlsFingerprint: cert.sha256}), memoryCredentials(), fast).start());
	const s = await statusOf(conn, st => st.state === 'online');
	assert.equal(s.presented, cert.sha256);
	assert.ok(everything(gw).includes(TOKEN), 'the gateway got the token (decrypted), so the test can see it');
});

test('wss pin mismatch: hard refusal "tls mismatch" with both fingerprints, and the server never receives the token, a signature or an upgrade request', async () => {
	const gw = track(await startTestGateway({tls: other, token: TOKEN}));
	const conn = track(new NodeConnection(node(gw.port, {tlsFingerprint: cert.sha256}), memoryCredentials(), fast).start());
	const s = await statusOf(conn, st => st.state === 'tls-mismatch');
	await waitFor(() => gw.tcpConnections >= 3 || undefined, {timeoutMs: 15_000}); // several attempts, all refused
	assert.equal(s.presented, other.sha256);
	const step = nextStep(s, node(gw.port, {tlsFingerprint: cert.sha256}));
	assert.ok(step.includes(other.sha256) && step.includes(cert.sha256), step);
	assert.equal(gw.received.length, 0, 'no frame reached the gateway');
	assert.equal(everything(gw), '', 'not one byte after the TLS handshake: no HTTP request, no token, no signature');
	const p = await probeNode(node(gw.port, {tlsFingerprint: cert.sha256}), memoryCredentials(), {timeoutMs: 3000});
	assert.equal(p.state, 'tls-mismatch');
	assert.equal(everything(gw), '');
});

test('wss unpinned self-signed: "untrusted certificate" with the presented SHA-256 and how to check it there; nothing sent', async () => {
	const gw = track(await startTestGateway({tls: cert, token: TOKEN}));
	const conn = track(new NodeConnection(node(gw.port), memoryCredentials(), fast).start());
	const s = await statusOf(conn, st => st.state === 'tls-untrusted');
	assert.equal(s.presented, cert.sha256);
	const step = nextStep(s, node(gw.port));
	assert.match(step, /openssl x509 -noout -fingerprint -sha256 -in ~\/\.openclaw\/gateway\/tls\/gateway-cert\.pem/);
	assert.match(step, /mgw-tui nodes trust tls SHA256/);
	assert.ok(step.includes(cert.sha256));
	assert.equal(everything(gw), '');
});

test('ws:// to a TLS port is diagnosed "this gateway speaks TLS: use wss://" (not "unreachable"); wss:// to a plain port the other way round', async () => {
	const gw = track(await startTestGateway({tls: cert, token: TOKEN}));
	const s = await probeNode({name: 'x', host: '127.0.0.1', port: gw.port, token: TOKEN}, memoryCredentials(), {timeoutMs: 3000});
	assert.equal(s.state, 'protocol-mismatch');
	assert.equal(s.code, 'TLS_REQUIRED');
	assert.match(nextStep(s, {name: 'x', host: '127.0.0.1', port: gw.port}), /this gateway speaks TLS: use wss:\/\/127\.0\.0\.1:\d+/);
	const plain = track(await startTestGateway({token: TOKEN}));
	const p = await probeNode(node(plain.port), memoryCredentials(), {timeoutMs: 3000});
	assert.equal(p.code, 'TLS_NOT_SPOKEN');
	assert.match(nextStep(p, node(plain.port)), /does not speak TLS: use ws:\/\//);
});

test('password auth: the secret goes in connect auth.password (not auth.token); a wrong password says so', async () => {
	const gw = track(await startTestGateway({password: 'funnel-pass-123456'}));
	const target = {name: 'pw', host: '127.0.0.1', port: gw.port, token: 'funnel-pass-123456', secretKind: 'password' as const};
	const s = await probeNode(target, memoryCredentials(), {timeoutMs: 3000});
	assert.equal(s.state, 'online', s.detail);
	const auth = (gw.received.find(r => r.method === 'connect')!.params as {auth: Record<string, string>}).auth;
	assert.equal(auth.password, 'funnel-pass-123456');
	assert.equal(auth.token, undefined);
	const bad = await probeNode({...target, token: 'wrong-pass-1234567'}, memoryCredentials(), {timeoutMs: 3000});
	assert.equal(bad.state, 'auth-failed');
	assert.match(nextStep(bad, target), /password does not match/);
});
