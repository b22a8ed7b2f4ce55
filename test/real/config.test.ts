/** The real OpenClaw 2026.9.6 judges what `mgw-tui config fix` writes. Never skipped. */
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import {runOpenclaw, startRealGateway, type RealGateway} from './gateway.js';
import {runCli} from '../helpers/cli.js';
import {tempDir, GUIDE_CONFIG} from '../helpers/store.js';
import {Registry} from '../../source/store/registry.js';
import {Fleet} from '../../source/net/fleet.js';
import {memoryCredentials} from '../../source/net/credentials.js';
import {RemoteConfig} from '../../source/net/remote-config.js';
import {waitFor} from '../helpers/wait.js';

const gateways: RealGateway[] = [];
after(async () => {
	for (const g of gateways) await g.stop();
});

const BROKEN_SECTIONS: [string, string][] = [
	['guide example with 0.0.0.0 inside a commented file', GUIDE_CONFIG],
	['"all", no mode, retired key', `{gateway: {bind: 'all', auth: {token: 'x-token-123'}, tailscale: {mode: 'off', resetOnExit: true}}}`],
	['#30893 serve with a LAN bind', `{"gateway": {"mode": "local", "bind": "lan", "auth": {"token": "t-123456"}, "tailscale": {"mode": "serve"}}}`],
	['lan with auth none, legacy host', `{"gateway": {"mode": "local", "host": "0.0.0.0", "auth": {"mode": "none"}}}`],
	['token and password, no mode; port out of range', `{"gateway": {"mode": "local", "port": 70000, "auth": {"token": "a-123456", "password": "b-123456"}}}`],
];

test('real `openclaw config validate` accepts every file `mgw-tui config fix --yes` writes (and rejects the broken ones it should)', async () => {
	for (const [name, text] of BROKEN_SECTIONS) {
		const dir = tempDir();
		const file = path.join(dir, 'openclaw.json');
		fs.writeFileSync(file, text);
		const fix = await runCli(['config', 'fix', '--yes', '--config', file]);
		assert.equal(fix.code, 0, `${name}: ${fix.stdout}${fix.stderr}`);
		const after = await runCli(['config', 'check', '--config', file]);
		assert.equal(after.code, 0, `${name}: ${after.stdout}`);
		const v = await runOpenclaw(['config', 'validate', '--json'], file);
		assert.equal(v.code, 0, `${name}: openclaw config validate refused the fixed file:\n${v.stdout}\n${v.stderr}\n--- file:\n${fs.readFileSync(file, 'utf8')}`);
	}
	// and the real validator does refuse a value our checks flag (so the comparison means something)
	const dir = tempDir();
	const bad = path.join(dir, 'openclaw.json');
	fs.writeFileSync(bad, `{"gateway": {"mode": "local", "bind": "all"}}`);
	const v = await runOpenclaw(['config', 'validate', '--json'], bad);
	assert.notEqual(v.code, 0, `openclaw accepted bind "all": ${v.stdout}`);
	assert.equal((await runCli(['config', 'check', '--config', bad])).code, 1);
});

test('a real gateway started on a section fixed to bind "lan" comes up (loopback guard keeps it on 127.0.0.1) and mgw-tui sees it online', async () => {
	let fixedText = '';
	const gw = await startRealGateway({
		bindFlag: false,
		// the broken section a person wrote following the guide: 0.0.0.0 and no auth at all
		gatewayConfig: {replace: {mode: 'local', bind: '0.0.0.0'}},
		beforeStart: async configPath => {
			const fix = await runCli(['config', 'fix', '--yes', '--config', configPath]);
			assert.equal(fix.code, 0, fix.stdout + fix.stderr);
			fixedText = fs.readFileSync(configPath, 'utf8');
			const g = JSON5.parse(fixedText).gateway;
			assert.equal(g.bind, 'lan');
			assert.equal(g.auth.mode, 'token');
			return g.auth.token;
		},
	});
	gateways.push(gw);
	assert.ok(fixedText.includes('"bind": "lan"'));
	const home = tempDir();
	new Registry(home).add({name: 'lanbox', host: '127.0.0.1', port: gw.port, token: gw.token, tags: []});
	const st = await runCli(['status', '--json', '--timeout', '10000'], {env: {MGW_TUI_HOME: home}});
	assert.equal(st.code, 0, st.stdout + st.stderr);
	assert.equal(JSON.parse(st.stdout)[0].state, 'online');
});

test('real gateway: config.set {raw, baseHash} exists and, like config.patch, rewrites the file from values — comments are not kept (what the remote preview says)', async () => {
	const gw = await startRealGateway({
		beforeStart: configPath => {
			fs.writeFileSync(configPath, `// kept by hand: do not lose me\n${fs.readFileSync(configPath, 'utf8')}`);
			return undefined;
		},
	});
	gateways.push(gw);
	const fleet = new Fleet(memoryCredentials(), {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}, pairingRetryMs: 300, authRetryMs: 1000});
	after(() => fleet.stop());
	fleet.sync([{name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token}]);
	await waitFor(() => fleet.statuses().real?.state === 'online', {what: 'online', timeoutMs: 30_000});
	const rc = new RemoteConfig('real', () => fleet.connection('real'));
	const view = await rc.load();
	assert.match(view.text, /do not lose me/, 'config.get returns the authored text with its comment');
	assert.ok(!view.text.includes(gw.token), 'secrets redacted');
	// config.set with the authored text (redacted token included: the gateway restores it) and one value changed
	const raw = view.text.replace(/"trustedProxies"[^\n]*\n/, '').replace('"mode": "local",', '"mode": "local",\n    "trustedProxies": ["127.0.0.1"],');
	assert.notEqual(raw, view.text);
	const conn = fleet.connection('real')!;
	await conn.request('config.set', {raw, baseHash: view.hash}, {timeoutMs: 60_000});
	await waitFor(() => JSON5.parse(fs.readFileSync(gw.configPath, 'utf8')).gateway.trustedProxies?.[0] === '127.0.0.1', {what: 'config.set on disk', timeoutMs: 30_000});
	const onDisk = fs.readFileSync(gw.configPath, 'utf8');
	assert.equal(JSON5.parse(onDisk).gateway.auth.token, gw.token, 'the redacted token was restored, not written as the marker');
	assert.doesNotMatch(onDisk, /do not lose me/, 'the gateway rewrote the file: the comment is gone');
	assert.match(RemoteConfig.NOTE, /comments and layout are not kept/);
});
