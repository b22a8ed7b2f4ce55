import {parseCommand} from '../../core/commands.js';
import type {ConfirmAction} from '../state/app-state.js';
import {act, close, type ConfirmHandlers, type Controller, type Ctx} from './types.js';

type Deps = {
	quit: () => void;
	/** Give the terminal back and stop (Ctrl-Z); absent without a terminal (tests). */
	suspend?: () => void;
	confirm: Omit<ConfirmHandlers, 'copySecret'>;
	/** Optional: what a "no" means for some confirm kinds (the first-start offer remembers it was declined). */
	decline: Partial<{[T in ConfirmAction['type']]: () => void}>;
};

function runConfirm(a: ConfirmAction, h: ConfirmHandlers) {
	switch (a.type) {
		case 'remove':
			return h.remove(a);
		case 'addLocal':
			return h.addLocal(a);
		case 'trust':
			return h.trust(a);
		case 'cancelTask':
			return h.cancelTask(a);
		case 'restartGateway':
			return h.restartGateway(a);
		case 'copySecret':
			return h.copySecret(a);
		case 'deleteSession':
			return h.deleteSession(a);
		case 'approveDevice':
			return h.approveDevice(a);
		case 'rejectDevice':
			return h.rejectDevice(a);
		case 'revokeDevice':
			return h.revokeDevice(a);
	}
}

/** Focus, help, the `:` line, confirm dialogs, suspend (Ctrl-Z) and quit. */
export function appController(ctx: Ctx, {quit, suspend, confirm: own, decline}: Deps): Omit<Controller<'global'>, 'dispatch' | 'focus.config' | 'notify'> & Controller<'help' | 'command' | 'confirm'> {
	const {get, dispatch, say} = ctx;
	const confirm: ConfirmHandlers = {...own, copySecret: ({text, what}) => ctx.copy(text, what)};
	const dir = (key?: string) => (key === 'up' || key === 'k' ? -1 : 1);

	const runCommand = (line: string) => {
		const parsed = parseCommand(line, ctx.readonly);
		dispatch({type: 'close'});
		if (!parsed) return;
		if ('error' in parsed) return say('error', parsed.error);
		dispatch({type: 'remember', line: line.trim()});
		ctx.run(parsed.spec.action, {arg: parsed.arg});
	};

	return {
		quit: act(quit),
		suspend: act(
			() => suspend?.(),
			() => (suspend ? undefined : 'cannot suspend: not running in a terminal'),
		),
		'focus.next': act(() => dispatch({type: 'focusStep', delta: 1})),
		'focus.prev': act(() => dispatch({type: 'focusStep', delta: -1})),
		'focus.nodes': act(() => dispatch({type: 'focus', pane: 'nodes'})),
		'focus.log': act(() => dispatch({type: 'focus', pane: 'log'})),
		help: act(() => dispatch({type: 'open', overlay: {kind: 'help', scroll: 0}})),
		command: act(() => dispatch({type: 'open', overlay: {kind: 'command', text: '', histIdx: get().history.length}})),
		'help.close': close(ctx),
		'help.scroll': act(({key}) => dispatch({type: 'overlay', update: {kind: 'help', ev: {type: 'scroll', delta: dir(key)}}})),
		'command.complete': act(() => dispatch({type: 'overlay', update: {kind: 'command', ev: {type: 'complete', readonly: ctx.readonly}}})),
		'command.history': act(({key}) => dispatch({type: 'overlay', update: {kind: 'command', ev: {type: 'history', delta: dir(key), history: get().history}}})),
		'command.run': act(() => {
			const o = get().overlay;
			if (o?.kind === 'command') runCommand(o.text);
		}),
		'command.cancel': close(ctx),
		'confirm.yes': act(() => {
			const o = get().overlay;
			if (o?.kind !== 'confirm') return;
			dispatch({type: 'close'});
			runConfirm(o.action, confirm);
		}),
		'confirm.no': act(() => {
			const o = get().overlay;
			dispatch({type: 'close'});
			if (o?.kind === 'confirm') decline[o.action.type]?.();
		}),
	};
}
