/**
 * Dialog state and its changes as small pure reducers (no React, no I/O). The UI's
 * controllers only decide *which* event to send; what the dialog becomes is decided here
 * and tested as tables (test/core-dialogs.test.ts).
 */
import {completeLine} from './commands.js';
import type {FieldErrors, NodeField, NodeInput} from './nodes.js';

export const FORM_FIELDS: readonly NodeField[] = ['name', 'host', 'port', 'token', 'tags', 'auth', 'ssh', 'tls'];
/** Dispatch dialog fields: 0 task text, 1 target, 2 agent, 3 session. */
export const DISPATCH_FIELDS = 4;

export type FormDialog = {kind: 'form'; mode: 'add' | 'edit'; original?: string; values: NodeInput; errors: FieldErrors; field: number};
export type CommandDialog = {kind: 'command'; text: string; histIdx: number};
/** The `/` line: filters the task log (regex) or, with target `nodes`, the Nodes pane (words). */
export type FilterDialog = {kind: 'filter'; text: string; target?: 'nodes'};
export type ConfigEditDialog = {kind: 'configEdit'; field: string; text: string; choices?: string[]};
export type DispatchDialogState = {kind: 'dispatch'; text: string; field: number; target: number; agent: number; session: 'new' | 'main'; agents: string[]; sending: boolean};

/** A text edit: a key name (core/keymap names) and, for printable input, its text. */
export type Edit = {key: string; text: string};

const NOT_TEXT = new Set(['escape', 'return', 'meta+return', 'tab', 'shift+tab', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end']);

/**
 * Edit a one-line (or `multiline`) value with a key; undefined when the key is not an edit.
 * Control characters a paste may carry are dropped (tabs and newlines kept when multiline).
 */
export function editLine(value: string, {key, text}: Edit, multiline = false): string | undefined {
	if (key === 'backspace' || key === 'delete') return value.slice(0, -1);
	if (key === 'ctrl+u') return '';
	if (key === 'ctrl+w') return value.replace(/\S+\s*$/, '');
	if (NOT_TEXT.has(key) || key.startsWith('ctrl+') || key.startsWith('meta+') || !text) return undefined;
	const t = multiline ? text.replace(/\r\n?/g, '\n') : text;
	const clean = t.replace(multiline ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g, '');
	return clean ? value + clean : undefined;
}

const cycle = (i: number, delta: number, n: number) => (n <= 0 ? 0 : (((i + delta) % n) + n) % n);
export const scrollBy = (scroll: number, delta: number) => Math.max(0, scroll + delta);

export type FormEvent = {type: 'step'; delta: 1 | -1} | {type: 'edit'; edit: Edit} | {type: 'invalid'; errors: FieldErrors};

export function formDialog(o: FormDialog, ev: FormEvent): FormDialog {
	switch (ev.type) {
		case 'step':
			return {...o, field: cycle(o.field, ev.delta, FORM_FIELDS.length)};
		case 'edit': {
			const f = FORM_FIELDS[o.field]!;
			const next = editLine(o.values[f] ?? '', ev.edit);
			return next === undefined ? o : {...o, values: {...o.values, [f]: next}, errors: {...o.errors, [f]: undefined}};
		}
		case 'invalid': {
			const first = FORM_FIELDS.findIndex(f => ev.errors[f]);
			return {...o, errors: ev.errors, field: first >= 0 ? first : o.field};
		}
	}
}

export type CommandEvent = {type: 'complete'; readonly: boolean} | {type: 'history'; delta: 1 | -1; history: readonly string[]} | {type: 'edit'; edit: Edit};

export function commandDialog(o: CommandDialog, ev: CommandEvent): CommandDialog {
	switch (ev.type) {
		case 'complete':
			return {...o, text: completeLine(o.text, ev.readonly)};
		case 'history': {
			const histIdx = Math.max(0, Math.min(ev.history.length, o.histIdx + ev.delta));
			return {...o, histIdx, text: ev.history[histIdx] ?? ''};
		}
		case 'edit': {
			const text = editLine(o.text, ev.edit);
			return text === undefined ? o : {...o, text};
		}
	}
}

export function filterDialog(o: FilterDialog, ev: {type: 'edit'; edit: Edit}): FilterDialog {
	const text = editLine(o.text, ev.edit);
	return text === undefined ? o : {...o, text};
}

export type ConfigEditEvent = {type: 'choose'; delta: 1 | -1} | {type: 'set'; text: string} | {type: 'edit'; edit: Edit};

export function configEditDialog(o: ConfigEditDialog, ev: ConfigEditEvent): ConfigEditDialog {
	switch (ev.type) {
		case 'choose':
			return o.choices ? {...o, text: o.choices[cycle(o.choices.indexOf(o.text), ev.delta, o.choices.length)]!} : o;
		case 'set':
			return {...o, text: ev.text};
		case 'edit': {
			if (o.choices) return o;
			const text = editLine(o.text, ev.edit);
			return text === undefined ? o : {...o, text};
		}
	}
}

export type DispatchEvent =
	| {type: 'step'; delta: 1 | -1}
	| {type: 'newline'}
	| {type: 'choose'; delta: 1 | -1; targets: number}
	| {type: 'agents'; agents: string[]; forTarget: number}
	| {type: 'sending'; sending: boolean}
	| {type: 'edit'; edit: Edit};

export function dispatchDialog(o: DispatchDialogState, ev: DispatchEvent): DispatchDialogState {
	switch (ev.type) {
		case 'step':
			return {...o, field: cycle(o.field, ev.delta, DISPATCH_FIELDS)};
		case 'newline':
			return o.field === 0 && !o.sending ? {...o, text: o.text + '\n'} : o;
		case 'choose':
			if (o.field === 1) return {...o, target: cycle(o.target, ev.delta, ev.targets), agents: ['default'], agent: 0};
			if (o.field === 2) return {...o, agent: cycle(o.agent, ev.delta, o.agents.length)};
			if (o.field === 3) return {...o, session: o.session === 'new' ? 'main' : 'new'};
			return o;
		case 'agents':
			return o.target === ev.forTarget ? {...o, agents: ev.agents, agent: 0} : o;
		case 'sending':
			return {...o, sending: ev.sending};
		case 'edit': {
			if (o.field !== 0 || o.sending) return o;
			const text = editLine(o.text, ev.edit, true);
			return text === undefined ? o : {...o, text};
		}
	}
}
