import {test} from 'node:test';
import assert from 'node:assert/strict';
import JSON5 from 'json5';
import {checkGateway, needsRestart, type Finding} from '../source/core/gateway-check.js';
import {planFixes} from '../source/core/config-plan.js';
import {shareLines} from '../source/core/config-share.js';
import {applyOps} from '../source/core/json5-edit.js';
import {diffLines, formatDiff} from '../source/core/diff.js';

const check = (gateway: unknown) => checkGateway({gateway});
const codes = (f: Finding[]) => f.filter(x => x.severity === 'error').map(x => x.code);
const fixed = (gateway: Record<string, unknown>, secrets = {token: 'GEN-TOKEN-0123456789abcdef', password: 'GEN-PASS-0123456789abcdef'}) => {
	const text = JSON.stringify({gateway}, null, 2);
	return JSON5.parse(applyOps(text, planFixes({gateway}).ops, secrets)).gateway;
};

/** Sections from OpenClaw users' reports (#9275, #21504, #28849, #30893, #8641, the guide's FAQ …). */
const TABLE: {name: string; gw: Record<string, unknown>; errors: string[]; message?: RegExp; result?: Record<string, unknown>}[] = [
	{name: '#9275 bind 0.0.0.0', gw: {mode: 'local', bind: '0.0.0.0', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], message: /bind "0\.0\.0\.0" is an address, but bind takes a mode/, result: {mode: 'local', bind: 'lan', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: 'guide FAQ "all"', gw: {mode: 'local', bind: 'all', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'lan', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: '#28849 any / * / :: / [::]', gw: {mode: 'local', bind: '[::]', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'lan', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: '#21504 127.0.0.1', gw: {mode: 'local', bind: '127.0.0.1'}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'loopback'}},
	{name: 'localhost', gw: {mode: 'local', bind: 'localhost'}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'loopback'}},
	{name: '::1', gw: {mode: 'local', bind: '::1'}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'loopback'}},
	{name: '#15708 a LAN IP', gw: {mode: 'local', bind: '192.168.1.52', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'custom', customBindHost: '192.168.1.52', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: '#21504 a tailnet IP', gw: {mode: 'local', bind: '100.101.102.103', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'tailnet', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: '100.128.x is not tailnet', gw: {mode: 'local', bind: '100.128.0.1', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['BIND_ADDRESS'], result: {mode: 'local', bind: 'custom', customBindHost: '100.128.0.1', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: 'nonsense bind', gw: {mode: 'local', bind: 'public'}, errors: ['BIND_INVALID'], message: /Invalid input "public" \(allowed: "loopback" \| "lan"/},
	{name: 'custom without host', gw: {mode: 'local', bind: 'custom', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['CUSTOM_HOST'], message: /requires gateway\.customBindHost/},
	{name: 'custom with a hostname', gw: {mode: 'local', bind: 'custom', customBindHost: 'box.local', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['CUSTOM_HOST'], message: /valid IPv4 customBindHost \(got "box\.local"\)/},
	{name: 'lan without auth', gw: {mode: 'local', bind: 'lan'}, errors: ['AUTH_REQUIRED'], result: {mode: 'local', bind: 'lan', auth: {mode: 'token', token: 'GEN-TOKEN-0123456789abcdef'}}},
	{name: 'lan with auth none (exit 78)', gw: {mode: 'local', bind: 'lan', auth: {mode: 'none'}}, errors: ['AUTH_REQUIRED'], result: {mode: 'local', bind: 'lan', auth: {mode: 'token', token: 'GEN-TOKEN-0123456789abcdef'}}},
	{name: 'lan, mode token, no token', gw: {mode: 'local', bind: 'lan', auth: {mode: 'token'}}, errors: ['AUTH_REQUIRED'], result: {mode: 'local', bind: 'lan', auth: {mode: 'token', token: 'GEN-TOKEN-0123456789abcdef'}}},
	{name: '#30893 serve with a LAN bind', gw: {mode: 'local', bind: 'lan', auth: {token: 'T0k3n-long-enough-xyz'}, tailscale: {mode: 'serve'}}, errors: ['TAILSCALE_LOOPBACK'], message: /tailscale serve requires gateway bind=loopback/, result: {mode: 'local', bind: 'loopback', auth: {token: 'T0k3n-long-enough-xyz'}, tailscale: {mode: 'serve'}}},
	{name: 'funnel with token auth', gw: {mode: 'local', bind: 'loopback', auth: {mode: 'token', token: 'T0k3n-long-enough-xyz'}, tailscale: {mode: 'funnel'}}, errors: ['FUNNEL_PASSWORD'], result: {mode: 'local', bind: 'loopback', auth: {mode: 'password', token: 'T0k3n-long-enough-xyz', password: 'GEN-PASS-0123456789abcdef'}, tailscale: {mode: 'funnel'}}},
	{name: 'funnel + lan: both fixed', gw: {mode: 'local', bind: 'lan', auth: {password: 'P4ssw0rd-long-enough'}, tailscale: {mode: 'funnel'}}, errors: ['FUNNEL_PASSWORD', 'TAILSCALE_LOOPBACK'], result: {mode: 'local', bind: 'loopback', auth: {password: 'P4ssw0rd-long-enough', mode: 'password'}, tailscale: {mode: 'funnel'}}},
	{name: 'token and password, no mode', gw: {mode: 'local', auth: {token: 'T0k3n-long-enough-xyz', password: 'P4ssw0rd-long-enough'}}, errors: ['AUTH_AMBIGUOUS'], result: {mode: 'local', auth: {token: 'T0k3n-long-enough-xyz', password: 'P4ssw0rd-long-enough', mode: 'token'}}},
	{name: 'mode missing (exit 78)', gw: {bind: 'loopback'}, errors: ['MODE_NOT_LOCAL'], message: /gateway\.mode is missing/, result: {bind: 'loopback', mode: 'local'}},
	{name: 'mode remote is a client-only computer: valid, never rewritten', gw: {mode: 'remote', remote: {url: 'ws://10.0.0.2:18789'}}, errors: [], message: /client of ws:\/\/10\.0\.0\.2/, result: {mode: 'remote', remote: {url: 'ws://10.0.0.2:18789'}}},
	{name: 'port out of range', gw: {bind: 'loopback', mode: 'local', port: 70000}, errors: ['PORT_RANGE'], result: {bind: 'loopback', mode: 'local', port: 18789}},
	{name: 'port as a string', gw: {bind: 'loopback', mode: 'local', port: '18789'}, errors: ['PORT_RANGE'], result: {bind: 'loopback', mode: 'local', port: 18789}},
	{name: 'retired tailscale.resetOnExit', gw: {bind: 'loopback', mode: 'local', tailscale: {mode: 'off', resetOnExit: true}}, errors: ['RETIRED_KEY'], message: /retired: managed routes/, result: {bind: 'loopback', mode: 'local', tailscale: {mode: 'off'}}},
	{name: 'legacy host 0.0.0.0 → bind lan', gw: {mode: 'local', host: '0.0.0.0', auth: {token: 'T0k3n-long-enough-xyz'}}, errors: ['RETIRED_KEY'], result: {mode: 'local', auth: {token: 'T0k3n-long-enough-xyz'}, bind: 'lan'}},
	{name: 'unknown key', gw: {bind: 'loopback', mode: 'local', listen: '0.0.0.0'}, errors: ['UNKNOWN_KEY'], message: /gateway\.listen: unknown key/, result: {bind: 'loopback', mode: 'local'}},
	{name: 'unknown auth key', gw: {mode: 'local', auth: {token: 'T0k3n-long-enough-xyz', tokne: 'x'}}, errors: ['UNKNOWN_KEY'], result: {mode: 'local', auth: {token: 'T0k3n-long-enough-xyz'}}},
	{name: 'trusted-proxy without proxies', gw: {mode: 'local', bind: 'lan', auth: {mode: 'trusted-proxy'}}, errors: ['TRUSTED_PROXY', 'TRUSTED_PROXY_HEADER']},
	{name: 'wrong types', gw: {bind: 'loopback', mode: 'local', auth: {mode: 'oauth'}}, errors: ['SCHEMA'], message: /gateway\.auth\.mode/},
	{name: 'a good LAN section', gw: {mode: 'local', port: 18789, bind: 'lan', auth: {mode: 'token', token: 'x-long-enough-token-1'}, controlUi: {allowedOrigins: ['http://192.168.1.5:18789']}}, errors: []},
	{name: 'the default loopback section', gw: {mode: 'local', bind: 'loopback'}, errors: []},
	{name: 'password mode without a password, even on loopback (exit 78)', gw: {bind: 'loopback', mode: 'local', auth: {mode: 'password'}}, errors: ['AUTH_PASSWORD_MISSING'], message: /no password is configured/, result: {bind: 'loopback', mode: 'local', auth: {mode: 'password', password: 'GEN-PASS-0123456789abcdef'}}},
	{name: "the guide's placeholder token with bind lan", gw: {mode: 'local', bind: 'lan', auth: {token: 'your-token-here'}, controlUi: {enabled: false}}, errors: ['SECRET_WEAK'], message: /well-known example/, result: {mode: 'local', bind: 'lan', auth: {token: 'GEN-TOKEN-0123456789abcdef'}, controlUi: {enabled: false}}},
	{name: 'a published placeholder the gateway refuses', gw: {mode: 'local', auth: {mode: 'token', token: 'change-me-now'}}, errors: ['SECRET_REFUSED'], result: {mode: 'local', auth: {mode: 'token', token: 'GEN-TOKEN-0123456789abcdef'}}},
	{name: 'several problems at once: 0.0.0.0 + retired host + no mode + serve → one plan, bind loopback', gw: {bind: '0.0.0.0', host: '0.0.0.0', auth: {token: 'T0k3n-long-enough-xyz'}, tailscale: {mode: 'serve'}}, errors: ['BIND_ADDRESS', 'RETIRED_KEY', 'MODE_NOT_LOCAL', 'TAILSCALE_LOOPBACK'], result: {bind: 'loopback', auth: {token: 'T0k3n-long-enough-xyz'}, tailscale: {mode: 'serve'}, mode: 'local'}},
	{name: 'bind from ${VAR} is checked with the value, never replaced', gw: {mode: 'local', bind: '${GW_BIND_UNSET_H11}'}, errors: ['BIND_INVALID'], message: /comes from \$\{GW_BIND_UNSET_H11\}/},
	{name: 'SecretRef token counts as a secret', gw: {mode: 'local', bind: 'lan', auth: {token: {source: 'env', id: 'GW_TOKEN'}}, controlUi: {enabled: false}}, errors: []},
];

test('config checks: a table of bad sections from users, each with its finding and fix', () => {
	for (const c of TABLE) {
		const f = check(c.gw);
		assert.deepEqual(codes(f).sort(), [...c.errors].sort(), `${c.name}: ${f.map(x => x.message).join(' | ')}`);
		if (c.message) assert.ok(f.some(x => c.message!.test(x.message)), `${c.name}: ${f.map(x => x.message).join(' | ')}`);
		if (c.result) {
			const after = fixed(c.gw);
			assert.deepEqual(after, c.result, c.name);
			assert.deepEqual(codes(check(after)), [], `${c.name}: fixed section passes`);
		}
	}
});

test("the guide's own example: 0.0.0.0 fixed to lan, every other byte unchanged", () => {
	const text = [
		'{',
		'  // 多机协作',
		'  "gateway": {',
		'    "port": 18789,',
		'    "mode": "local",',
		'    "bind": "0.0.0.0",    // ← 关键！可选值: "loopback" | "lan" | "auto" | "custom" | "tailnet"',
		'    "auth": {',
		'      "token": "your-token-here"',
		'    }',
		'  },',
		"  agents: {defaults: {model: {primary: 'x/y'}},}, /* keep me */",
		'}',
		'',
	].join('\n');
	const f = checkGateway(JSON5.parse(text));
	const bind = f.find(x => x.code === 'BIND_ADDRESS')!;
	const out = applyOps(text, bind.fix!.ops);
	assert.equal(out, text.replace('"bind": "0.0.0.0",', '"bind": "lan",'));
	assert.equal(formatDiff(diffLines(text, out, 0)), '-     "bind": "0.0.0.0",    // ← 关键！可选值: "loopback" | "lan" | "auto" | "custom" | "tailnet"\n+     "bind": "lan",    // ← 关键！可选值: "loopback" | "lan" | "auto" | "custom" | "tailnet"');
});

test('JSON5 edits keep quoting style, comments and trailing commas; missing sections are created', () => {
	const text = "{gateway: {mode: 'local', bind: 'lan', /* c */ auth: {}, }, }";
	const out = applyOps(text, [{path: ['gateway', 'auth', 'mode'], value: 'token'}, {path: ['gateway', 'auth', 'token'], secret: 'token'}], {token: 'abc'});
	assert.match(out, /auth: \{.*mode: 'token'.*token: 'abc'.*\}/);
	assert.ok(out.includes('/* c */'));
	assert.deepEqual(JSON5.parse(out).gateway.auth, {mode: 'token', token: 'abc'});
	assert.throws(() => applyOps(text, [{path: ['gateway', 'auth', 'password'], secret: 'password'}]), /a password is needed/);
	assert.equal(needsRestart([['gateway', 'bind']]), true);
	assert.equal(needsRestart([['gateway', 'auth', 'token']]), false);
});

test('share screen: about one computer; loopback or a stopped gateway is said, with the SSH route', () => {
	const cfg = {gateway: {port: 19001, bind: 'loopback', auth: {token: '__OPENCLAW_REDACTED__'}}};
	const node = shareLines({kind: 'node', name: 'nas', host: '192.168.1.60', running: false}, cfg, false).join('\n');
	assert.match(node, /\| nas \| 192\.168\.1\.60 \| 19001 \| <token> \|/);
	assert.match(node, /bind is "loopback": other computers cannot reach/);
	assert.match(node, /not running/);
	assert.match(node, /mgw-tui nodes add nas ws:\/\/127\.0\.0\.1:19001 --ssh user@192\.168\.1\.60/);
	assert.ok(!node.includes('__OPENCLAW_REDACTED__'));
	const local = shareLines({kind: 'local', hostname: 'box', lan: [{iface: 'eth0', address: '192.168.1.5'}]}, {gateway: {bind: 'lan', auth: {token: 'abcdefgh-12345678'}}}, false).join('\n');
	assert.match(local, /\| box \| 192\.168\.1\.5 \| 18789 \| ••••5678 \|/);
	assert.doesNotMatch(local, /⚠/);
});

test('a token that arrives redacted over RPC is not judged (it is not the value the gateway uses); the same marker in a local file is refused', () => {
	const cfg = {gateway: {mode: 'local', auth: {mode: 'token', token: '__OPENCLAW_REDACTED__'}}};
	assert.deepEqual(codes(checkGateway(cfg, {redacted: true})), []);
	assert.deepEqual(planFixes(cfg, {redacted: true}).ops, [], 'a remote token is never rotated by a fix-all');
	assert.deepEqual(codes(checkGateway(cfg)), ['SECRET_REFUSED']);
});
