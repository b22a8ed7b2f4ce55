import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayAddress, gatewayKey, normalizeFingerprint, parseNodeUrl, parseSshTarget, routeLabel, sshDestination, validateRoute} from '../source/core/route.js';
import {validateNode} from '../source/core/nodes.js';
import {parseNodeTable, renderNodeTable} from '../source/core/markdown-table.js';
import {GUIDE_TABLE} from './helpers/store.js';

const FP = 'AB:'.repeat(31) + 'CD';

test('node address: ws (default, host[:port]), wss, https (Tailscale Serve, wss on 443 with a path)', () => {
	assert.deepEqual(parseNodeUrl('192.168.1.52'), {scheme: 'ws', host: '192.168.1.52'});
	assert.deepEqual(parseNodeUrl('192.168.1.52:19000'), {scheme: 'ws', host: '192.168.1.52', port: 19000});
	assert.deepEqual(parseNodeUrl('ws://studio.local:18789'), {scheme: 'ws', host: 'studio.local', port: 18789});
	assert.deepEqual(parseNodeUrl('WSS://[fe80::1]:18790/'), {scheme: 'wss', host: 'fe80::1', port: 18790});
	assert.deepEqual(parseNodeUrl('https://nas.tail1234.ts.net/openclaw'), {scheme: 'wss', host: 'nas.tail1234.ts.net', port: 443, path: '/openclaw'});
	assert.deepEqual(parseNodeUrl('fe80::1'), {scheme: 'ws', host: 'fe80::1'});
});

test('node address: bad input names the problem (unknown scheme, path on ws, credentials, query, bad host or port)', () => {
	const bad: [string, RegExp][] = [
		['http://10.0.0.1:18789', /unknown scheme "http:\/\/"/],
		['ftp://x', /unknown scheme/],
		['ws://10.0.0.1:18789/gateway', /path is only allowed on wss:\/\/ or https:\/\//],
		['wss://user:pw@10.0.0.1', /user@/],
		['https://x.ts.net/?token=abc', /query/],
		['ws://10.0.0.300', /not an IPv4/],
		['wss://host:99999', /out of range/],
		['https://x.ts.net/a b', /path/],
		['', /empty/],
	];
	for (const [input, re] of bad) {
		const r = parseNodeUrl(input);
		assert.ok('error' in r, input);
		assert.match((r as {error: string}).error, re, input);
	}
});

test('fingerprints: hex or colon form, sha256: and openssl prefixes, normalised; malformed refused', () => {
	const hex = 'ab'.repeat(31) + 'cd';
	assert.equal(normalizeFingerprint(hex), FP);
	assert.equal(normalizeFingerprint(`sha256:${hex}`), FP);
	assert.equal(normalizeFingerprint(`sha256 Fingerprint=${FP.toLowerCase()}`), FP);
	for (const bad of ['ab:cd', 'zz'.repeat(32), FP + ':EF', 'SHA1:' + hex]) assert.ok(typeof normalizeFingerprint(bad) !== 'string', bad);
});

test('ssh targets: alias or user@host[:port]; a leading "-", spaces or shell characters are refused', () => {
	assert.deepEqual(parseSshTarget('lab'), {host: 'lab', alias: true});
	assert.deepEqual(parseSshTarget('root@10.0.0.2:2222'), {host: '10.0.0.2', user: 'root', port: 2222, alias: false});
	assert.equal(sshDestination(parseSshTarget('root@10.0.0.2:2222') as never), 'ssh://root@10.0.0.2:2222');
	assert.equal(sshDestination(parseSshTarget('me@box.lan') as never), 'me@box.lan');
	const bad: [string, RegExp][] = [
		['-oProxyCommand=touch /tmp/x', /starts with "-"/],
		['-p22', /ssh option/],
		['me@host -oProxyCommand=x', /spaces/],
		['a;b', /shell characters/],
		['$(id)@h', /shell/],
		['bad!user@h', /user/],
		['', /empty/],
	];
	for (const [input, re] of bad) {
		const r = parseSshTarget(input);
		assert.ok('error' in r, input);
		assert.match((r as {error: string}).error, re, input);
	}
});

test('validateNode: route fields name their field (ssh, tls, auth), password kind, pin only on wss', () => {
	const base = {name: 'lab', host: 'wss://10.0.0.2:18790', port: '', token: 'secret-123456789', tags: ''};
	const ok = validateNode({...base, tls: FP.toLowerCase()}, []);
	assert.ok(ok.ok);
	if (ok.ok) assert.deepEqual(ok.value, {name: 'lab', host: '10.0.0.2', port: 18790, token: 'secret-123456789', tags: [], scheme: 'wss', tlsFingerprint: FP});
	const pw = validateNode({...base, host: 'https://nas.tail1.ts.net', auth: 'password'}, []);
	assert.ok(pw.ok && pw.value.secretKind === 'password' && pw.value.port === 443);
	const cases: [Record<string, string>, string, RegExp][] = [
		[{tls: 'nope'}, 'tls', /not a SHA-256 fingerprint/],
		[{host: 'ws://10.0.0.2', tls: FP}, 'tls', /needs a wss:\/\//],
		[{host: '127.0.0.1:18791', ssh: '-oProxyCommand=x'}, 'ssh', /starts with "-"/],
		[{ssh: 'lab'}, 'ssh', /tunnel carries plain ws/],
		[{auth: 'bearer'}, 'auth', /token or password/],
		[{host: 'gopher://x'}, 'host', /unknown scheme/],
		[{auth: 'password', token: ''}, 'token', /password is required/],
	];
	for (const [patch, field, re] of cases) {
		const r = validateNode({...base, ...patch}, []);
		assert.equal(r.ok, false, JSON.stringify(patch));
		if (!r.ok) {
			assert.deepEqual(Object.keys(r.errors), [field], JSON.stringify(patch));
			assert.match(r.errors[field as 'ssh']!, re);
		}
	}
});

test('route labels and device-token keys: ws, wss 🔒, ssh → host, tailscale; plain ws keys stay host:port', () => {
	assert.equal(routeLabel({host: '10.0.0.2', port: 18789}), 'ws');
	assert.equal(routeLabel({host: '10.0.0.2', port: 18790, scheme: 'wss'}), 'wss 🔒');
	assert.equal(routeLabel({host: '127.0.0.1', port: 18791, ssh: 'root@lab.lan:22'}), 'ssh → lab.lan');
	assert.equal(routeLabel({host: 'nas.tail1.ts.net', port: 443, scheme: 'wss'}), 'tailscale');
	assert.equal(displayAddress({host: 'nas.tail1.ts.net', port: 443, scheme: 'wss', path: '/oc'}), 'https://nas.tail1.ts.net/oc');
	assert.equal(gatewayKey({host: '10.0.0.2', port: 18789}), '10.0.0.2:18789');
	assert.equal(gatewayKey({host: '127.0.0.1', port: 18789, ssh: 'lab'}), 'ssh:lab|ws://127.0.0.1:18789');
	const v = validateRoute({address: '10.0.0.2:19000', port: '18789'});
	assert.ok(v.ok && v.value.port === 19000, 'a port in the address wins over the port field');
});

test("import/export: the guide's table imports unchanged; route columns round-trip (URL, SSH, TLS SHA256, Auth)", () => {
	const guide = parseNodeTable(GUIDE_TABLE);
	assert.deepEqual(guide.rows[0]!.node, {name: 'AI电脑', host: '192.168.1.52', port: 18789, tags: []});
	const nodes = [
		{name: 'plain', host: '10.0.0.2', port: 18789, token: 'tok-plain-123456', tags: []},
		{name: 'tls', host: '10.0.0.2', port: 18790, scheme: 'wss' as const, tlsFingerprint: FP, token: 'tok-tls-1234567', tags: []},
		{name: 'tunnel', host: '127.0.0.1', port: 18791, ssh: 'root@10.0.0.2', token: 'tok-ssh-1234567', tags: ['lo']},
		{name: 'funnel', host: 'nas.tail1.ts.net', port: 443, scheme: 'wss' as const, path: '/oc', token: 'pw-12345678', secretKind: 'password' as const, tags: []},
	];
	const text = renderNodeTable(nodes, {revealTokens: true});
	assert.match(text, /\| 名称 \| IP \| 端口 \| Token \| Tags \| URL \| SSH \| TLS SHA256 \| Auth \|/);
	const back = parseNodeTable(text);
	assert.deepEqual(back.problems, []);
	assert.deepEqual(
		back.rows.map(r => ({...r.node, token: r.token, ...(r.secretKind ? {secretKind: r.secretKind} : {})})),
		nodes.map(n => ({...n})),
	);
	assert.doesNotMatch(renderNodeTable(nodes.slice(0, 1)), /URL/, 'plain nodes export the guide table only');
	const bad = parseNodeTable('| name | host | port | token | ssh |\n|--|--|--|--|--|\n| x | 127.0.0.1 | | tok-12345678 | -oProxyCommand=y |\n');
	assert.match(bad.problems[0]!.reason, /^ssh: .*starts with "-"/);
});
