import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {EventEmitter} from 'node:events';
import {App} from '../source/ui/App.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';
import {waitFor} from './helpers/wait.js';
import {LogRing} from '../source/core/log-ring.js';
import type {NodeOpsPort} from '../source/ui/services.js';
import type {DeviceRow} from '../source/core/fleet-dialogs.js';

const evil = 'x'.repeat(150) + ' 训练进行中 '.repeat(20);

/** A NodeOpsPort on canned data (the real one is proven against a real gateway in test/real). */
function fakeOps(devices: DeviceRow[]) {
	const calls: string[] = [];
	const ops: NodeOpsPort = {
		sessions: async () => [
			{key: 'agent:main:main', title: 'main', preview: evil, active: false, own: false, updatedAt: Date.now() - 60_000},
			{key: 'agent:main:mgw-0123abcd', title: 'mgw: ' + evil, preview: 'done', active: true, own: true},
		],
		chat: async () => [],
		deleteSession: async (_n, key) => void calls.push(`delete ${key}`),
		devices: async () => devices,
		approve: async (_n, id) => void calls.push(`approve ${id}`),
		reject: async (_n, id) => void calls.push(`reject ${id}`),
		revoke: async (_n, id) => void calls.push(`revoke ${id}`),
		gatewayLog: () => Object.assign(new EventEmitter(), {ring: new LogRing(10), error: undefined, stop: () => {}}),
	};
	return {ops, calls};
}
const devices: DeviceRow[] = [
	{kind: 'pending', requestId: '9c1a5c7c-5331-41ae-bf19-7e5edc3fc48a', deviceId: 'a'.repeat(64), name: 'mgw-tui@laptop', detail: 'new · operator · from 203.0.113.9'},
	{kind: 'paired', deviceId: 'b'.repeat(64), name: 'mgw-tui@desk', detail: 'operator · connected', connected: true},
];
const fits = (f: string) => f.split('\n').every(l => [...l].length <= 80) && f.split('\n').length <= 24;

test('80×24: long session titles and previews are cut to the width; only our own session offers delete', async () => {
	const s = tempStore();
	s.registry.add({name: 'nas', host: '127.0.0.1', port: 1, token: 't-123456', tags: []});
	const {ops, calls} = fakeOps(devices);
	const r = renderAt(<App services={{...s.services(), nodeOps: ops}} />, 80, 24);
	const frame = () => plain(r.frame());
	await r.ready();
	await r.press(KEY.enter, 's');
	await waitFor(() => /2 sessions/.test(frame()), {what: 'sessions'});
	assert.ok(fits(r.frame()), r.frame());
	await r.press('x');
	assert.match(frame(), /only sessions this console created/);
	await r.press(KEY.down, 'x', 'y');
	await waitFor(() => calls.includes('delete agent:main:mgw-0123abcd'), {what: 'deleted'});
	r.unmount();
});

test('read-only: the devices view lists requests but approve, reject and revoke are hidden and refused; :notify is refused', async () => {
	const s = tempStore();
	s.registry.add({name: 'nas', host: '127.0.0.1', port: 1, token: 't-123456', tags: []});
	const {ops, calls} = fakeOps(devices);
	const r = renderAt(<App services={{...s.services(), nodeOps: ops}} readonly />, 80, 24);
	const frame = () => plain(r.frame());
	await r.ready();
	await r.press(KEY.enter, 'p');
	await waitFor(() => /◌ pending\s+mgw-tui@laptop/.test(frame()), {what: 'devices'});
	assert.match(frame(), /1 pending · 1 paired/);
	assert.ok(!/a approve|reject\/revoke/.test(frame()), 'no write hints');
	await r.press('a');
	assert.match(frame(), /read-only mode: "approve the pairing request/);
	await r.press('x');
	assert.match(frame(), /read-only mode/);
	assert.deepEqual(calls, []);
	await r.press(KEY.esc, KEY.esc, ':');
	await r.type('notify bell off');
	await r.press(KEY.enter);
	assert.match(frame(), /read-only mode: ":notify" changes things and is refused/);
	r.unmount();
});

test(':notify shows and flips the switches, kept in settings.json; bad input is named', async () => {
	const s = tempStore();
	const r = renderAt(<App services={s.services()} />, 80, 24);
	const frame = () => plain(r.frame());
	await r.ready();
	await r.press(':');
	await r.type('notify');
	await r.press(KEY.enter);
	assert.match(frame(), /notify: bell on · desktop on · tasks on · nodes on/);
	await r.press(':');
	await r.type('notify desktop off');
	await r.press(KEY.enter);
	assert.match(frame(), /notify: bell on · desktop off/);
	assert.equal(s.registry.settings().notify.desktop, false);
	await r.press(':');
	await r.type('notify volume 11');
	await r.press(KEY.enter);
	assert.match(frame(), /:notify takes bell\|desktop\|tasks\|nodes on\|off/);
	r.unmount();
});
