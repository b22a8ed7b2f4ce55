import {parseFilter} from '../../core/log-ring.js';
import {shortId} from '../../core/tasks.js';
import type {DispatcherPort} from '../services.js';
import type {AppAction, AppState} from '../state/app-state.js';
import {targetOptions} from '../overlays/DispatchDialog.js';

type Dispatch = (a: AppAction) => void;

/** Dispatch dialog, task log and task output actions. Returns a handler for keymap ids; true when handled. */
export function makeTaskActions(dispatcher: DispatcherPort | undefined, get: () => AppState, dispatch: Dispatch, pageRows: () => number) {
	const say = (kind: 'info' | 'error' | 'ok', text: string) => dispatch({type: 'message', message: {kind, text}});
	const targets = () => targetOptions(get().nodes.map(n => n.name));

	const loadAgents = (target: number) => {
		const name = targets()[target];
		if (!dispatcher || !name || name === 'auto' || name === 'all') return dispatch({type: 'patchOverlay', patch: {agents: ['default'], agent: 0}});
		void dispatcher.agents(name).then(a => {
			const o = get().overlay;
			if (o?.kind !== 'dispatch' || o.target !== target) return;
			const ids = a.ids.filter(x => x !== a.defaultId);
			dispatch({type: 'patchOverlay', patch: {agents: ['default', ...ids], agent: 0}});
		});
	};

	const openDispatch = (text = '') => {
		if (!dispatcher) return say('error', 'dispatch is not available');
		dispatch({type: 'open', overlay: {kind: 'dispatch', text, field: 0, target: 0, agent: 0, session: 'new', agents: ['default'], sending: false}});
	};

	const send = async () => {
		const o = get().overlay;
		if (o?.kind !== 'dispatch' || !dispatcher || o.sending) return;
		if (!o.text.trim()) return say('error', 'task: type what the agent should do');
		const t = targets()[o.target] ?? 'auto';
		const agent = o.agents[o.agent];
		dispatch({type: 'patchOverlay', patch: {sending: true}});
		const r = await dispatcher.dispatch({
			message: o.text.trim(),
			target: t === 'auto' ? {kind: 'auto'} : t === 'all' ? {kind: 'all'} : {kind: 'node', name: t},
			agentId: agent && agent !== 'default' ? agent : undefined,
			session: o.session,
		});
		if (!r.ok) {
			dispatch({type: 'patchOverlay', patch: {sending: false}});
			return say('error', `not sent: ${r.reason}`);
		}
		dispatch({type: 'close'});
		dispatch({type: 'focus', pane: 'log'});
		dispatch({type: 'log', patch: {selected: r.ids.at(-1), follow: true, scroll: 0}});
		say('ok', r.ids.length > 1 ? `sent to ${r.ids.length} nodes` : (r.reason ?? 'sent'));
	};

	const selectTask = (delta: number) => {
		const s = dispatcher?.state;
		if (!s || s.order.length === 0) return;
		const cur = get().log.selected;
		const i = cur ? s.order.indexOf(cur) : s.order.length;
		const next = s.order[Math.max(0, Math.min(s.order.length - 1, (i === -1 ? s.order.length : i) + delta))];
		dispatch({type: 'log', patch: {selected: next}});
	};

	const askCancel = (id: string | undefined) => {
		const t = id ? dispatcher?.state.tasks.get(id) : undefined;
		if (!t) return say('error', 'no task selected');
		dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Cancel task ${shortId(t.id)} on ${t.node} ("${t.message.slice(0, 60)}")?`, action: {type: 'cancelTask', id: t.id}}});
	};

	return (id: string, arg?: string): boolean => {
		const st = get();
		const o = st.overlay;
		switch (id) {
			case 'dispatch':
				openDispatch();
				return true;
			case 'command.dispatch':
				openDispatch(arg ?? '');
				return true;
			case 'dispatch.cancel':
				dispatch({type: 'close'});
				return true;
			case 'dispatch.next':
			case 'dispatch.prev':
				if (o?.kind === 'dispatch') dispatch({type: 'patchOverlay', patch: {field: (o.field + (id === 'dispatch.next' ? 1 : 3)) % 4}});
				return true;
			case 'dispatch.newline':
				if (o?.kind === 'dispatch' && o.field === 0) dispatch({type: 'patchOverlay', patch: {text: o.text + '\n'}});
				return true;
			case 'dispatch.choose': {
				if (o?.kind !== 'dispatch') return true;
				const d = arg === 'left' ? -1 : 1;
				if (o.field === 1) {
					const n = targets().length;
					const target = (o.target + d + n) % n;
					dispatch({type: 'patchOverlay', patch: {target}});
					loadAgents(target);
				} else if (o.field === 2) dispatch({type: 'patchOverlay', patch: {agent: (o.agent + d + o.agents.length) % o.agents.length}});
				else if (o.field === 3) dispatch({type: 'patchOverlay', patch: {session: o.session === 'new' ? 'main' : 'new'}});
				return true;
			}
			case 'dispatch.send':
				void send();
				return true;
			case 'log.up':
			case 'log.down':
				selectTask(id === 'log.up' ? -1 : 1);
				return true;
			case 'log.pageUp':
			case 'log.pageDown': {
				const step = Math.max(1, pageRows() - 1);
				const scroll = Math.max(0, (st.log.follow ? 0 : st.log.scroll) + (id === 'log.pageUp' ? step : -step));
				dispatch({type: 'log', patch: {scroll, follow: scroll === 0}});
				return true;
			}
			case 'log.follow':
				dispatch({type: 'log', patch: {follow: !st.log.follow, scroll: 0}});
				say('info', st.log.follow ? 'follow off: the log stays where it is' : 'follow on');
				return true;
			case 'log.filter':
				dispatch({type: 'open', overlay: {kind: 'filter', text: st.log.filter ?? ''}});
				return true;
			case 'command.filter':
			case 'filter.apply': {
				const text = id === 'filter.apply' ? (o?.kind === 'filter' ? o.text : '') : (arg ?? '');
				const f = parseFilter(text);
				if (f && 'error' in f) {
					say('error', `filter: ${f.error}`);
					return true;
				}
				dispatch({type: 'close'});
				dispatch({type: 'log', patch: {filter: f?.source, scroll: 0}});
				say('info', f ? `filter ${f.invert ? 'hides' : 'shows'} lines matching /${f.re.source}/i` : 'filter cleared');
				return true;
			}
			case 'log.open':
				if (st.log.selected) dispatch({type: 'open', overlay: {kind: 'task', id: st.log.selected, scroll: 0}});
				else say('info', 'select a task with ↑/↓ first');
				return true;
			case 'log.cancel':
				askCancel(st.log.selected);
				return true;
			case 'task.cancel':
				askCancel(o?.kind === 'task' ? o.id : undefined);
				return true;
			case 'task.scroll': {
				if (o?.kind !== 'task') return true;
				const step = arg === 'pageup' || arg === 'pagedown' ? Math.max(1, pageRows() - 2) : 1;
				const dir = arg === 'up' || arg === 'k' || arg === 'pageup' ? -1 : 1;
				dispatch({type: 'patchOverlay', patch: {scroll: Math.max(0, o.scroll + dir * step)}});
				return true;
			}
			case 'confirm.cancelTask':
				if (arg && dispatcher) void dispatcher.cancel(arg).then(err => say(err ? 'error' : 'info', err ?? `cancel sent for ${shortId(arg)}`));
				return true;
		}
		return false;
	};
}
