/**
 * Keys in, screen out — for input that arrives in bursts (SSH/mosh, fast typists, password
 * managers) and pastes. Every burst case is run twice: all keys in ONE read, and the same
 * keys one read each ("typed slowly"); the screens and what happened must be the same.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {App} from '../source/ui/App.js';
import {TaskLogPane} from '../source/ui/panes/TaskLogPane.js';
import type {DispatcherPort} from '../source/ui/services.js';
import type {DispatchRequest} from '../source/net/dispatcher.js';
import {applyTaskEvent, emptyTasks} from '../source/core/tasks.js';
import {renderAt, KEY, plain} from './helpers/render-at.js';
import {tempStore} from './helpers/store.js';

const nodes = [
	{name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0123456789a0b', tags: ['gpu']},
	{name: '书房笔记本', host: '10.0.0.7', port: 18789, token: 'study-token-5678', tags: ['mac']},
	{name: 'build-box', host: 'build.local', port: 19000, token: 'build-token-9999', tags: []},
];

/** A dispatcher that only records what would be sent. */
function fakeDispatcher(): DispatcherPort & {sent: DispatchRequest[]} {
	const sent: DispatchRequest[] = [];
	return {
		sent,
		state: emptyTasks(),
		on: () => undefined,
		off: () => undefined,
		dispatch: async req => (sent.push(req), {ok: true, ids: ['mgw-abc123'], reason: 'sent'}),
		cancel: async () => undefined,
		agents: async () => ({ids: []}),
		candidates: () => [],
	};
}

async function start() {
	const s = tempStore();
	s.registry.markLocalOffered();
	for (const n of nodes) s.registry.add(n);
	const dispatcher = fakeDispatcher();
	const r = renderAt(<App services={{...s.services(), dispatcher}} />, 80, 24);
	await r.ready();
	let exited = false;
	void r.instance.waitUntilExit().then(() => (exited = true));
	return {r, dispatcher, frame: () => plain(r.frame()), exited: () => exited};
}

type Case = {name: string; before?: string[]; keys: string[]; expect: (frame: string, x: {exited: boolean; sent: number}) => void};

const CASES: Case[] = [
	{name: 'text+Tab in the node form', before: ['a'], keys: ['n', 'a', 's', KEY.tab], expect: f => assert.match(f, /名称 Name\s+nas[^\n]*\n[^\n]*› IP \/ Host/)},
	{name: 'text+Backspace', before: ['a'], keys: ['a', 'b', 'c', KEY.backspace], expect: f => assert.match(f, /› 名称 Name\s+ab▏/)},
	{name: 'text+Enter submits the form (marks bad fields)', before: ['a'], keys: ['n', 'a', 's', KEY.enter], expect: f => assert.match(f, /fix host/)},
	{name: 'text+Ctrl-C quits', before: ['a'], keys: ['a', 'b', KEY.ctrlC], expect: (_f, x) => assert.equal(x.exited, true)},
	{name: '2j: focus the log, then j', keys: ['2', 'j'], expect: f => assert.match(f, /▶ 2 Task log/)},
	{name: 'jj then k: two down, one up', keys: ['j', 'j', 'k'], expect: f => assert.match(f, /› .*书房笔记本/)},
	{name: 'kk at the top stays at the top', keys: ['j', 'k', 'k'], expect: f => assert.match(f, /› .*AI电脑/)},
	{name: ':help+Enter from a pane', keys: [':', 'h', 'e', 'l', 'p', KEY.enter], expect: f => assert.match(f, /\[Everywhere\]/)},
	{name: 'Esc+j without a Meta binding: Esc closes the form, j moves down', before: ['a'], keys: [KEY.esc, 'j'], expect: f => assert.ok(!/Add node/.test(f) && /› .*书房笔记本/.test(f), f)},
	{name: 'Esc+q in help: Esc closes help, q quits', before: ['?'], keys: [KEY.esc, 'q'], expect: (_f, x) => assert.equal(x.exited, true)},
	{name: 'Alt+Enter (Esc Enter in one read) in the dispatch text: Meta+Enter is a new line, not a send', before: ['d', 'h', 'i'], keys: [KEY.esc + KEY.enter, 'x'], expect: (f, x) => (assert.match(f, / {3}hi[^\n]*\n[^\n]* {3}x▏/), assert.equal(x.sent, 0))},
	{name: 'text+Enter in the dispatch dialog sends', before: ['d'], keys: ['h', 'i', KEY.enter], expect: (_f, x) => assert.equal(x.sent, 1)},
	{name: 'arrows and Tab in one read', before: ['a'], keys: [KEY.down, KEY.down, 'x', KEY.shiftTab, 'y'], expect: f => assert.match(f, /IP \/ Host\s+y▏[\s\S]*端口 Port\s+18789x/)},
];

for (const c of CASES) {
	test(`burst: ${c.name} — one read behaves like the keys typed one by one`, async () => {
		const screens: string[] = [];
		for (const burst of [true, false]) {
			const {r, frame, exited, dispatcher} = await start();
			for (const k of c.before ?? []) await r.press(k);
			if (burst) await r.press(c.keys.join(''));
			else await r.press(...c.keys);
			const f = frame();
			c.expect(f, {exited: exited(), sent: dispatcher.sent.length});
			screens.push(f);
			r.unmount();
		}
		assert.equal(screens[0], screens[1], 'burst and slow typing end on the same screen');
	});
}

test('bracketed paste into the task text: verbatim (tabs, newlines, CJK), never sent, says "pasted 3 lines"', async () => {
	const {r, frame, dispatcher} = await start();
	await r.press('d');
	await r.paste('def f():\n\treturn 1\r\n训练\n');
	assert.equal(dispatcher.sent.length, 0);
	assert.match(frame(), /pasted 3 lines/);
	assert.match(frame(), /def f\(\):[^\n]*\n[^\n]* {4}return 1/, 'the tab is kept (shown as spaces)');
	await r.press(KEY.enter);
	assert.equal(dispatcher.sent[0]?.message, 'def f():\n\treturn 1\n训练', 'Enter after the paste sends it as pasted');
	r.unmount();
});

test('unbracketed 4 KB paste ending in a newline is text, never a send', async () => {
	const {r, frame, dispatcher} = await start();
	await r.press('d');
	await r.press('y'.repeat(4096) + '\n');
	assert.equal(dispatcher.sent.length, 0, 'not dispatched');
	assert.match(frame(), /Dispatch a task/);
	assert.match(frame(), /pasted 1 line/);
	await r.press(KEY.enter);
	assert.equal(dispatcher.sent[0]?.message, 'y'.repeat(4096));
	r.unmount();
});

test('unbracketed multi-line paste into the command line stays on the line, does not run', async () => {
	const {r, frame} = await start();
	await r.press(':');
	await r.press('help\nquit\n');
	assert.match(frame(), /:help quit▏/);
	assert.ok(!/\[Everywhere\]/.test(frame()));
});

test('a paste outside a text field does nothing but say so', async () => {
	const {r, frame, exited} = await start();
	await r.paste('q\nx\n');
	assert.match(frame(), /paste ignored \(2 lines\): no text field here/);
	assert.equal(exited(), false);
	assert.ok(!/Confirm/.test(frame()));
	r.unmount();
});

test('a paste split over several reads, end marker cut in two, is one paste', async () => {
	const {r, frame, dispatcher} = await start();
	await r.press('d');
	await r.press(KEY.pasteStart + 'one\n', 'two\n\u001b[20', '1~');
	assert.match(frame(), /pasted 2 lines/);
	assert.match(frame(), / {3}one[^\n]*\n[^\n]* {3}two/);
	assert.equal(dispatcher.sent.length, 0);
	r.unmount();
});

test('kitty keyboard protocol keys drive the console like legacy ones', async () => {
	const {r, frame} = await start();
	await r.press('\u001b[106u\u001b[106u'); // j j
	assert.match(frame(), /› .*build-box/);
	await r.press('\u001b[97u', '\u001b[110u\u001b[9u'); // a, n, Tab
	assert.match(frame(), /名称 Name\s+n[^\n]*\n[^\n]*› IP \/ Host/);
	r.unmount();
});

test('TaskLogPane keeps its hook order when the first run arrives (no React hook warning)', async () => {
	const errors: string[] = [];
	const orig = console.error;
	console.error = (...a: unknown[]) => void errors.push(a.map(String).join(' '));
	try {
		const props = {version: 0, width: 76, height: 8, follow: true, scroll: 0, focused: true};
		const r = renderAt(<TaskLogPane {...props} />, 80, 24);
		await r.ready();
		assert.match(plain(r.frame()), /No tasks yet/);
		const tasks = emptyTasks();
		applyTaskEvent(tasks, {type: 'created', id: 'mgw-ext1', node: 'nas', message: 'external', at: Date.now()});
		r.instance.rerender(<TaskLogPane {...props} tasks={tasks} version={1} />);
		await r.idle();
		assert.doesNotMatch(plain(r.frame()), /No tasks yet/);
		r.unmount();
	} finally {
		console.error = orig;
	}
	assert.deepEqual(
		errors.filter(e => /hook/i.test(e)),
		[],
	);
});


test('the console turns bracketed paste on while it runs and off when it quits', async () => {
	const {runTui, PASTE_ON, PASTE_OFF} = await import('../source/cli/tui.js');
	const {FakeStdin, FakeStdout} = await import('./helpers/render-at.js');
	const {tempDir} = await import('./helpers/store.js');
	const stdout = new FakeStdout(80, 24);
	const stdin = new FakeStdin();
	const home = tempDir();
	const done = runTui({readonly: false, noColor: true}, {stdout: stdout as never, stderr: new FakeStdout(80, 24) as never, stdin: stdin as never, env: {MGW_TUI_HOME: home, HOME: home}});
	await new Promise<void>(resolve => (stdout.frames.length ? resolve() : stdout.once('frame', () => resolve())));
	assert.ok(stdout.frames.join('').includes(PASTE_ON), 'on at start');
	assert.ok(!stdout.frames.join('').includes(PASTE_OFF));
	// wait for the first rendered frame, then quit
	while (!stdout.frames.some(f => f.includes('mgw-tui'))) await new Promise(r => stdout.once('frame', r));
	stdin.write('q');
	assert.equal(await done, 0);
	const all = stdout.frames.join('');
	assert.ok(all.lastIndexOf(PASTE_OFF) > all.lastIndexOf(PASTE_ON), 'off on the way out');
});

test('Ctrl-Z asks the suspend service, from a pane and from inside a dialog (the dialog is still there after); without one it says why', async () => {
	const s = tempStore();
	s.registry.markLocalOffered();
	for (const n of nodes) s.registry.add(n);
	let suspended = 0;
	const r = renderAt(<App services={{...s.services(), dispatcher: fakeDispatcher(), suspend: () => void suspended++}} />, 80, 24);
	await r.ready();
	await r.press(KEY.ctrlZ);
	assert.equal(suspended, 1, 'from the Nodes pane');
	await r.press('d', 'h', 'i', KEY.ctrlZ);
	assert.equal(suspended, 2, 'from the dispatch text field');
	assert.match(plain(r.frame()), /Dispatch a task/);
	assert.match(plain(r.frame()), / {3}hi▏/, 'Ctrl-Z typed nothing into the text');
	await r.press(KEY.esc, '?', KEY.ctrlZ);
	assert.equal(suspended, 3, 'from help');
	assert.match(plain(r.frame()), /\[Everywhere\][\s\S]*C-z +suspend to the shell \(fg resumes\)/, 'listed in help under Everywhere');
	r.unmount();

	const {r: bare, frame} = await start();
	await bare.press(KEY.ctrlZ);
	assert.match(frame(), /cannot suspend: not running in a terminal/);
	bare.unmount();
});
