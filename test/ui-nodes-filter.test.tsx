import {test} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import React from 'react';
import {App} from '../source/ui/App.js';
import type {FleetPort} from '../source/ui/services.js';
import type {NodeStatus} from '../source/core/node-state.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';

const nodes = [
	{name: 'gpu-box', host: '10.0.0.1', port: 18789, token: 'tok-gpu-1234', tags: ['gpu']},
	{name: 'nas', host: '10.0.0.2', port: 18789, token: 'tok-nas-1234', tags: ['storage']},
	{name: 'mac-mini', host: '10.0.0.3', port: 18789, token: 'tok-mac-1234', tags: ['mac']},
];
const statuses: Record<string, NodeStatus> = {'gpu-box': {state: 'online', rttMs: 3}, nas: {state: 'unreachable', code: 'ECONNREFUSED'}, 'mac-mini': {state: 'online', rttMs: 5}};

function setup() {
	const s = tempStore();
	s.registry.markLocalOffered();
	for (const n of nodes) s.registry.add(n);
	const fleet = Object.assign(new EventEmitter(), {sync() {}, statuses: () => statuses, reconnect() {}, detail: async () => ({errors: []})}) as unknown as FleetPort;
	return renderAt(<App services={{...s.services(), fleet}} />, 80, 24);
}
const rows = (frame: string) => plain(frame).split('\n').filter(l => /10\.0\.0\.\d/.test(l));

test('nodes: / filters by tag, by state and by name; Enter applies, the title shows it, empty clears', async () => {
	const r = setup();
	await r.ready();
	assert.equal(rows(r.frame()).length, 3);
	await r.press('/');
	assert.match(plain(r.frame()), /nodes: words in name, tag or state/);
	await r.type('gpu');
	await r.press(KEY.enter);
	assert.deepEqual(rows(r.frame()).map(l => /(gpu-box|nas|mac-mini)/.exec(l)?.[1]), ['gpu-box']);
	assert.match(plain(r.frame()), /Nodes · \/gpu/);
	// by state: the unreachable one; the selection moves to it, so x asks about nas
	await r.press('/');
	for (let i = 0; i < 3; i++) await r.press(KEY.backspace);
	await r.type('unreach');
	await r.press(KEY.enter);
	assert.deepEqual(rows(r.frame()).map(l => /(gpu-box|nas|mac-mini)/.exec(l)?.[1]), ['nas']);
	assert.match(plain(r.frame()), /1 of 3 nodes match "unreach"/);
	await r.press('x');
	assert.match(plain(r.frame()), /Remove node "nas"/);
	await r.press(KEY.esc);
	// two words: both must match (state and name)
	await r.press('/');
	for (let i = 0; i < 7; i++) await r.press(KEY.backspace);
	await r.type('online mac');
	await r.press(KEY.enter);
	assert.deepEqual(rows(r.frame()).map(l => /(gpu-box|nas|mac-mini)/.exec(l)?.[1]), ['mac-mini']);
	// ↓ stays among the shown nodes
	await r.press(KEY.down);
	await r.press('e');
	assert.match(plain(r.frame()), /mac-mini/);
	await r.press(KEY.esc);
	// nothing matches: said, not an empty box
	await r.press('/');
	await r.type('zzz');
	await r.press(KEY.enter);
	assert.match(plain(r.frame()), /No node matches "online maczzz" \(3 in all\)/);
	// empty clears
	await r.press('/');
	for (let i = 0; i < 20; i++) await r.press(KEY.backspace);
	await r.press(KEY.enter);
	assert.equal(rows(r.frame()).length, 3);
	assert.match(plain(r.frame()), /node filter cleared/);
	r.unmount();
});
