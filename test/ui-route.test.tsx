import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import React from 'react';
import {generate} from 'selfsigned';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway, type TestGateway} from '../source/net/test-gateway/server.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup.reverse()) await c();
});
const fastOpts = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 300}, pairingRetryMs: 100, authRetryMs: 150};
let gw: TestGateway;
let sha: string;
before(async () => {
	const c = await generate([{name: 'commonName', value: 'gateway'}], {keySize: 2048});
	sha = new crypto.X509Certificate(c.cert).fingerprint256;
	gw = await startTestGateway({tls: {cert: c.cert, key: c.private}, token: 'tls-token-12345678'});
	cleanup.push(() => gw.stop());
});

test('Nodes pane at 80×24: route column (wss 🔒, ssh → host); an untrusted certificate shows its SHA-256 in the detail, T shows it again and asks, y pins it and the node comes online', async () => {
	const s = tempStore();
	s.registry.add({name: 'tls', host: '127.0.0.1', port: gw.port, scheme: 'wss', token: 'tls-token-12345678', tags: []});
	s.registry.add({name: 'tunnel', host: '127.0.0.1', port: 18791, ssh: 'root@10.9.9.9', token: 'ssh-token-12345678', tags: []});
	const fleet = new Fleet(memoryCredentials(), {...fastOpts, env: {PATH: process.env.PATH, MGW_TUI_SSH_COMMAND: 'false'}});
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => (/✖ untrusted certificate\s+tls\s+127\.0\.0\.1\s+\d+\s+wss 🔒/.test(frame())), {what: 'untrusted row with route', timeoutMs: 15_000});
	await waitFor(() => /ssh failed\s+tunnel\s+127\.0\.0\.1\s+18791\s+ssh → 10/.test(frame()), {what: 'ssh route'});
	await r.press(KEY.enter);
	await waitFor(() => frame().includes(sha.slice(0, 30)), {what: 'fingerprint in detail'});
	assert.match(frame(), /openssl x509/);
	assert.match(frame(), /-noout -fingerprint -sha256 -in/);
	assert.match(frame(), /Presented\s+[0-9A-F]{2}:/);
	await r.press(KEY.esc);
	await r.press('T');
	await waitFor(() => /Trust tls's certificate SHA-256/.test(frame()), {what: 'trust prompt'});
	await r.press('y');
	await waitFor(() => /● online\s+tls/.test(frame()), {what: 'online after trusting', timeoutMs: 15_000});
	assert.equal(s.registry.nodes()[0]!.tlsFingerprint, sha);
	// T on a node that is not wss explains why nothing happens
	await r.press(KEY.down, 'T');
	await waitFor(() => /applies to wss:\/\/ and https:\/\/ nodes only/.test(frame()), {what: 'refusal'});
});

test('node form: a wss address with a pin and password auth is saved; a bad pin and an ssh target with a leading "-" are marked at their fields', async () => {
	const s = tempStore();
	const r = renderAt(<App services={s.services()} />, 80, 24);
	cleanup.push(() => r.unmount());
	await r.ready();
	await r.press('a');
	await r.type('nas');
	await r.press(KEY.tab);
	await r.type('https://nas.tail1.ts.net/oc');
	await r.press(KEY.tab, KEY.tab);
	await r.type('pw-12345678');
	await r.press(KEY.tab, KEY.tab);
	for (let i = 0; i < 5; i++) await r.press(KEY.backspace);
	await r.type('password');
	await r.press(KEY.tab);
	await r.type('-oProxyCommand=x');
	await r.press(KEY.tab);
	await r.type('12:34');
	await r.press(KEY.enter);
	const f = plain(r.frame());
	assert.match(f, /✖ .*starts with "-"/);
	assert.match(f, /✖ "12:34" is not a SHA-256 fingerprint/);
	assert.equal(s.registry.nodes().length, 0);
	// the cursor is on the first bad field (ssh): clear it, then the pin
	for (let i = 0; i < 20; i++) await r.press(KEY.backspace);
	await r.press(KEY.tab);
	for (let i = 0; i < 6; i++) await r.press(KEY.backspace);
	await r.press(KEY.enter);
	await waitFor(() => /added node nas/.test(plain(r.frame())), {what: 'saved'});
	assert.deepEqual(s.registry.drafts()[0], {name: 'nas', host: 'nas.tail1.ts.net', port: 443, tags: [], scheme: 'wss', path: '/oc', token: 'pw-12345678', secretKind: 'password'});
});
