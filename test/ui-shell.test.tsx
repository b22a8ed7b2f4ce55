import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import stringWidth from 'string-width';
import {render as inkTestRender} from 'ink-testing-library';
import {App} from '../source/ui/App.js';
import {BINDINGS as KEYMAP, bindingOf} from '../source/core/keymap.js';
import {COMMANDS} from '../source/core/commands.js';
import {renderAt, KEY, plain, settled} from './helpers/render-at.js';
import {tempStore, GUIDE_TABLE} from './helpers/store.js';

const ai = {name: 'AI电脑', host: '192.168.1.52', port: 18789, token: 'f74bba0123456789a0b', tags: ['gpu']};
const study = {name: '书房笔记本', host: '10.0.0.7', port: 18789, token: 'study-token-5678', tags: ['mac']};
const abc = {name: 'build-box', host: 'build.local', port: 19000, token: 'build-token-9999', tags: []};

function setup(nodes = [ai, study, abc], env: NodeJS.ProcessEnv = {}) {
	const s = tempStore(env);
	for (const n of nodes) s.registry.add(n);
	return s;
}

test('80×24: AI电脑 and 书房笔记本 line up with ASCII names by display width; nothing wider than 80 or taller than 24', async () => {
	const s = setup();
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	const lines = plain(r.frame()).split('\n');
	assert.ok(lines.length <= 24, `${lines.length} lines`);
	for (const l of lines) assert.ok(stringWidth(l) <= 80, `too wide: ${l}`);
	const rowOf = (name: string) => lines.find(l => l.includes(name))!;
	const cols = (needle: string) => [ai, study, abc].map(n => rowOf(n.name)).map(l => stringWidth(l.slice(0, l.indexOf(needle === 'host' ? '' : needle))));
	// host column starts at the same display column on every row
	const hostCol = [ai, study, abc].map(n => {
		const l = rowOf(n.name);
		return stringWidth(l.slice(0, l.indexOf(n.host)));
	});
	assert.equal(new Set(hostCol).size, 1, `host columns differ: ${hostCol}`);
	const portCol = [ai, study, abc].map(n => {
		const l = rowOf(n.name);
		return stringWidth(l.slice(0, l.indexOf(String(n.port), l.indexOf(n.host) + n.host.length)));
	});
	assert.equal(new Set(portCol).size, 1, `port columns differ: ${portCol}`);
	void cols;
	assert.match(rowOf('AI电脑'), /AI电脑\s+192\.168\.1\.52\s+18789\s+••••9a0b/);
	assert.ok(!r.frame().includes(ai.token), 'token masked');
	r.unmount();
});

test('long cells are truncated with an ellipsis, never wrapped into the next row', async () => {
	const s = setup([{...ai, name: 'a-really-long-node-name-that-goes-on-and-on', host: 'very-long-hostname.some-subdomain.example.internal'}]);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	const lines = plain(r.frame()).split('\n');
	const row = lines.find(l => l.includes('a-really-'))!;
	assert.ok(row.includes('…'));
	assert.equal(lines.filter(l => l.includes('on-and-on') || l.includes('internal')).length, 0);
	r.unmount();
});

test('focus moves with Tab, Shift-Tab and 1/2/3', async () => {
	const s = setup();
	const r = renderAt(<App services={s.services()} />);
	await r.ready();
	const focused = () => /▶ (\d) /.exec(plain(r.frame()))?.[1];
	assert.equal(focused(), '1');
	await r.press(KEY.tab);
	assert.equal(focused(), '2');
	await r.press(KEY.tab);
	assert.equal(focused(), '3');
	await r.press(KEY.tab);
	assert.equal(focused(), '1');
	await r.press(KEY.shiftTab);
	assert.equal(focused(), '3');
	await r.press('2');
	assert.equal(focused(), '2');
	await r.press('1');
	assert.equal(focused(), '1');
	r.unmount();
});

async function helpText(r: ReturnType<typeof renderAt>): Promise<string> {
	await r.press('?');
	const seen = new Set<string>();
	for (let i = 0; i < 120; i++) {
		for (const l of plain(r.frame()).split('\n')) seen.add(l);
		await r.press(KEY.down);
	}
	await r.press(KEY.esc);
	return [...seen].join('\n');
}

test('? help lists every binding of the keymap table; Esc closes it', async () => {
	const s = setup();
	const r = renderAt(<App services={s.services()} />, 100, 30);
	await r.ready();
	const text = await helpText(r);
	for (const b of KEYMAP) assert.ok(text.includes(b.desc), `help misses: ${b.id} (${b.desc})`);
	assert.ok(!plain(r.frame()).includes('[Everywhere]'), 'Esc closed help');
	r.unmount();
});

test('read-only: write actions are hidden from help and footer and refused', async () => {
	const s = setup();
	const r = renderAt(<App services={s.services()} readonly />, 100, 30);
	await r.ready();
	assert.ok(plain(r.frame()).includes('[read-only]'));
	assert.ok(!/a add|e edit|x remove/.test(plain(r.frame())), 'no write hints in footer');
	await r.press('a');
	assert.match(plain(r.frame()), /read-only mode: "add a node" is refused/);
	await r.press('x');
	assert.match(plain(r.frame()), /read-only mode: "remove the selected node/);
	assert.ok(!plain(r.frame()).includes('Confirm'));
	await r.press(':');
	await r.type('add');
	await r.press(KEY.enter);
	assert.match(plain(r.frame()), /read-only mode: ":add" changes things and is refused/);
	const text = await helpText(r);
	for (const b of KEYMAP) {
		if (b.write) assert.ok(!text.includes(b.desc), `write binding shown in read-only help: ${b.id}`);
		else assert.ok(text.includes(b.desc), `help misses ${b.id}`);
	}
	assert.equal(s.registry.nodes().length, 3, 'nothing changed');
	r.unmount();
});

/** The help pane's rows as drawn (inside the border and padding), and its `N–M of T` status. */
function helpView(frame: string) {
	const lines = plain(frame).split('\n');
	const top = lines.findIndex(l => l.includes('Help · '));
	const m = /Help · (\d+)–(\d+) of (\d+)/.exec(lines[top] ?? '');
	assert.ok(m, `help status: ${lines[top]}`);
	const bottom = lines.findIndex((l, i) => i > top && l.startsWith('╚'));
	const rows = lines.slice(top + 1, bottom).map(l => l.slice(2, -2).trimEnd());
	return {lines, rows, from: Number(m[1]), to: Number(m[2]), total: Number(m[3])};
}

/** Open `?` and scroll to the end, one row at a time: every row of the help, by its number. */
async function walkHelp(r: ReturnType<typeof renderAt>) {
	await r.press('?');
	const all: string[] = [];
	for (let guard = 0; ; guard++) {
		const v = helpView(r.frame());
		assert.ok(v.lines.length <= 24, `${v.lines.length} lines`);
		for (const l of v.lines) assert.ok(stringWidth(l) <= 80, `wider than 80: ${l}`);
		assert.equal(v.to - v.from + 1, v.rows.length, 'the status counts the rows shown');
		v.rows.forEach((row, i) => (all[v.from - 1 + i] = row));
		if (v.to === v.total) return {all, total: v.total, last: v};
		assert.ok(guard < 400, 'the end of the help is reachable');
		await r.press(KEY.down);
	}
}

/** Help entries put back together: the text from the description column on, its continuation rows joined. */
function helpEntries(rows: readonly string[]) {
	const out: string[] = [];
	let column = 12;
	for (const row of rows) {
		if (row.startsWith('[')) {
			if (row === '[Commands after :]') column = 21;
			continue;
		}
		// a label row: its description starts in the column, after a space (a label too long for its column has the row to itself)
		if (/^ {2}\S/.test(row)) out.push(row[column - 1] === ' ' ? row.slice(column).trim() : '');
		else if (row.startsWith(' '.repeat(column)) && /\S/.test(row[column] ?? '')) out[out.length - 1] = `${out.at(-1)} ${row.slice(column)}`.trim();
	}
	return out;
}

test('help at 80×24 wraps long descriptions under the description column, cuts nothing, and scrolls to its last line (NO_COLOR too)', async () => {
	const sentence = 'A node is one OpenClaw gateway on one computer; OpenClaw\'s paired "nodes" show as devices in a node\'s detail.';
	for (const noColor of [false, true]) {
		const s = setup();
		const r = renderAt(<App services={s.services()} noColor={noColor} />, 80, 24);
		await r.ready();
		const {all, total, last} = await walkHelp(r);
		assert.equal(all.length, total);
		assert.ok(all.every(row => typeof row === 'string'), 'every row was on screen once');
		// node.trust is longer than the pane: it goes on in the next row, under "trust"
		const trust = bindingOf('node.trust').desc;
		const at = all.findIndex(row => row.startsWith('  T '));
		assert.equal(all[at]!.indexOf('trust'), 12, all[at]);
		assert.match(all[at + 1]!, /^ {12}\S/, `continuation under the description column: ${all[at + 1]}`);
		const entries = helpEntries(all);
		assert.ok(entries.includes(trust), `node.trust whole: ${all.slice(at, at + 3).join(' | ')}`);
		for (const b of KEYMAP) if (b.keys.length) assert.ok(entries.includes(b.desc), `help misses or cuts: ${b.id} (${b.desc})`);
		for (const c of COMMANDS) assert.ok(entries.includes(c.desc), `help misses or cuts :${c.name}`);
		for (const c of COMMANDS) assert.ok(all.some(row => row.trim().startsWith(`:${c.name}${c.args ? ' ' + c.args : ''}`)), `command label cut: :${c.name} ${c.args ?? ''}`);
		// the only … are the ones in the texts themselves
		const written = [...KEYMAP.filter(b => b.keys.length).map(b => b.desc), ...COMMANDS.map(c => c.desc)].join('').split('…').length - 1;
		assert.equal(all.join('\n').split('…').length - 1, written, 'no … added by cutting');
		// the end: the last sentence whole, on the last rows
		assert.equal(all.slice(all.lastIndexOf('') + 1).join(' '), sentence);
		assert.equal(last.rows.at(-1), all.at(-1));
		if (noColor) assert.ok(!/\u001b\[(3[0-9]|9[0-7]|38;)/.test(r.stdout.frames.join('')), 'no foreground colour codes');
		r.unmount();
	}
});

test('add: every bad field gets its message at the field; nothing saved until all are good', async () => {
	const s = setup([ai]);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	await r.press('a');
	assert.match(plain(r.frame()), /Add node/);
	await r.press(KEY.enter);
	let f = plain(r.frame());
	assert.match(f, /✖ name is required/);
	assert.match(f, /✖ host is required/);
	assert.match(f, /✖ token is required/);
	// duplicate name (case-insensitive), bad host, bad port, token with a space, bad tag
	await r.type('ai电脑');
	await r.press(KEY.tab);
	await r.type('300.1.2.3');
	await r.press(KEY.tab);
	await r.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
	await r.type('99999');
	await r.press(KEY.tab);
	await r.type('has space');
	await r.press(KEY.tab);
	await r.type('ok b/d');
	await r.press(KEY.enter);
	f = plain(r.frame());
	assert.match(f, /✖ a node named "ai电脑" already exists/);
	assert.match(f, /✖ "300\.1\.2\.3" is not an IPv4/);
	assert.match(f, /✖ port 99999 is out of range 1–65535/);
	assert.match(f, /✖ token may not contain spaces/);
	assert.match(f, /✖ tag "b\/d"/);
	assert.equal(s.registry.nodes().length, 1, 'nothing saved');
	// fix every field: cursor is on the first bad field (name)
	for (const _ of 'ai电脑') await r.press(KEY.backspace);
	await r.type('书房笔记本');
	await r.press(KEY.tab);
	for (let i = 0; i < 9; i++) await r.press(KEY.backspace);
	await r.type('10.0.0.7');
	await r.press(KEY.tab, ...Array(5).fill(KEY.backspace));
	await r.press(KEY.tab, ...Array(9).fill(KEY.backspace));
	await r.type('study-token-5678');
	await r.press(KEY.tab, KEY.backspace, KEY.backspace, KEY.backspace);
	await r.type('mac');
	await r.press(KEY.enter);
	f = plain(r.frame());
	assert.match(f, /added node 书房笔记本/);
	assert.deepEqual(s.registry.drafts()[1], {name: '书房笔记本', host: '10.0.0.7', port: 18789, token: 'study-token-5678', tags: ['ok', 'mac']});
	r.unmount();
});

test('edit: bad host refused at the field; empty token keeps the stored one; Esc cancels without saving', async () => {
	const s = setup([ai, study]);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	await r.press(KEY.down, 'e');
	assert.match(plain(r.frame()), /Edit node 书房笔记本/);
	assert.match(plain(r.frame()), /\(unchanged — type to replace\)/);
	await r.press(KEY.tab, ...Array(8).fill(KEY.backspace));
	await r.type('not a host');
	await r.press(KEY.enter);
	assert.match(plain(r.frame()), /✖ "not a host" is not an IPv4/);
	for (let i = 0; i < 10; i++) await r.press(KEY.backspace);
	await r.type('10.0.0.8');
	await r.press(KEY.enter);
	assert.match(plain(r.frame()), /saved node 书房笔记本/);
	assert.deepEqual(s.registry.drafts()[1], {...study, host: '10.0.0.8'});
	await r.press('e', KEY.tab);
	await r.type('.9');
	await r.press(KEY.esc);
	assert.equal(s.registry.drafts()[1]!.host, '10.0.0.8', 'Esc saved nothing');
	r.unmount();
});

test('remove asks first: n keeps the node, y removes it and its token', async () => {
	const s = setup([ai, study]);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	await r.press('x');
	assert.match(plain(r.frame()), /Remove node "AI电脑"/);
	await r.press('n');
	assert.equal(s.registry.nodes().length, 2);
	await r.press('x', 'y');
	assert.match(plain(r.frame()), /removed node AI电脑/);
	assert.deepEqual(s.registry.nodes().map(n => n.name), ['书房笔记本']);
	assert.equal(s.registry.token('AI电脑'), undefined);
	r.unmount();
});

test('t reveals tokens and hides them again', async () => {
	const s = setup([ai]);
	const r = renderAt(<App services={s.services()} />, 100, 24);
	await r.ready();
	assert.ok(!r.frame().includes(ai.token));
	await r.press('t');
	assert.ok(r.frame().includes(ai.token));
	await r.press('t');
	assert.ok(!r.frame().includes(ai.token));
	r.unmount();
});

test(':import FILE with completion imports the guide table; the empty pane says how to add nodes', async () => {
	const s = setup([]);
	const file = path.join(s.dir, 'TOOLS.md');
	fs.writeFileSync(file, GUIDE_TABLE);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	assert.match(plain(r.frame()), /No nodes yet/);
	assert.match(plain(r.frame()), /:import FILE/);
	await r.press(':');
	await r.type('im');
	await r.press(KEY.tab);
	assert.match(plain(r.frame()), /:import ▏/);
	await r.type(file);
	await r.press(KEY.enter);
	const f = plain(r.frame());
	assert.match(f, /1 added/);
	assert.match(f, /AI电脑\s+192\.168\.1\.52\s+18789/);
	await r.press(':');
	await r.type('bogus');
	await r.press(KEY.enter);
	assert.match(plain(r.frame()), /unknown command ":bogus"/);
	r.unmount();
});

test('first start with a local OpenClaw config offers it as node "local"', async () => {
	const s = tempStore();
	fs.mkdirSync(path.join(s.dir, '.openclaw'));
	fs.writeFileSync(path.join(s.dir, '.openclaw', 'openclaw.json'), '{gateway: {port: 18789, auth: {token: "local-gw-token-abcd"}}}');
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	assert.match(plain(r.frame()), /Add it as node "local"\?/);
	assert.ok(!r.frame().includes('local-gw-token-abcd'));
	await r.press('y');
	assert.deepEqual(s.registry.drafts(), [{name: 'local', host: '127.0.0.1', port: 18789, token: 'local-gw-token-abcd', tags: ['local']}]);
	r.unmount();
	// answered once: not offered again
	assert.equal(s.services().localOffer, undefined);
});

test('resize: no line is ever wider than the terminal; a wide terminal puts Nodes beside the log', async () => {
	const s = setup();
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	for (const [c, rows] of [[60, 20], [45, 14], [150, 40], [80, 24]] as const) {
		await r.resize(c, rows);
		const lines = plain(r.frame()).split('\n');
		for (const l of lines) assert.ok(stringWidth(l) <= c, `${c}×${rows}: ${stringWidth(l)} > ${c}: ${l}`);
		assert.ok(lines.length <= rows, `${c}×${rows}: ${lines.length} lines`);
		if (c === 150) assert.match(lines.find(l => l.includes('1 Nodes'))!, /2 Task log/);
	}
	r.unmount();
});

test('NO_COLOR: no colour codes, and state still shows as glyph and word', async () => {
	const s = setup([ai]);
	const r = renderAt(<App services={s.services()} noColor />, 80, 24);
	await r.ready();
	assert.ok(!/\u001b\[(3[0-9]|9[0-7]|38;)/.test(r.stdout.frames.join('')), 'no foreground colour codes');
	assert.match(plain(r.frame()), /· new/);
	assert.match(plain(r.frame()), /▶ 1 Nodes/);
	r.unmount();
});

test('q and Ctrl-C quit: the app exits', async () => {
	for (const key of ['q', KEY.ctrlC]) {
		const s = setup([ai]);
		const r = renderAt(<App services={s.services()} />, 80, 24);
		await r.ready();
		const exited = r.instance.waitUntilExit().then(() => true);
		await r.press(key);
		assert.equal(await Promise.race([exited, r.idle().then(() => false)]), true, `exit on ${JSON.stringify(key)}`);
	}
	// typing q into a form is text, not quit
	const s = setup([ai]);
	const r = renderAt(<App services={s.services()} />, 80, 24);
	await r.ready();
	const exited = r.instance.waitUntilExit().then(() => true);
	await r.press('a', 'q');
	assert.equal(await Promise.race([exited, r.idle().then(() => false)]), false);
	assert.match(plain(r.frame()), /名称 Name\s+q/);
	r.unmount();
});

test('ink-testing-library: the shell renders the three panes and footer hints', async () => {
	const s = setup([ai]);
	const r = inkTestRender(<App services={s.services()} />);
	await settled(r, 0);
	const f = plain(r.lastFrame() ?? '');
	for (const t of ['1 Nodes', '2 Task log', '3 Config', '? help', 'a add', 'AI电脑']) assert.ok(f.includes(t), t);
	const n = r.frames.length;
	r.stdin.write('2');
	await settled(r, n);
	assert.match(plain(r.lastFrame() ?? ''), /▶ 2 Task log/);
	r.unmount();
});
