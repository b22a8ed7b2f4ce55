import {test} from 'node:test';
import assert from 'node:assert/strict';
import {nodeTransition, parseNotify, NOTIFY_DEFAULTS, taskNotice} from '../source/core/notify.js';
import {notificationSequence, osc777, osc9, tmuxWrap} from '../source/core/osc.js';
import type {NodeState} from '../source/core/node-state.js';
import type {Task} from '../source/core/tasks.js';

test('node timeline: one line per real change, down/back notices, a reconnect loop writes one line', () => {
	const table: [NodeState | undefined, NodeState, boolean, string?][] = [
		[undefined, 'connecting', false],
		[undefined, 'online', true],
		['online', 'degraded', true],
		['online', 'unreachable', true, 'down'],
		['degraded', 'auth-failed', true, 'down'],
		['unreachable', 'connecting', false],
		['unreachable', 'unreachable', false],
		['unreachable', 'online', true, 'back'],
		['pairing-required', 'online', true, 'back'],
		['unreachable', 'auth-failed', true],
	];
	for (const [last, next, log, notice] of table) {
		const r = nodeTransition(last, next);
		assert.equal(r.log, log, `${last} → ${next}`);
		assert.equal(r.notice, notice, `${last} → ${next}`);
	}
	// a loop of connecting/unreachable after one logged unreachable: nothing more
	let last: NodeState = 'unreachable';
	let lines = 0;
	for (const s of ['connecting', 'unreachable', 'connecting', 'unreachable'] as NodeState[]) {
		const r = nodeTransition(last, s);
		if (r.log) {
			lines++;
			last = s;
		}
	}
	assert.equal(lines, 0);
});

test('notifications: OSC 9 + OSC 777 + bell, tmux passthrough, hostile text cannot end the sequence', () => {
	assert.equal(osc9('done'), '\u001b]9;done\u0007');
	assert.equal(osc777('mgw-tui · nas', 'done'), '\u001b]777;notify;mgw-tui · nas;done\u0007');
	const evil = 'x\u0007\u001b]52;c;ZXZpbA==\u0007\u001b[2J;y';
	for (const seq of [osc9(evil), osc777(evil, evil)]) {
		assert.equal(seq.split('\u0007').length, 2, 'exactly one terminator: ' + JSON.stringify(seq));
		assert.equal(seq.split('\u001b').length, 2, 'exactly one ESC');
	}
	assert.equal(osc777('a;b', 'c').split(';').length, 4, 'a ; in the title cannot add a field');
	assert.equal(tmuxWrap('\u001b]9;x\u0007'), '\u001bPtmux;\u001b\u001b]9;x\u0007\u001b\\');
	const all = notificationSequence({title: 'T', body: 'B', bell: true, desktop: true, tmux: false});
	assert.equal(all, '\u001b]9;T: B\u0007\u001b]777;notify;T;B\u0007\u0007');
	assert.equal(notificationSequence({title: 'T', body: 'B', bell: false, desktop: false, tmux: false}), '');
	assert.equal(notificationSequence({title: 'T', body: 'B', bell: true, desktop: false, tmux: true}), '\u0007');
	assert.ok(notificationSequence({title: 'T', body: 'B', bell: false, desktop: true, tmux: true}).startsWith('\u001bPtmux;'));
	const t = {node: 'nas', message: 'summarise the logs\nmore', state: 'failed', error: 'model exploded'} as Task;
	assert.deepEqual(taskNotice(t), {title: 'mgw-tui · nas', body: '✖ failed: model exploded', about: 'tasks'});
});

test(':notify switches: bell|desktop|tasks|nodes on|off, bad input named', () => {
	assert.deepEqual(parseNotify('bell off', NOTIFY_DEFAULTS), {...NOTIFY_DEFAULTS, bell: false});
	assert.deepEqual(parseNotify('NODES OFF', NOTIFY_DEFAULTS), {...NOTIFY_DEFAULTS, nodes: false});
	assert.equal(parseNotify('', NOTIFY_DEFAULTS), undefined);
	assert.match((parseNotify('volume 11', NOTIFY_DEFAULTS) as {error: string}).error, /:notify takes bell\|desktop\|tasks\|nodes on\|off/);
});
