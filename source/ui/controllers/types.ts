/**
 * The typed action table (the shape of k9s internal/ui/action.go and lazygit's
 * pkg/gui/types/keybindings.go): every action id of core/keymap.ts maps to one Action.
 * Each feature is a controller covering the ids of its scopes; App spreads them into one
 * ActionTable, so a binding without a handler (or a handler without a binding) does not compile.
 */
import type {ActionId, Scope, ScopeActionId} from '../../core/keymap.js';
import type {AppAction, AppState, ConfirmAction} from '../state/app-state.js';

/** How an action was started: `key` is the key name that ran it, `arg` the `:` command's argument. */
export type Invocation = {key?: string; arg?: string};

export type Action = {
	run: (inv: Invocation) => void;
	/** Why the action cannot run now (no node selected, …); said instead of running. Read-only refusals come from the table's `write`. */
	disabledReason?: (inv: Invocation) => string | undefined;
};

/** Handlers for exactly the ids of the given scope(s). */
export type Controller<S extends Scope> = {[K in ScopeActionId<S>]: Action};
export type ActionTable = {[K in ActionId]: Action};

/** What to do when a confirm dialog is answered yes, per confirm kind. */
export type ConfirmHandlers = {[T in ConfirmAction['type']]: (a: Extract<ConfirmAction, {type: T}>) => void};

export type Say = (kind: 'info' | 'error' | 'ok', text: string) => void;

/** What every controller gets: state access, the reducer's dispatch, messages and (late bound) the action runner. */
export type Ctx = {
	get: () => AppState;
	dispatch: (a: AppAction) => void;
	say: Say;
	readonly: boolean;
	/** Put text on the local clipboard (OSC 52) and say so; `what` names it in the message. */
	copy: (text: string, what: string) => void;
	/** Run an action id as if its key was pressed (the `:` line uses it). */
	run: (id: ActionId, inv?: Invocation) => void;
};

export const act = (run: (inv: Invocation) => void, disabledReason?: (inv: Invocation) => string | undefined): Action => ({run, disabledReason});
export const close = (ctx: Ctx): Action => act(() => ctx.dispatch({type: 'close'}));
