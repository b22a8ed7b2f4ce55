import type {Key} from 'ink';
import {resolveKey} from '../../core/keymap.js';
import {completeLine, parseCommand} from '../../core/commands.js';
import {activeScope, FORM_FIELDS, type AppAction, type AppState} from '../state/app-state.js';
import {editText, keyName} from './key-name.js';
import type {useNodeActions} from './use-node-actions.js';

type Deps = {
	get: () => AppState;
	dispatch: (a: AppAction) => void;
	readonly: boolean;
	nodes: ReturnType<typeof useNodeActions>;
	/** Pane-specific handlers contributed by later features (log, config, fleet). Return true when handled. */
	extra?: (id: string, arg?: string) => boolean;
	quit: () => void;
};

/**
 * One place turns a key into an action: keymap.resolveKey for the active scope, text
 * editing for the overlays that take text. Write actions in read-only mode are refused
 * with a message, never run.
 */
export function makeKeyHandler({get, dispatch, readonly, nodes, extra, quit}: Deps) {
	const say = (kind: 'info' | 'error' | 'ok', text: string) => dispatch({type: 'message', message: {kind, text}});

	const runCommand = (line: string) => {
		const parsed = parseCommand(line, readonly);
		dispatch({type: 'close'});
		if (!parsed) return;
		if ('error' in parsed) return say('error', parsed.error);
		dispatch({type: 'remember', line: line.trim()});
		const {spec, arg} = parsed;
		switch (spec.name) {
			case 'add':
				return nodes.openAdd();
			case 'edit':
				return nodes.openEdit(arg || undefined);
			case 'remove':
				return nodes.askRemove(arg || undefined);
			case 'import':
				return nodes.importFile(arg);
			case 'nodes':
			case 'log':
				return dispatch({type: 'focus', pane: spec.name});
			case 'config':
				if (!extra?.('command.config', arg)) dispatch({type: 'focus', pane: 'config'});
				return;
			case 'reveal':
				return dispatch({type: 'reveal'});
			case 'help':
				return dispatch({type: 'open', overlay: {kind: 'help', scroll: 0}});
			case 'quit':
				return quit();
			default:
				if (!extra?.(`command.${spec.name}`, arg)) say('error', `:${spec.name} is not available yet`);
		}
	};

	const act = (id: string, key: string) => {
		const state = get();
		const o = state.overlay;
		switch (id) {
			case 'quit':
				return quit();
			case 'focus.next':
				return dispatch({type: 'focusStep', delta: 1});
			case 'focus.prev':
				return dispatch({type: 'focusStep', delta: -1});
			case 'focus.nodes':
				return dispatch({type: 'focus', pane: 'nodes'});
			case 'focus.log':
				return dispatch({type: 'focus', pane: 'log'});
			case 'focus.config':
				return dispatch({type: 'focus', pane: 'config'});
			case 'help':
				return dispatch({type: 'open', overlay: {kind: 'help', scroll: 0}});
			case 'command':
				return dispatch({type: 'open', overlay: {kind: 'command', text: '', histIdx: state.history.length}});
			case 'cursor.up':
				return dispatch({type: 'select', delta: -1});
			case 'cursor.down':
				return dispatch({type: 'select', delta: 1});
			case 'node.add':
				return nodes.openAdd();
			case 'node.edit':
				return nodes.openEdit();
			case 'node.remove':
				return nodes.askRemove();
			case 'token.reveal':
				return dispatch({type: 'reveal'});
			case 'help.close':
			case 'task.close':
			case 'detail.close':
			case 'form.cancel':
			case 'command.cancel':
			case 'filter.cancel':
				return dispatch({type: 'close'});
			case 'help.scroll':
				return;
			case 'form.next':
			case 'form.prev':
				if (o?.kind === 'form') {
					const n = FORM_FIELDS.length;
					return dispatch({type: 'patchOverlay', patch: {field: (o.field + (id === 'form.next' ? 1 : n - 1)) % n}});
				}
				return;
			case 'form.submit':
				return nodes.submitForm();
			case 'command.complete':
				if (o?.kind === 'command') dispatch({type: 'patchOverlay', patch: {text: completeLine(o.text, readonly)}});
				return;
			case 'command.run':
				if (o?.kind === 'command') runCommand(o.text);
				return;
			case 'confirm.no':
				dispatch({type: 'close'});
				if (o?.kind === 'confirm' && o.action.type === 'addLocal') extra?.('local.declined');
				return;
			case 'confirm.yes':
				if (o?.kind !== 'confirm') return;
				dispatch({type: 'close'});
				if (o.action.type === 'remove') return nodes.remove(o.action.name);
				if (o.action.type === 'addLocal') return nodes.addLocal();
				extra?.(`confirm.${o.action.type}`, o.action.type === 'cancelTask' ? o.action.id : undefined);
				return;
			default:
				if (!extra?.(id, key)) say('info', `${id} is not available yet`);
		}
	};

	return (input: string, key: Key) => {
		const name = keyName(input, key);
		if (name === 'ctrl+c') return quit();
		const state = get();
		const scope = activeScope(state);
		if (state.message && !state.overlay) dispatch({type: 'message', message: undefined});
		const o = state.overlay;
		const hit = resolveKey(name, {scope, readonly});
		if (hit) {
			if (hit.refused) return say('error', `read-only mode: "${hit.binding.desc}" is refused`);
			if (o?.kind === 'help' && hit.binding.id === 'help.scroll') {
				const delta = name === 'up' || name === 'k' ? -1 : 1;
				return dispatch({type: 'patchOverlay', patch: {scroll: Math.max(0, o.scroll + delta)}});
			}
			if (o?.kind === 'command' && hit.binding.id === 'command.history') {
				const idx = Math.max(0, Math.min(state.history.length, o.histIdx + (name === 'up' ? -1 : 1)));
				return dispatch({type: 'patchOverlay', patch: {histIdx: idx, text: state.history[idx] ?? ''}});
			}
			return act(hit.binding.id, name);
		}
		// Text entry for overlays that take text.
		if (o?.kind === 'form') {
			const f = FORM_FIELDS[o.field]!;
			const next = editText(o.values[f], input, key);
			if (next !== undefined) dispatch({type: 'patchOverlay', patch: {values: {...o.values, [f]: next}, errors: {...o.errors, [f]: undefined}}});
			return;
		}
		if (o?.kind === 'configEdit') {
			if (o.choices) return;
			const next = editText(o.text, input, key);
			if (next !== undefined) dispatch({type: 'patchOverlay', patch: {text: next}});
			return;
		}
		if (o?.kind === 'dispatch') {
			if (o.field !== 0 || o.sending) return;
			const next = editText(o.text, input, key, true);
			if (next !== undefined) dispatch({type: 'patchOverlay', patch: {text: next}});
			return;
		}
		if (o?.kind === 'command' || o?.kind === 'filter') {
			const next = editText(o.text, input, key);
			if (next !== undefined) {
				dispatch({type: 'patchOverlay', patch: {text: next}});
				if (state.message) dispatch({type: 'message', message: undefined});
			}
			return;
		}
		extra?.(`key:${name}`);
	};
}
