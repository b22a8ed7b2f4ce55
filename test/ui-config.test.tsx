import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import JSON5 from 'json5';
import {App} from '../source/ui/App.js';
import {configService} from '../source/cli/config-service.js';
import {Fleet} from '../source/net/fleet.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempDir, tempStore, GUIDE_CONFIG as GUIDE} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup.reverse()) await c();
});


async function open(text: string, {readonly = false, env = {}}: {readonly?: boolean; env?: NodeJS.ProcessEnv} = {}) {
	const dir = tempDir();
	const cfg = path.join(dir, 'openclaw.json');
	fs.writeFileSync(cfg, text);
	const s = tempStore();
	s.registry.markLocalOffered();
	const r = renderAt(<App services={{...s.services(), config: configService({OPENCLAW_CONFIG_PATH: cfg, PATH: '', ...env}, undefined)}} readonly={readonly} />, 80, 24);
	cleanup.push(() => r.unmount());
	await r.ready();
	await r.press('3');
	const frame = () => plain(r.frame());
	await waitFor(() => frame().includes('openclaw.json'), {what: 'config loaded'});
	/** The screen with line breaks folded, for messages that wrap. */
	const flat = () => frame().replace(/\s*\n\s*/g, ' ');
	return {r, frame, flat, cfg, dir};
}

test('Config pane at 80×24: "0.0.0.0" rejected with the reason; one key previews the fix; y writes it with comments intact and a backup', async () => {
	const {r, frame, flat, cfg, dir} = await open(GUIDE);
	assert.match(frame(), /✖ 1 problem/);
	assert.match(frame(), /bind\s+"0\.0\.0\.0" ✖/);
	await r.press(KEY.down, KEY.down);
	assert.match(frame(), /bind "0\.0\.0\.0" is an address, but bind takes a mode/);
	await r.press('f');
	assert.match(frame(), /Fix: bind "lan"/);
	assert.match(frame(), /-     "bind": "0\.0\.0\.0",    \/\/ ← 关键！/);
	assert.match(frame(), /\+     "bind": "lan",    \/\/ ← 关键！/);
	assert.equal(fs.readFileSync(cfg, 'utf8'), GUIDE, 'nothing written before y');
	await r.press('y');
	await waitFor(() => /written\. A running gateway restarts by itself/.test(flat()), {what: 'written'});
	assert.match(flat(), /Backup: \//);
	assert.equal(fs.readFileSync(cfg, 'utf8'), GUIDE.replace('"bind": "0.0.0.0",', '"bind": "lan",'));
	assert.equal(fs.readdirSync(dir).filter(f => f.endsWith('.bak')).length, 1);
	await waitFor(() => /✔ the gateway would start/.test(frame()), {what: 'reloaded clean'});
});

test('edit a field: bind picked from its modes, a token generated on request (masked in the diff)', async () => {
	const {r, frame, flat, cfg} = await open('{gateway: {mode: "local", bind: "loopback", controlUi: {enabled: false}}}');
	await r.press(KEY.down, KEY.down, KEY.enter);
	assert.match(frame(), /Edit gateway\.bind/);
	assert.match(frame(), /loopback = this computer only/);
	await r.press(KEY.right);
	assert.match(frame(), /‹ lan ›/);
	await r.press(KEY.enter);
	// the start-up verdict is in the preview, before the confirm
	assert.match(flat(), /the gateway would NOT start: .*without auth/);
	assert.ok(flat().indexOf('would NOT start') < flat().indexOf('Write this'), 'verdict above the question');
	await r.press('y');
	await waitFor(() => /refused to write a config that adds a problem/.test(flat()), {what: 'refusal'});
	assert.match(flat(), /without auth/);
	assert.equal(JSON5.parse(fs.readFileSync(cfg, 'utf8')).gateway.bind, 'loopback', 'refused: nothing written');
	// add token auth first: auth.token, generated
	for (let i = 0; i < 3; i++) await r.press(KEY.down);
	await r.press(KEY.enter);
	assert.match(frame(), /Edit gateway\.auth\.token/);
	await r.press('\u0007'); // Ctrl-G
	await r.press(KEY.enter);
	assert.match(frame(), /token: "••••/);
	await r.press('y');
	await waitFor(() => /written/.test(frame()), {what: 'token written'});
	const tok = JSON5.parse(fs.readFileSync(cfg, 'utf8')).gateway.auth.token;
	assert.match(tok, /^[A-Za-z0-9_-]{32}$/);
	assert.ok(!r.stdout.frames.join('').includes(tok), 'the new token never reached the screen');
	await r.press(KEY.up, KEY.up, KEY.up, KEY.enter, KEY.right, KEY.enter, 'y');
	await waitFor(() => JSON5.parse(fs.readFileSync(cfg, 'utf8')).gateway.bind === 'lan', {what: 'lan written'});
});

test('a file changed on disk since it was read is not overwritten; r reloads', async () => {
	const {r, frame, flat, cfg} = await open(GUIDE);
	await r.press(KEY.down, KEY.down, 'f');
	fs.writeFileSync(cfg, GUIDE.replace('18789', '19001'));
	await r.press('y');
	await waitFor(() => /changed on disk since it was read; nothing was written .* press r to reload/.test(flat()), {what: 'refused'});
	assert.equal(fs.readFileSync(cfg, 'utf8'), GUIDE.replace('18789', '19001'));
	await r.press('r');
	await waitFor(() => /port\s+19001/.test(frame()), {what: 'reloaded'});
});

test('F previews every fix at once; a parse error names line and column; read-only refuses fixes', async () => {
	const {r, frame} = await open('{gateway: {bind: "127.0.0.1", host: "x", tailscale: {resetOnExit: true}}}');
	await r.press('F');
	assert.match(frame(), /Fix everything/);
	assert.match(frame(), /bind: "loopback"/);
	assert.match(frame(), /mode: "local"/);
	await r.press('n');
	assert.match(frame(), /nothing written/);
	const broken = await open('{\n "gateway": {\n  "bind": "lan",,\n }\n}');
	assert.match(broken.flat(), /openclaw\.json:3:17: invalid character ','/);
	const ro = await open(GUIDE, {readonly: true});
	await ro.r.press(KEY.down, KEY.down, 'f');
	assert.match(ro.flat(), /read-only mode: "preview the fix for the selected finding" is refused/);
});

test('s shows this computer\'s connection info with a ready-to-paste row; the token is masked until t', async () => {
	const {r, frame} = await open(GUIDE);
	await r.press('s');
	assert.match(frame(), /Connection info for the main computer/);
	assert.match(frame(), /\| 名称 \| IP \| 端口 \| Token \|/);
	assert.match(frame(), /\| \S+ \| [\d.]+ \| 18789 \| ••••abcd \|/);
	assert.ok(!frame().includes('your-token-here-abcd'));
	await r.press('t');
	assert.match(frame(), /\| 18789 \| your-token-here-abcd \|/);
	await r.press(KEY.esc);
	assert.ok(!frame().includes('Connection info'));
});

test("a node's config over RPC: config.get (redacted), the same checks and diff, config.patch with baseHash; secrets never written back", async () => {
	const gw = await startTestGateway({config: {gateway: {mode: 'local', port: 18789, bind: '0.0.0.0', auth: {mode: 'token', token: 'remote-secret-token'}, controlUi: {enabled: false}}}});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.markLocalOffered();
	s.registry.add({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	gw.st.token = 'test-token';
	const fleet = new Fleet(memoryCredentials(), {version: 't', pollMs: 500, slowMs: 60_000, backoff: {baseMs: 50, maxMs: 200}});
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet, config: configService({OPENCLAW_CONFIG_PATH: path.join(tempDir(), 'none.json')}, undefined, fleet)}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /1 online/.test(frame()), {what: 'online'});
	await r.press(':');
	await r.type('config AI电脑');
	await r.press(KEY.enter);
	await waitFor(() => /node AI电脑/.test(frame()) && /bind\s+"0\.0\.0\.0" ✖/.test(frame()), {what: 'remote config'});
	assert.match(frame(), /auth\.token\s+"__OPENCLAW_REDACTED__"|auth\.token\s+••••/);
	await r.press(KEY.down, KEY.down, 'f');
	assert.match(frame(), /config\.patch with baseHash/);
	assert.match(plain(r.frame()).replace(/\s+/g, ' '), /its comments and layout are not kept/, 'the preview says the gateway reformats');
	await r.press('y');
	await waitFor(() => /patched bind on AI电脑/.test(frame()), {what: 'patched'});
	assert.deepEqual(gw.configPatches, [{gateway: {bind: 'lan'}}]);
	assert.equal((gw.config.gateway as {auth: {token: string}}).auth.token, 'remote-secret-token', 'secret untouched');
	assert.equal((gw.config.gateway as {bind: string}).bind, 'lan');
	assert.equal(gw.received.find(x => x.method === 'config.patch')!.params && typeof (gw.received.find(x => x.method === 'config.patch')!.params as {baseHash: string}).baseHash, 'string');
	// the share screen is about that node only: its address and port, never this computer's IP, never the redaction marker
	await waitFor(() => /bind\s+"lan"/.test(frame()), {what: 'reloaded remote'});
	await r.press('s');
	await waitFor(() => /Connection info/.test(frame()), {what: 'share'});
	assert.match(frame(), /Node\s+AI电脑/);
	assert.match(frame(), /\| AI电脑 \| 127\.0\.0\.1 \| 18789 \| <token> \|/);
	assert.ok(!frame().includes('__OPENCLAW_REDACTED__'));
	assert.doesNotMatch(frame(), /this computer\)/);
});
