import {test} from 'node:test';
import assert from 'node:assert/strict';
import {commandDialog, configEditDialog, dispatchDialog, editLine, formDialog, FORM_FIELDS, type DispatchDialogState, type Edit, type FormDialog} from '../source/core/dialogs.js';
import {BINDINGS, footerHints, hintLine, resolveKey, type Scope} from '../source/core/keymap.js';
import {COMMANDS, parseCommand} from '../source/core/commands.js';

const ch = (text: string): Edit => ({key: text, text});
const key = (k: string): Edit => ({key: k, text: ''});

test('editLine: a table of keys and pastes', () => {
	const rows: [string, Edit, boolean, string | undefined][] = [
		['ab', ch('c'), false, 'abc'],
		['ab', ch('xyz'), false, 'abxyz'],
		['ab', key('backspace'), false, 'a'],
		['ab', key('delete'), false, 'a'],
		['ab cd', key('ctrl+w'), false, 'ab '],
		['ab', key('ctrl+u'), false, ''],
		['ab', key('return'), false, undefined],
		['ab', key('tab'), false, undefined],
		['ab', key('escape'), false, undefined],
		['ab', key('ctrl+g'), false, undefined],
		['ab', key('meta+x'), false, undefined],
		['', ch('a\tb\nc'), false, 'abc'],
		['', ch('a\tb\r\nc\rd'), true, 'a\tb\nc\nd'],
		['', ch('训练\u0007进行'), true, '训练进行'],
		['x', ch('\u001b'), false, undefined],
	];
	for (const [value, edit, multi, want] of rows) assert.equal(editLine(value, edit, multi), want, `${JSON.stringify(value)} + ${JSON.stringify(edit)}${multi ? ' (multiline)' : ''}`);
});

test('form dialog: step wraps, edits go to the active field and clear its error, invalid jumps to the first bad field', () => {
	const f: FormDialog = {kind: 'form', mode: 'add', values: {name: '', host: '', port: '18789', token: '', tags: ''}, errors: {name: 'x'}, field: 0};
	const last = FORM_FIELDS.length - 1;
	assert.equal(formDialog(f, {type: 'step', delta: -1}).field, last);
	assert.equal(formDialog({...f, field: last}, {type: 'step', delta: 1}).field, 0);
	const typed = formDialog(f, {type: 'edit', edit: ch('nas')});
	assert.equal(typed.values.name, 'nas');
	assert.equal(typed.errors.name, undefined);
	assert.equal(formDialog(f, {type: 'edit', edit: key('up')}), f, 'a non-edit key leaves the dialog untouched');
	const bad = formDialog(f, {type: 'invalid', errors: {port: 'bad', token: 'bad'}});
	assert.equal(bad.field, 2);
});

test('command dialog: completion, history clamps at both ends, edits', () => {
	const c = {kind: 'command' as const, text: 'imp', histIdx: 2};
	assert.equal(commandDialog(c, {type: 'complete', readonly: false}).text, 'import ');
	assert.equal(commandDialog(c, {type: 'complete', readonly: true}).text, 'imp', 'write commands do not complete in read-only mode');
	const h = ['help', 'nodes'];
	assert.deepEqual(commandDialog(c, {type: 'history', delta: -1, history: h}), {kind: 'command', text: 'nodes', histIdx: 1});
	assert.deepEqual(commandDialog({...c, histIdx: 0}, {type: 'history', delta: -1, history: h}), {kind: 'command', text: 'help', histIdx: 0});
	assert.deepEqual(commandDialog(c, {type: 'history', delta: 1, history: h}), {kind: 'command', text: '', histIdx: 2});
	assert.equal(commandDialog(c, {type: 'edit', edit: key('backspace')}).text, 'im');
});

test('dispatch dialog: fields cycle, target change resets agents, late agent lists for another target are dropped, no edits while sending', () => {
	const d: DispatchDialogState = {kind: 'dispatch', text: 'hi', field: 0, target: 0, agent: 0, session: 'new', agents: ['default'], sending: false};
	assert.equal(dispatchDialog(d, {type: 'step', delta: -1}).field, 3);
	assert.equal(dispatchDialog(d, {type: 'newline'}).text, 'hi\n');
	assert.equal(dispatchDialog({...d, field: 1}, {type: 'newline'}).text, 'hi');
	const t = dispatchDialog({...d, field: 1, agents: ['default', 'coder'], agent: 1}, {type: 'choose', delta: -1, targets: 4});
	assert.deepEqual([t.target, t.agents, t.agent], [3, ['default'], 0]);
	assert.deepEqual(dispatchDialog(t, {type: 'agents', agents: ['default', 'x'], forTarget: 3}).agents, ['default', 'x']);
	assert.equal(dispatchDialog(t, {type: 'agents', agents: ['default', 'x'], forTarget: 1}), t);
	assert.equal(dispatchDialog({...d, field: 3}, {type: 'choose', delta: 1, targets: 4}).session, 'main');
	assert.equal(dispatchDialog({...d, sending: true}, {type: 'edit', edit: ch('x')}).text, 'hi');
	assert.equal(dispatchDialog(d, {type: 'edit', edit: ch('\tx\ny')}).text, 'hi\tx\ny', 'tabs and newlines kept in the task text');
});

test('config edit dialog: choices cycle and refuse typing; free text edits', () => {
	const c = {kind: 'configEdit' as const, field: 'bind', text: 'lan', choices: ['loopback', 'lan', 'auto']};
	assert.equal(configEditDialog(c, {type: 'choose', delta: 1}).text, 'auto');
	assert.equal(configEditDialog({...c, text: 'bogus'}, {type: 'choose', delta: 1}).text, 'loopback');
	assert.equal(configEditDialog(c, {type: 'edit', edit: ch('x')}), c);
	assert.equal(configEditDialog({kind: 'configEdit', field: 'port', text: '1'}, {type: 'edit', edit: ch('8')}).text, '18');
});

test('keymap table: ids unique, no key bound twice in one scope, every command names an action, hints come from the table', () => {
	const ids = BINDINGS.map(b => b.id);
	assert.equal(new Set(ids).size, ids.length);
	const seen = new Set<string>();
	for (const b of BINDINGS)
		for (const k of b.keys) {
			assert.ok(!seen.has(`${b.scope} ${k}`), `${k} bound twice in ${b.scope}`);
			seen.add(`${b.scope} ${k}`);
		}
	for (const c of COMMANDS) assert.ok(ids.includes(c.action), c.name);
	assert.equal(COMMANDS.find(c => c.name === 'import')!.write, true, 'write comes from the action binding');
	assert.equal(hintLine('confirm', false), 'y yes · n/Esc no');
	assert.deepEqual(
		footerHints('nodes' as Scope, true).map(h => h.id),
		footerHints('nodes', true)
			.map(h => h.id)
			.filter(id => !BINDINGS.find(b => b.id === id)!.write),
	);
	assert.equal(resolveKey('x', {scope: 'nodes', readonly: true})?.refused, true);
	assert.equal(resolveKey('q', {scope: 'form', readonly: false}), undefined, 'overlays do not fall back to global keys');
	const p = parseCommand(':edit nas', false);
	assert.ok(p && 'spec' in p && p.spec.action === 'node.edit' && p.arg === 'nas');
});
