import {bindingOf, resolveKey, type ActionId} from '../../core/keymap.js';
import type {Edit} from '../../core/dialogs.js';
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

/**
 * One place turns a key into an action: keymap.resolveKey for the active scope, else text
 * editing for the overlays that take text (a typed update per overlay, see core/dialogs.ts).
 */
export function makeKeyHandler(deps: Deps) {
	const {get, dispatch, readonly, quit} = deps;
	const run = makeRunner(deps);
	return (edit: Edit) => {
		const name = edit.key;
		if (name === 'ctrl+c') return quit();
		const state = get();
		const scope = activeScope(state);
		if (state.message && !state.overlay) dispatch({type: 'message', message: undefined});
		const o = state.overlay;
		const hit = resolveKey(name, {scope, readonly});
		if (hit) return run(hit.binding.id, {key: name});
		switch (o?.kind) {
			case 'form':
			case 'configEdit':
			case 'dispatch':
				return dispatch({type: 'overlay', update: {kind: o.kind, ev: {type: 'edit', edit}}});
			case 'command':
			case 'filter': {
				const before = get().overlay;
				dispatch({type: 'overlay', update: {kind: o.kind, ev: {type: 'edit', edit}}});
				if (state.message && get().overlay !== before) dispatch({type: 'message', message: undefined});
			}
		}
	};
}
