/** Copy without a mouse (OSC 52) and text that wraps instead of being cut, at 80×24. */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import {App} from '../source/ui/App.js';
import {NodeDetailView} from '../source/ui/overlays/NodeDetailView.js';
import {ConfigEdit} from '../source/ui/overlays/ConfigOverlays.js';
import {configService} from '../source/cli/config-service.js';
import {clipboardCaveat, osc52} from '../source/core/clipboard.js';
import {wrapField} from '../source/core/width.js';
import {emptyTasks, applyTaskEvent, type TaskEvent} from '../source/core/tasks.js';
import type {DispatcherPort} from '../source/ui/services.js';
import {renderAt, plain} from './helpers/render-at.js';
import {tempDir, tempStore, GUIDE_CONFIG} from './helpers/store.js';

const decode = (seq: string) => Buffer.from(/\u001b\]52;c;([A-Za-z0-9+/=]*)\u0007/.exec(seq)![1]!, 'base64').toString();
const copies = (frames: string[]) => frames.filter(f => f.startsWith('\u001b]52;c;')).map(decode);
const flat = (frame: string) =>
	plain(frame)
		.split('\n')
		.map(l => l.replace(/^[║│]|[║│]$/g, '').trim())
		.join(' ');

test('osc52: base64 of the UTF-8 text; inside tmux wrapped for passthrough with every ESC doubled', () => {
	const plainSeq = osc52('openclaw devices approve 训练', {tmux: false});
	assert.equal(plainSeq, `\u001b]52;c;${Buffer.from('openclaw devices approve 训练').toString('base64')}\u0007`);
	const t = osc52('x', {tmux: true});
	const seq = osc52('x', {tmux: false});
	assert.equal(t, `${seq}\u001bPtmux;${seq.replaceAll('\u001b', '\u001b\u001b')}\u001b\\`, 'as is for tmux itself, and wrapped for passthrough');
	assert.match(clipboardCaveat({tmux: true}), /set-clipboard on/);
	assert.match(clipboardCaveat({tmux: false, termProgram: 'Apple_Terminal'}), /ignores OSC 52/);
});

test('wrapField: label, then the value wrapped beside it with a hanging indent', () => {
	assert.deepEqual(wrapField('Next step', 'on nas run: openclaw devices approve 0f4c2a7e-1b2c-4d5e-8f90-a1b2c3d4e5f6', 40, 12), [
		'Next step   on nas run: openclaw devices',
		'            approve',
		'            0f4c2a7e-1b2c-4d5e-8f90-a1b2',
		'            c3d4e5f6',
	]);
});

test('node detail at 80 columns: the next step and a long last error wrap, nothing is cut', async () => {
	const err = 'connect ECONNREFUSED 192.168.1.52:18789 — the gateway did not answer the WebSocket upgrade within 10000 ms; the last frame was a tick';
	const node = {name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 't', tags: []};
	const r = renderAt(<NodeDetailView node={node} status={{state: 'unreachable', code: 'ECONNREFUSED', lastError: err}} width={80} height={22} />, 80, 24);
	await r.ready();
	const f = flat(r.frame());
	assert.ok(f.includes(err), f);
	assert.ok(f.includes('nothing listens on 192.168.1.52:18789; start the gateway there, and set gateway.bind to "lan" (not "0.0.0.0") if it is another computer'), f);
	assert.ok(!plain(r.frame()).includes('…'));
	r.unmount();
});

test('config field editor: the field help wraps', async () => {
	const r = renderAt(<ConfigEdit field="bind" text="lan" choices={['loopback', 'lan', 'auto', 'custom', 'tailnet']} width={80} reveal={false} />, 80, 24);
	await r.ready();
	assert.ok(!plain(r.frame()).includes('…'), plain(r.frame()));
	assert.match(flat(r.frame()), /loopback · lan · auto · custom · tailnet · ←\/→ choose · Enter preview · Esc cancel/);
	r.unmount();
});

test('share: c asks before copying the row with the token in clear; y copies it; n copies nothing', async () => {
	const dir = tempDir();
	const cfg = path.join(dir, 'openclaw.json');
	fs.writeFileSync(cfg, GUIDE_CONFIG.replace('"0.0.0.0"', '"lan"'));
	const s = tempStore();
	s.registry.markLocalOffered();
	const r = renderAt(<App services={{...s.services(), config: configService({OPENCLAW_CONFIG_PATH: cfg, PATH: ''}, undefined)}} />, 80, 24);
	await r.ready();
	await r.press('3');
	for (let i = 0; i < 200 && !plain(r.frame()).includes('openclaw.json'); i++) await r.idle();
	await r.press('s');
	assert.match(plain(r.frame()), /Connection info/);
	await r.press('c');
	assert.match(flat(r.frame()), /Copy the import row WITH the gateway token in clear/);
	await r.press('n');
	assert.deepEqual(copies(r.stdout.frames), [], 'declined: nothing copied');
	await r.press('s', 'c', 'y');
	const [row] = copies(r.stdout.frames);
	assert.match(row!, /\| 名称 \| IP \| 端口 \| Token \|\n\|------\|-----\|------\|-------\|\n\| .+ \| .+ \| 18789 \| your-token-here-abcd \|/);
	assert.ok(!plain(r.frame()).includes('your-token-here-abcd'), 'the token is still masked on screen');
	assert.match(flat(r.frame()), /copied the import row with the token to the clipboard/);
	r.unmount();
});

test('task output: c copies it (from the log and from the task view); nothing to copy says why', async () => {
	const state = emptyTasks();
	applyTaskEvent(state, {type: 'created', id: 'mgw-aaa111', node: 'nas', message: 'summarise', at: 1});
	applyTaskEvent(state, {type: 'final', id: 'mgw-aaa111', status: 'ok', text: 'line one\nline two 训练', at: 2} as TaskEvent); // (text as net/ hands it over: clean)
	const dispatcher: DispatcherPort = {state, on: () => 0, off: () => 0, dispatch: async () => ({ok: false, reason: 'x', noEligible: false}), cancel: async () => undefined, agents: async () => ({ids: []}), candidates: () => []};
	const s = tempStore();
	s.registry.markLocalOffered();
	s.registry.add({name: 'nas', host: '10.0.0.2', port: 18789, token: 'tok-1234', tags: []});
	const r = renderAt(<App services={{...s.services(), dispatcher}} />, 80, 24);
	await r.ready();
	await r.press('c');
	assert.match(plain(r.frame()), /nothing to copy: nas is not waiting for approval/);
	await r.press('2', 'c');
	assert.match(plain(r.frame()), /no task selected/);
	await r.press('k', 'c');
	assert.deepEqual(copies(r.stdout.frames), ['line one\nline two 训练']);
	await r.press('\r', 'c');
	assert.equal(copies(r.stdout.frames).length, 2);
	assert.match(plain(r.frame()), /Task mgw-aaa111/);
	r.unmount();
});
