/**
 * Interop with a REAL OpenClaw 2026.9.6 gateway (installed from npm under Node 24, fake model,
 * loopback guard, 127.0.0.1 only, stopped by PID). Never skipped.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import {realGatewayForFile, freePort} from './gateway.js';
import {runCli} from '../helpers/cli.js';
import {tempDir, tempStore} from '../helpers/store.js';
import {waitFor} from '../helpers/wait.js';
import {Registry} from '../../source/store/registry.js';
import {storeCredentials} from '../../source/store/credentials.js';
import {NodeConnection} from '../../source/net/node-connection.js';
import {connectNode} from '../../source/net/connect.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {Fleet} from '../../source/net/fleet.js';
import {App} from '../../source/ui/App.js';
import {renderAt, plain} from '../helpers/render-at.js';
import {RemoteConfig} from '../../source/net/remote-config.js';
import {checkGateway} from '../../source/core/gateway-check.js';
import JSON5 from 'json5';

const file = realGatewayForFile();
const cleanup = file.cleanup;

const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}, pairingRetryMs: 300, authRetryMs: 1000};

test('real gateway: handshake, status online with version 2026.9.6', async () => {
	const home = tempDir();
	new Registry(home).add({name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token, tags: []});
	const r = await runCli(['status', '--json', '--timeout', '10000'], {env: {MGW_TUI_HOME: home}});
	assert.equal(r.code, 0, r.stdout + r.stderr);
	const [row] = JSON.parse(r.stdout);
	assert.equal(row.state, 'online');
	assert.equal(row.version, '2026.9.6');
	assert.ok(row.rttMs > 0 && row.rttMs < 5000);
	assert.ok(!r.stdout.includes(file.gw.token));
	// the loopback handshake issued a device token, kept in the 0600 secrets file only
	const secrets = fs.readFileSync(path.join(home, 'secrets.json'), 'utf8');
	assert.ok(JSON.parse(secrets).deviceTokens.real.token);
	assert.equal(fs.statSync(path.join(home, 'secrets.json')).mode & 0o777, 0o600);
	assert.ok(!fs.readFileSync(path.join(home, 'settings.json'), 'utf8').includes(file.gw.token));
});

test('real gateway answers our WebSocket ping — the RTT of every poll — and a polled node stays online with the ping RTT', async () => {
	const {client} = await connectNode({name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, memoryCredentials(), {version: '0.1.0'});
	try {
		const rtts = [];
		for (let i = 0; i < 3; i++) rtts.push(await client.ping(3000));
		assert.ok(rtts.every(r => r !== undefined && r >= 0 && r < 3000), `pings: ${rtts.join(', ')}`);
	} finally {
		client.close();
	}
	const fleet = new Fleet(memoryCredentials(), {...fast, pollMs: 300});
	try {
		fleet.sync([{name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}]);
		const seen: string[] = [];
		fleet.on('status', (_n: string, s: {state: string; detail?: string}) => seen.push(`${s.state} ${s.detail ?? ''}`));
		await waitFor(() => seen.filter(s => s.startsWith('online')).length >= 4, {what: 'several polls online', timeoutMs: 20_000});
		// (the gateway may call its own event loop degraded while it warms up; no poll may say the ping went unanswered)
		assert.ok(!seen.some(s => /ping/.test(s)), seen.join('\n'));
		assert.ok(fleet.statuses().real!.rttMs! < 3000);
	} finally {
		await fleet.stop();
	}
});

test('real gateway: wrong token → auth failed with AUTH_TOKEN_MISMATCH; closed port → unreachable', async () => {
	const home = tempDir();
	const reg = new Registry(home);
	reg.add({name: 'wrong', host: '127.0.0.1', port: file.gw.port, token: 'definitely-wrong-token', tags: []});
	reg.add({name: 'closed', host: '127.0.0.1', port: await freePort(), token: file.gw.token, tags: []});
	const r = await runCli(['status', '--json', '--timeout', '10000'], {env: {MGW_TUI_HOME: home}});
	assert.equal(r.code, 1);
	const rows = JSON.parse(r.stdout);
	assert.deepEqual([rows[0].state, rows[0].code], ['auth-failed', 'AUTH_TOKEN_MISMATCH']);
	assert.match(rows[0].nextStep, /token does not match/);
	assert.deepEqual([rows[1].state, rows[1].code], ['unreachable', 'ECONNREFUSED']);
});

test('real gateway: a remote-looking client is pairing required, approved via device.pair.approve, then online with its device token persisted', async () => {
	const home = tempDir();
	const reg = new Registry(home);
	reg.add({name: 'AI电脑', host: '127.0.0.1', port: file.gw.port, token: file.gw.token, tags: []});
	const creds = storeCredentials(reg);
	const conn = new NodeConnection({name: 'AI电脑', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, creds, {...fast, headers: {'X-Forwarded-For': '203.0.113.7'}}).start();
	cleanup.push(() => conn.stop());
	await waitFor(() => conn.status.state === 'pairing-required' && conn.status.requestId, {what: 'pairing required', timeoutMs: 20_000});
	const requestId = conn.status.requestId!;
	assert.equal(conn.status.code, 'PAIRING_REQUIRED');
	// an operator on the gateway's own computer approves (loopback admin connection)
	const admin = await connectNode({name: 'admin', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, memoryCredentials(), {version: '0.1.0'});
	try {
		const list = await admin.client.request<{pending: {requestId: string}[]}>('device.pair.list', {});
		assert.ok(list.pending.some(p => p.requestId === requestId));
		await admin.client.request('device.pair.approve', {requestId});
	} finally {
		admin.client.close();
	}
	await waitFor(() => conn.status.state === 'online', {what: 'online after approval', timeoutMs: 20_000});
	assert.equal(conn.status.version, '2026.9.6');
	// device-token writes are batched (one atomic write per batch): wait for it on disk
	const stored = await waitFor(() => new Registry(home).secrets().deviceTokens['AI电脑'], {what: 'device token persisted'});
	assert.ok(stored.token, 'device token persisted');
	assert.equal(stored.gateway, `127.0.0.1:${file.gw.port}`);
	assert.equal(fs.statSync(path.join(home, 'secrets.json')).mode & 0o777, 0o600);
	void conn.stop();
	// from then on the device token is used: a new connection from the same install is online at once
	const again = new NodeConnection({name: 'AI电脑', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}, storeCredentials(new Registry(home)), {...fast, headers: {'X-Forwarded-For': '203.0.113.7'}}).start();
	cleanup.push(() => again.stop());
	await waitFor(() => again.status.state === 'online', {what: 'online with device token', timeoutMs: 20_000});
	void again.stop();
});

test("real gateway: a node's config over RPC — config.get (secrets redacted), checks, config.patch with baseHash; the token is never written back", async () => {
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	fleet.sync([{name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token}]);
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'online', timeoutMs: 20_000});
	const rc = new RemoteConfig('real', () => fleet.connection('real'));
	const view = await rc.load();
	assert.ok(view.hash, 'baseHash present');
	assert.ok(!view.text.includes(file.gw.token), 'secret redacted in config.get');
	const parsed = view.parsed as {gateway: {bind: string; auth: {token: string}}};
	assert.equal(parsed.gateway.bind, 'loopback');
	assert.equal(checkGateway(view.parsed, {redacted: true}).filter(f => f.severity === 'error').length, 0, 'the running config passes our checks (secrets arrive redacted over RPC)');
	await assert.rejects(rc.write(view, [{path: ['gateway', 'auth', 'token'], value: parsed.gateway.auth.token}], {}), /redacted secret/);
	const out = await rc.write(view, [{path: ['gateway', 'trustedProxies'], value: ['127.0.0.1', '::1']}], {});
	assert.equal(out.restartNeeded, false);
	await waitFor(async () => JSON5.parse(fs.readFileSync(file.gw.configPath, 'utf8')).gateway.trustedProxies?.length === 2, {what: 'patched on disk', timeoutMs: 20_000});
	const onDisk = JSON5.parse(fs.readFileSync(file.gw.configPath, 'utf8'));
	assert.equal(onDisk.gateway.auth.token, file.gw.token, 'the real token is kept');
	// a stale baseHash is refused by the gateway
	await assert.rejects(rc.write(view, [{path: ['gateway', 'trustedProxies'], value: ['127.0.0.1']}], {}));
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'still online', timeoutMs: 20_000});
});

test('real gateway: the console at 80×24 shows it online with version and RTT, a wrong token as auth failed; stop and restart → unreachable → online by itself', async () => {
	const s = tempStore();
	s.registry.add({name: 'real', host: '127.0.0.1', port: file.gw.port, token: file.gw.token, tags: []});
	s.registry.add({name: 'badtoken', host: '127.0.0.1', port: file.gw.port, token: 'not-the-token-123', tags: []});
	const fleet = new Fleet(storeCredentials(s.registry), fast);
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /● online\s+real\s+127\.0\.0\.1\s+\d+\s+••••\S+\s+\d+ms\s+2026\.9\.6/.test(frame()), {what: 'online row', timeoutMs: 20_000});
	await waitFor(() => /✖ auth failed\s+badtoken/.test(frame()), {what: 'auth failed row', timeoutMs: 20_000});
	await file.gw.stopGateway();
	await waitFor(() => /✖ unreachable\s+real/.test(frame()), {what: 'unreachable', timeoutMs: 20_000});
	await file.gw.startGateway();
	await waitFor(() => /● online\s+real/.test(frame()), {what: 'back online', timeoutMs: 30_000});
});
