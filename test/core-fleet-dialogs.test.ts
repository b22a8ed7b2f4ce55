import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chatDialog, gatewayLogDialog, listDialog, replyDialog, type ReplyDialog, type SessionsDialog} from '../source/core/fleet-dialogs.js';
import type {SessionRow} from '../source/core/sessions.js';

const row = (key: string): SessionRow => ({key, title: key, active: false, own: true});

test('fleet dialogs as tables: reply edits until sent, lists load/fail/move within the visible rows, chat opens at its end, the gateway log pauses when scrolled', () => {
	const reply: ReplyDialog = {kind: 'reply', node: 'A', sessionKey: 'agent:main:mgw-1', about: '#1', text: '', sending: false};
	const typed = replyDialog(reply, {type: 'edit', edit: {key: 'h', text: 'hi\u001b[2J'}});
	assert.equal(typed.text, 'hi[2J');
	const sending = replyDialog(typed, {type: 'sending', sending: true});
	assert.equal(replyDialog(sending, {type: 'edit', edit: {key: 'x', text: 'x'}}).text, 'hi[2J', 'no edits while sending');
	const s: SessionsDialog = {kind: 'sessions', node: 'A', cursor: 5};
	const table: [string, SessionsDialog, Parameters<typeof listDialog<SessionsDialog>>[1], Partial<SessionsDialog>][] = [
		['loaded clamps the cursor', s, {type: 'loaded', rows: [row('a'), row('b')]}, {cursor: 1, error: undefined}],
		['failed keeps rows', {...s, rows: [row('a')]}, {type: 'failed', error: 'not connected'}, {error: 'not connected', cursor: 5}],
		['move down within visible', {...s, cursor: 0}, {type: 'move', delta: 1, visible: 3}, {cursor: 1}],
		['move past the end stops', {...s, cursor: 2}, {type: 'move', delta: 1, visible: 3}, {cursor: 2}],
		['move up past the top stops', {...s, cursor: 0}, {type: 'move', delta: -1, visible: 3}, {cursor: 0}],
		['nothing visible', {...s, cursor: 0}, {type: 'move', delta: 1, visible: 0}, {cursor: 0}],
	];
	for (const [name, o, ev, want] of table) {
		const got = listDialog(o, ev);
		for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof SessionsDialog], v, `${name}: ${k}`);
	}
	const chat = chatDialog({kind: 'chat', node: 'A', key: 'k', title: 't', scroll: 0}, {type: 'loaded', turns: [{role: 'user', text: 'x'}]});
	assert.equal(chat.scroll, 0, 'opens at the newest turn');
	assert.equal(chatDialog(chat, {type: 'scroll', delta: 3}).scroll, 3, 'back three lines');
	assert.equal(chatDialog(chat, {type: 'scroll', delta: -3}).scroll, 0, 'never past the end');
	const g = gatewayLogDialog({kind: 'gatewayLog', node: 'A', follow: true, scroll: 0}, {type: 'scroll', delta: 5});
	assert.deepEqual([g.follow, g.scroll], [false, 5]);
	assert.deepEqual([gatewayLogDialog(g, {type: 'scroll', delta: -10}).follow, gatewayLogDialog(g, {type: 'follow'}).follow], [true, true]);
});
