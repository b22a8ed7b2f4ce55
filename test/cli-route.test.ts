import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {runCli, BIN} from './helpers/cli.js';
import {waitFor} from './helpers/wait.js';
import crypto from 'node:crypto';
import {generate} from 'selfsigned';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {tempDir} from './helpers/store.js';
import {Registry} from '../source/store/registry.js';

const FP = 'AB:'.repeat(31) + 'CD';

test('nodes add with a URL, --ssh, --tls-fingerprint and --password; nodes trust; list shows the route; secret kind in the 0600 file', async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home};
	const tls = await runCli(['nodes', 'add', 'tls', 'wss://10.0.0.2:18790', '--tls-fingerprint', 'sha256:' + FP.replaceAll(':', '').toLowerCase()], {env, stdin: 'tls-token-123456789\n'});
	assert.equal(tls.code, 0, tls.stderr);
	assert.match(tls.stdout, new RegExp(`added tls wss://10\\.0\\.0\\.2:18790 pinned ${FP} token ••••6789`));
	const funnel = await runCli(['nodes', 'add', 'nas', 'https://nas.tail1234.ts.net/oc', '--password'], {env: {...env, MGW_TUI_TOKEN: 'funnel-password-42'}});
	assert.equal(funnel.code, 0, funnel.stderr);
	assert.match(funnel.stdout, /added nas https:\/\/nas\.tail1234\.ts\.net\/oc password ••••d-42/);
	const ssh = await runCli(['nodes', 'add', 'lo', 'ws://127.0.0.1:18791', '--ssh', 'root@10.0.0.2'], {env, stdin: 'lo-token-123456789\n'});
	assert.equal(ssh.code, 0, ssh.stderr);
	const later = await runCli(['nodes', 'add', 'later', 'wss://10.0.0.3'], {env, stdin: 'later-token-1234567\n'});
	assert.equal(later.code, 0, later.stderr);
	const trust = await runCli(['nodes', 'trust', 'later', FP.replaceAll(':', '')], {env});
	assert.equal(trust.code, 0, trust.stderr);
	assert.equal(new Registry(home).nodes().find(n => n.name === 'later')!.tlsFingerprint, FP);

	const list = await runCli(['nodes', 'list'], {env});
	assert.match(list.stdout, /ROUTE/);
	assert.match(list.stdout, /tls\s+10\.0\.0\.2\s+18790\s+wss 🔒/);
	assert.match(list.stdout, /nas\s+nas\.tail1234\.ts\.net\s+443\s+tailscale\s+pw ••••d-42/);
	assert.match(list.stdout, /lo\s+127\.0\.0\.1\s+18791\s+ssh → 10\.0\.0\.2/);
	const json = JSON.parse((await runCli(['nodes', 'list', '--json'], {env})).stdout);
	assert.deepEqual(
		json.map((n: {route: string; url: string; secretKind: string}) => [n.route, n.url, n.secretKind]),
		[
			['wss 🔒', 'wss://10.0.0.2:18790', 'token'],
			['tailscale', 'https://nas.tail1234.ts.net/oc', 'password'],
			['ssh → 10.0.0.2', 'ws://127.0.0.1:18791', 'token'],
			['wss 🔒', 'wss://10.0.0.3:18789', 'token'],
		],
	);
	const secretsFile = path.join(home, 'secrets.json');
	assert.equal(fs.statSync(secretsFile).mode & 0o777, 0o600);
	assert.deepEqual(JSON.parse(fs.readFileSync(secretsFile, 'utf8')).secretKinds, {nas: 'password'});
	const settings = fs.readFileSync(path.join(home, 'settings.json'), 'utf8');
	assert.ok(!settings.includes('funnel-password-42') && !settings.includes('tls-token'), 'no secret in settings.json');
	const all = (list.stdout + JSON.stringify(json)).toString();
	assert.ok(!all.includes('funnel-password-42'));
});

test('nodes add / trust: bad input is a usage error naming the flag, before any secret is read', async () => {
	const home = tempDir();
	const env = {MGW_TUI_HOME: home};
	const cases: [string[], RegExp][] = [
		[['nodes', 'add', 'x', 'http://10.0.0.2'], /URL: unknown scheme "http:\/\/"/],
		[['nodes', 'add', 'x', 'ws://10.0.0.2/path'], /URL: a path is only allowed on wss/],
		[['nodes', 'add', 'x', 'wss://10.0.0.2', '--tls-fingerprint', '12:34'], /--tls-fingerprint: .* is not a SHA-256 fingerprint/],
		[['nodes', 'add', 'x', '127.0.0.1', '--ssh=-oProxyCommand=touch /tmp/pwned'], /--ssh: .*starts with "-"/],
		[['nodes', 'add', 'x', '127.0.0.1', '--ssh', 'me@host -p 22'], /--ssh: .*spaces/],
		[['nodes', 'add', 'x', '10.0.0.2', '--password=hunter2'], /never taken from the command line/],
		[['nodes', 'trust', 'x', 'not-a-fingerprint'], /SHA256: .* is not a SHA-256 fingerprint/],
	];
	for (const [args, re] of cases) {
		// stdin is a (fake) terminal that never answers: a prompt would hang, so reaching it fails the test
		const r = await runCli(args, {env});
		assert.equal(r.code, 2, args.join(' ') + r.stderr);
		assert.match(r.stderr, re, args.join(' '));
	}
	await runCli(['nodes', 'add', 'plain', '10.0.0.2'], {env, stdin: 'tok-123456789\n'});
	const t = await runCli(['nodes', 'trust', 'plain', FP], {env});
	assert.equal(t.code, 1);
	assert.match(t.stderr, /not a wss:\/\/ node/);
});

test('headless status on an ssh node: SIGTERM ends mgw-tui and its ssh child (killed by PID), nothing outlives it', async () => {
	const home = tempDir();
	const log = path.join(home, 'ssh.log');
	const fake = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'fake-ssh.mjs');
	const env = {PATH: process.env.PATH, MGW_TUI_HOME: home, MGW_TUI_SSH_COMMAND: `${process.execPath} ${fake}`, FAKE_SSH_LOG: log};
	assert.equal((await runCli(['nodes', 'add', 'far', '127.0.0.1:18789', '--ssh', 'root@hang'], {env, stdin: 'tok-123456789\n'})).code, 0);
	const child = spawn(process.execPath, [BIN, 'status', '--timeout', '60000'], {env, stdio: 'ignore'});
	// a complete first line: the fake ssh creates the file, then writes its line
	const firstLine = () => (fs.existsSync(log) ? /^.*\n/.exec(fs.readFileSync(log, 'utf8'))?.[0] : undefined);
	const started = await waitFor(() => {
		const line = firstLine();
		return line ? (JSON.parse(line) as {pid: number}) : undefined;
	}, {timeoutMs: 20_000, what: 'ssh started'});
	const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve(signal ?? code)));
	child.kill('SIGTERM');
	assert.equal(await exited, 'SIGTERM');
	await waitFor(() => {
		try {
			process.kill(started.pid, 0);
			return false;
		} catch {
			return true;
		}
	}, {timeoutMs: 5000, what: 'ssh gone'});
});

test('status --json carries the route, the presented certificate and the pin; trusting it brings the node online', async () => {
	const c = await generate([{name: 'commonName', value: 'gateway'}], {keySize: 2048});
	const sha = new crypto.X509Certificate(c.cert).fingerprint256;
	const gw = await startTestGateway({tls: {cert: c.cert, key: c.private}, token: 'tls-token-12345678'});
	try {
		const home = tempDir();
		const env = {MGW_TUI_HOME: home};
		assert.equal((await runCli(['nodes', 'add', 'tls', `wss://127.0.0.1:${gw.port}`], {env, stdin: 'tls-token-12345678\n'})).code, 0);
		const before = await runCli(['status', '--json', '--timeout', '3000'], {env});
		assert.equal(before.code, 1);
		const [row] = JSON.parse(before.stdout);
		assert.equal(row.state, 'tls-untrusted');
		assert.equal(row.route, 'wss 🔒');
		assert.deepEqual(row.tls, {presented: sha, pin: null});
		assert.match(row.nextStep, /openssl x509 -noout -fingerprint -sha256/);
		assert.ok(!before.stdout.includes('tls-token-12345678'));
		assert.equal((await runCli(['nodes', 'trust', 'tls', row.tls.presented], {env})).code, 0);
		const after = await runCli(['status', '--json', '--timeout', '3000'], {env});
		assert.equal(after.code, 0, after.stdout);
		assert.deepEqual(JSON.parse(after.stdout)[0].tls, {presented: sha, pin: sha});
	} finally {
		await gw.stop();
	}
});
