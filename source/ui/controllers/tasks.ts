import {parseFilter} from '../../core/log-ring.js';
import {bindingOf} from '../../core/keymap.js';
import {shortId} from '../../core/tasks.js';
import type {DispatcherPort, Services} from '../services.js';
import {describeRouting, parseRoutingChange} from '../../core/routing.js';
import {targetOptions} from '../overlays/DispatchDialog.js';
import {act, close, type ActionTable, type ConfirmHandlers, type Controller, type Ctx} from './types.js';

/** Dispatch dialog, task log, log filter and task output actions. */
export function tasksController(dispatcher: DispatcherPort | undefined, ctx: Ctx, pageRows: () => number, services?: Pick<Services, 'readBatch' | 'setRouting'>) {
	const {get, dispatch, say} = ctx;
	const targets = () => targetOptions(get().nodes.map(n => n.name));
	const noDispatcher = () => (dispatcher ? undefined : 'dispatch is not available');

	const loadAgents = (target: number) => {
		const name = targets()[target];
		if (!dispatcher || !name || name === 'auto' || name === 'all') return;
		dispatcher
			.agents(name)
			.then(a => {
				const ids = a.ids.filter(x => x !== a.defaultId);
				dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'agents', agents: ['default', ...ids], forTarget: target}}});
			})
			.catch(() => undefined);
	};

	const send = async () => {
		const o = get().overlay;
		if (o?.kind !== 'dispatch' || !dispatcher || o.sending) return;
		if (!o.text.trim()) return say('error', 'task: type what the agent should do');
		const t = targets()[o.target] ?? 'auto';
		const agent = o.agents[o.agent];
		dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'sending', sending: true}}});
		const r = await dispatcher.dispatch({
			message: o.text.trim(),
			target: t === 'auto' ? {kind: 'auto'} : t === 'all' ? {kind: 'all'} : {kind: 'node', name: t},
			agentId: agent && agent !== 'default' ? agent : undefined,
			session: o.session,
		});
		if (!r.ok) {
			dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'sending', sending: false}}});
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

	const askCancel = (id: string) => {
		const t = dispatcher!.state.tasks.get(id)!;
		dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Cancel task ${shortId(t.id)} on ${t.node} ("${t.message.slice(0, 60)}")?`, action: {type: 'cancelTask', id: t.id}}});
	};
	const output = (id: string | undefined) => (id ? dispatcher?.state.tasks.get(id)?.text : undefined);
	const copyOutput = (id: () => string | undefined) =>
		act(
			() => ctx.copy(output(id())!, `the output of task ${shortId(id()!)}`),
			() => (!id() ? 'no task selected' : output(id()) ? undefined : 'nothing to copy: the task has no output yet'),
		);
	const taskReason = (id: string | undefined) => (id && dispatcher?.state.tasks.get(id) ? undefined : 'no task selected');
	const openTaskId = () => {
		const o = get().overlay;
		return o?.kind === 'task' ? o.id : undefined;
	};

	const applyFilter = (text: string) => {
		const f = parseFilter(text);
		if (f && 'error' in f) return say('error', `filter: ${f.error}`);
		dispatch({type: 'close'});
		dispatch({type: 'log', patch: {filter: f?.source, scroll: 0}});
		say('info', f ? `filter ${f.invert ? 'hides' : 'shows'} lines matching /${f.re.source}/i` : 'filter cleared');
	};

	const queuedReason = () => {
		const id = get().log.selected;
		if (!dispatcher?.moveQueued) return 'the queue is not available';
		return id && dispatcher.state.tasks.get(id)?.state === 'queued' ? undefined : 'select a queued task (⏸) with ↑/↓ first';
	};
	const move = (delta: number) => {
		const err = dispatcher!.moveQueued!(get().log.selected!, delta);
		say(err ? 'error' : 'info', err ?? `moved ${delta < 0 ? 'earlier' : 'later'} in the queue`);
	};

	const runBatch = (file: string) => {
		let read: ReturnType<NonNullable<Services['readBatch']>>;
		try {
			read = services!.readBatch!(file);
		} catch (e) {
			return say('error', e instanceof Error ? e.message : String(e));
		}
		if (read.problems.length) {
			const shown = read.problems.slice(0, 3).map(p => `${read.file}:${p.line}: ${p.reason}`);
			return say('error', `${shown.join('; ')}${read.problems.length > 3 ? `; ${read.problems.length - 3} more` : ''} — nothing was sent`);
		}
		if (read.tasks.length === 0) return say('error', `${read.file}: no tasks (one per line, or JSONL {"task": …})`);
		const res = dispatcher!.dispatchMany!(read.tasks.map(t => ({message: t.message, target: t.node ? {kind: 'node', name: t.node} : {kind: 'auto'}, tags: t.tags, agentId: t.agent})));
		const ids = res.flatMap(r => (r.ok ? r.ids : []));
		const refused = res.map((r, i) => (r.ok ? undefined : `line ${read.tasks[i]!.line}: ${r.reason}`)).filter(Boolean);
		dispatch({type: 'focus', pane: 'log'});
		dispatch({type: 'log', patch: {batch: {file, ids}, follow: true, scroll: 0}});
		const queued = res.filter(r => r.ok && r.queued).length;
		say(refused.length ? 'error' : 'ok', `batch ${file}: ${ids.length} task${ids.length === 1 ? '' : 's'} — ${ids.length - queued} started, ${queued} queued${refused.length ? `; not sent: ${refused.slice(0, 2).join('; ')}${refused.length > 2 ? ` (+${refused.length - 2})` : ''}` : ''}`);
	};

	const route = (arg: string) => {
		const words = arg.split(/\s+/).filter(Boolean);
		if (words.length === 0 || !services?.setRouting) {
			const r = dispatcher?.routing?.();
			const limits = dispatcher?.candidates().map(c => `${c.name} ${c.limit ?? '—'}`).join(', ');
			return say('info', r ? `${describeRouting(r.rules, r.judge)} · limits ${limits || '—'}` : 'routing is not available');
		}
		const change = parseRoutingChange(words);
		if ('error' in change) return say('error', `:route ${change.error}`);
		try {
			const r = services.setRouting(change);
			say('ok', 'limit' in change ? `${change.limit.node}: limit ${change.limit.max ?? "the gateway's"}` : describeRouting(r.rules, r.judge));
		} catch (e) {
			say('error', e instanceof Error ? e.message : String(e));
		}
	};

	const dir = (key?: string) => (key === 'left' ? -1 : 1);
	const actions: Omit<Controller<'log' | 'task' | 'dispatch' | 'filter'>, 'task.reply' | 'log.reply' | 'filter.apply' | 'filter.cancel'> & Pick<ActionTable, 'dispatch'> = {
		dispatch: act(
			({arg}) => dispatch({type: 'open', overlay: {kind: 'dispatch', text: arg ?? '', field: 0, target: 0, agent: 0, session: 'new', agents: ['default'], sending: false}}),
			noDispatcher,
		),
		'dispatch.cancel': close(ctx),
		'dispatch.next': act(() => dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'step', delta: 1}}})),
		'dispatch.prev': act(() => dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'step', delta: -1}}})),
		'dispatch.newline': act(() => dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'newline'}}})),
		'dispatch.choose': act(({key}) => {
			dispatch({type: 'overlay', update: {kind: 'dispatch', ev: {type: 'choose', delta: dir(key), targets: targets().length}}});
			const o = get().overlay;
			if (o?.kind === 'dispatch' && o.field === 1) loadAgents(o.target);
		}),
		'dispatch.send': act(() => void send()),
		'log.up': act(() => selectTask(-1)),
		'log.down': act(() => selectTask(1)),
		'log.pageUp': act(() => page(1)),
		'log.pageDown': act(() => page(-1)),
		'log.follow': act(() => {
			const {follow} = get().log;
			dispatch({type: 'log', patch: {follow: !follow, scroll: 0}});
			say('info', follow ? 'follow off: the log stays where it is' : 'follow on');
		}),
		// `/` opens the filter line; `:filter REGEX` applies REGEX at once (empty clears).
		'log.filter': act(({arg}) => (arg !== undefined ? applyFilter(arg) : dispatch({type: 'open', overlay: {kind: 'filter', text: get().log.filter ?? ''}}))),
		'log.open': act(
			() => dispatch({type: 'open', overlay: {kind: 'task', id: get().log.selected!, scroll: 0}}),
			() => (get().log.selected ? undefined : `select a task with ${bindingOf('log.up').label} ${bindingOf('log.down').label} first`),
		),
		'log.cancel': act(
			() => askCancel(get().log.selected!),
			() => taskReason(get().log.selected),
		),
		'log.copy': copyOutput(() => get().log.selected),
		'task.copy': copyOutput(openTaskId),
		'log.earlier': act(() => move(-1), queuedReason),
		'log.later': act(() => move(1), queuedReason),
		'log.batch': act(
			({arg}) => runBatch(arg!),
			({arg}) => (!arg ? ':batch needs FILE' : !dispatcher?.dispatchMany || !services?.readBatch ? 'batches are not available' : undefined),
		),
		'log.route': act(({arg}) => route(arg ?? '')),
		'task.close': close(ctx),
		'task.scroll': act(({key}) => {
			const step = key === 'pageup' || key === 'pagedown' ? Math.max(1, pageRows() - 2) : 1;
			const d = key === 'up' || key === 'k' || key === 'pageup' ? -1 : 1;
			dispatch({type: 'overlay', update: {kind: 'task', ev: {type: 'scroll', delta: d * step}}});
		}),
		'task.cancel': act(
			() => askCancel(openTaskId()!),
			() => taskReason(openTaskId()),
		),
	};

	function page(sign: 1 | -1) {
		const st = get();
		const step = Math.max(1, pageRows() - 1);
		const scroll = Math.max(0, (st.log.follow ? 0 : st.log.scroll) + sign * step);
		dispatch({type: 'log', patch: {scroll, follow: scroll === 0}});
	}

	const confirm: Pick<ConfirmHandlers, 'cancelTask'> = {
		cancelTask: ({id}) => {
			if (!dispatcher) return;
			dispatcher
				.cancel(id)
				.then(err => say(err ? 'error' : 'info', err ?? `cancel sent for ${shortId(id)}`))
				.catch((e: unknown) => say('error', String(e)));
		},
	};
	return {actions, confirm, applyFilter};
}
