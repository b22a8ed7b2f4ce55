import {bindingOf, resolveKey, type ActionId} from '../../core/keymap.js';
import {isPaste, pastedLines, type InputEvent, type KeyEvent, type PasteEvent} from '../../core/keys.js';
import {activeScope, type AppAction, type AppState} from '../state/app-state.js';
import type {ActionTable, Invocation, Say} from '../controllers/types.js';

type Deps = {
	get: () => AppState;
	dispatch: (a: AppAction) => void;
	say: Say;
	readonly: boolean;
	/** Late bound: App builds the table after the runner exists (the `:` line runs actions too). */
	table: () => ActionTable;
	quit: () => void;
};

/**
 * One place runs an action id, for a key or a `:` command alike: read-only refuses write
 * actions (from the table's `write`), a `disabledReason` is said instead of running.
 */
export function makeRunner({say, readonly, table}: Pick<Deps, 'say' | 'readonly' | 'table'>) {
	return (id: ActionId, inv: Invocation = {}) => {
		const b = bindingOf(id);
		if (readonly && b.write) return say('error', `read-only mode: "${b.desc}" is refused`);
		const action = table()[id];
		const reason = action.disabledReason?.(inv);
		if (reason) return say('error', reason);
		action.run(inv);
	};
}

/** The overlay that takes typed text now, if any (a field that accepts text, not a choice). */
function textTarget(o: AppState['overlay']): 'form' | 'configEdit' | 'dispatch' | 'command' | 'filter' | 'reply' | undefined {
	switch (o?.kind) {
		case 'form':
		case 'command':
		case 'filter':
			return o.kind;
		case 'configEdit':
			return o.choices ? undefined : o.kind;
		case 'dispatch':
			return o.field === 0 && !o.sending ? o.kind : undefined;
		case 'reply':
			return o.sending ? undefined : o.kind;
		default:
			return undefined;
	}
}

/**
 * One place turns keys into actions, one key at a time and in order (a burst from one read
 * behaves like the same keys typed slowly): keymap.resolveKey for the active scope, else
 * text editing for the overlay that takes text (a typed update per overlay, see
 * core/dialogs.ts). Esc+key is Meta only where the scope has that Meta binding, otherwise
 * Esc, then the key. A paste goes into a text field verbatim and never submits.
 */
export function makeKeyHandler(deps: Deps) {
	const {get, dispatch, say, readonly, quit} = deps;
	const run = makeRunner(deps);
	let quitting = false;

	const onKey = (ev: KeyEvent) => {
		const name = ev.key;
		if (name === 'ctrl+c') {
			quitting = true;
			return quit();
		}
		const state = get();
		const scope = activeScope(state);
		// Ctrl-Z suspends from every scope, as Ctrl-C quits: an open dialog is there again after fg
		const global = resolveKey(name, {scope: 'global', readonly});
		const hit = resolveKey(name, {scope, readonly}) ?? (global?.binding.id === 'suspend' ? global : undefined);
		if (!hit && ev.base) {
			onKey({key: 'escape', text: ''});
			if (!quitting) onKey(ev.base);
			return;
		}
		if (state.message && !state.overlay) dispatch({type: 'message', message: undefined});
		if (hit) {
			if (hit.binding.id === 'quit') quitting = true;
			return run(hit.binding.id, {key: name});
		}
		const o = state.overlay;
		const target = textTarget(o);
		if (!target) return;
		const before = get().overlay;
		dispatch({type: 'overlay', update: {kind: target, ev: {type: 'edit', edit: ev}}});
		if ((target === 'command' || target === 'filter' || target === 'reply') && state.message && get().overlay !== before) dispatch({type: 'message', message: undefined});
	};

	const onPaste = (p: PasteEvent) => {
		const lines = pastedLines(p.paste);
		const n = `${lines} line${lines === 1 ? '' : 's'}`;
		const target = textTarget(get().overlay);
		if (!target) return say('info', `paste ignored (${n}): no text field here`);
		// The dispatch task takes the text as it is (tabs, newlines); one-line fields get it on one line.
		const text = target === 'dispatch' ? p.paste : p.paste.replace(/(\r\n|\r|\n)$/, '').replace(/\r\n|[\r\n\t]/g, ' ');
		dispatch({type: 'overlay', update: {kind: target, ev: {type: 'edit', edit: {key: 'paste', text}}}});
		say('info', `pasted ${n}`);
	};

	return (events: readonly InputEvent[]) => {
		quitting = false;
		for (const ev of events) {
			if (quitting) return;
			if (isPaste(ev)) onPaste(ev);
			else onKey(ev);
		}
	};
}
