import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {App} from '../source/ui/App.js';
import {Fleet} from '../source/net/fleet.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';

const cleanup: (() => unknown)[] = [];
after(async () => {
	for (const c of cleanup) await c();
});

const fastOpts = {version: 'test', pollMs: 200, probeTimeoutMs: 20_000, slowMs: 60_000, backoff: {baseMs: 50, maxMs: 300}, pairingRetryMs: 100, authRetryMs: 150};

test('Nodes pane is live: online with RTT and version, auth failed with next step, edit reconnects, detail shows devices', async () => {
	const gw = await startTestGateway({token: 'right-token-1234'});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.add({name: 'AI电脑', host: '127.0.0.1', port: gw.port, token: 'right-token-1234', tags: ['gpu']});
	s.registry.add({name: '书房笔记本', host: '127.0.0.1', port: gw.port, token: 'wrong-token-5678', tags: []});
	const fleet = new Fleet(memoryCredentials(), fastOpts);
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	await waitFor(() => /● online\s+AI电脑\s+127\.0\.0\.1\s+\d+\s+••••1234\s+\d+ms\s+2026\.9\.6/.test(frame()), {what: 'online row'});
	await waitFor(() => /✖ auth failed\s+书房笔记本/.test(frame()), {what: 'auth failed row'});
	assert.match(frame(), /2 nodes · 1 online/);
	await r.press(KEY.down, KEY.enter);
	await waitFor(() => /Next step\s+token does not match; copy gateway\.auth\.token from 书房笔记本/.test(frame()), {what: 'next step'});
	assert.match(frame(), /AUTH_TOKEN_MISMATCH/);
	await r.press(KEY.esc);
	// fix the token from the keyboard: the node reconnects and comes online
	await r.press('e', KEY.tab, KEY.tab, KEY.tab);
	await r.type('right-token-1234');
	await r.press(KEY.enter);
	await waitFor(() => /● online\s+书房笔记本/.test(frame()), {what: 'online after edit'});
	assert.match(frame(), /2 nodes · 2 online/);
	await r.press(KEY.up, KEY.enter);
	await waitFor(() => /Devices\s+1 paired, 0 pending/.test(frame()), {what: 'detail devices'});
	assert.match(frame(), /Agents\s+main, coder \(Coder\)/);
	assert.match(frame(), /System\s+testbox · Linux test · x64 · 4 CPU · load\/CPU 0\.30/);
	await r.press(KEY.esc);
	// the gateway goes away and comes back: unreachable, then online without any key
	await gw.stop();
	await waitFor(() => /✖ unreachable\s+AI电脑/.test(frame()), {what: 'unreachable'});
	await gw.restart();
	await waitFor(() => /● online\s+AI电脑/.test(frame()), {what: 'back online', timeoutMs: 30_000});
});

test('pairing required shows the approve command; after approval the node is online', async () => {
	const gw = await startTestGateway({requirePairing: true});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.add({name: 'studio', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	const fleet = new Fleet(memoryCredentials(), fastOpts);
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
	cleanup.push(() => r.unmount());
	const frame = () => plain(r.frame());
	// the screen's text with borders and line breaks folded: what wraps reads as one line
	const flat = () => frame().split('\n').map(l => l.replace(/^[║│]|[║│]$/g, '').trim()).join(' ');
	await waitFor(() => /◌ pairing\s+studio/.test(frame()), {what: 'pairing row'});
	await r.press(KEY.enter);
	const id = [...gw.st.pending.keys()][0]!;
	// at 80 columns the approve command wraps, never cut with …
	await waitFor(() => flat().includes(`on studio run: openclaw devices approve ${id}`), {what: 'approve command, whole'});
	assert.ok(!/approve [^\n]*…/.test(frame()), 'not cut');
	// c copies it to the local clipboard with OSC 52
	await r.press('c');
	const osc = r.stdout.frames.find(f => f.startsWith('\u001b]52;c;'));
	assert.equal(Buffer.from(osc!.slice(7, -1), 'base64').toString(), `openclaw devices approve ${id}`);
	assert.match(flat(), /copied the pairing command to the clipboard \(OSC 52; if nothing arrives, the terminal does not support OSC 52\)/);
	gw.approve(id);
	await waitFor(() => /State\s+● online/.test(frame()), {what: 'online in detail'});
});

test('a hostile gateway cannot put escape sequences on the screen (version, error codes, system info, config)', async () => {
	const evil = '\u001b[2J\u001b]0;pwned\u0007\u009b31m';
	const gw = await startTestGateway({
		version: `2026.9.6${evil}`,
		config: {gateway: {mode: 'local', bind: `lan${evil}`}},
		methods: {'system.info': () => ({hostname: `box${evil}`, osLabel: `Linux${evil}`, cpuCount: 2, loadAverage: [1, 1, 1]})},
	});
	cleanup.push(() => gw.stop());
	const s = tempStore();
	s.registry.markLocalOffered();
	s.registry.add({name: 'evil', host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
	const fleet = new Fleet(memoryCredentials(), fastOpts);
	cleanup.push(() => fleet.stop());
	const r = renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
	cleanup.push(() => r.unmount());
	await waitFor(() => /● online\s+evil/.test(plain(r.frame())), {what: 'online'});
	await r.press(KEY.enter);
	await waitFor(() => /System\s+box/.test(plain(r.frame())), {what: 'detail'});
	const all = r.stdout.frames.map(plain).join('');
	assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(all), 'no control characters reached the screen');
	assert.match(plain(r.frame()), /OpenClaw 2026\.9\.6 /);
});
