import {parseFilter} from '../../core/log-ring.js';
import {filterSessions} from '../../core/sessions.js';
import {describeNotify, parseNotify} from '../../core/notify.js';
import {shortId} from '../../core/tasks.js';
import type {Services} from '../services.js';
import type {BackOverlay} from '../state/app-state.js';
import {act, type ActionTable, type ConfirmHandlers, type Controller, type Ctx} from './types.js';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Conversations (reply in a task's session, a node's sessions and their history), the
 * gateway's own log, devices and pairing, notification switches. Data comes from
 * services.nodeOps / services.dispatcher; results land in the open overlay as typed updates.
 */
export function fleetOpsController(services: Services, ctx: Ctx, {applyLogFilter, pageRows}: {applyLogFilter: (text: string) => void; pageRows: () => number}) {
	const {get, dispatch, say} = ctx;
	const ops = services.nodeOps;
	const d = services.dispatcher;
	const noOps = () => (ops ? undefined : 'not available in this console');
	const detailNode = () => {
		const o = get().overlay;
		return o?.kind === 'detail' ? o.node : undefined;
	};

	const loadSessions = (node: string) =>
		ops!.sessions(node).then(
			rows => dispatch({type: 'overlay', update: {kind: 'sessions', ev: {type: 'loaded', rows}}}),
			e => dispatch({type: 'overlay', update: {kind: 'sessions', ev: {type: 'failed', error: errorText(e)}}}),
		);
	const loadDevices = (node: string) =>
		ops!.devices(node).then(
			rows => dispatch({type: 'overlay', update: {kind: 'devices', ev: {type: 'loaded', rows}}}),
			e => dispatch({type: 'overlay', update: {kind: 'devices', ev: {type: 'failed', error: errorText(e)}}}),
		);

	/** The sessions the filter lets through, and the one under the cursor. */
	const visibleSessions = () => {
		const o = get().overlay;
		if (o?.kind !== 'sessions') return {rows: [], cur: undefined};
		const f = parseFilter(o.filter ?? '');
		const rows = filterSessions(o.rows ?? [], f && !('error' in f) ? f : undefined);
		return {rows, cur: rows[o.cursor], o};
	};
	const curDevice = () => {
		const o = get().overlay;
		return o?.kind === 'devices' ? o.rows?.[o.cursor] : undefined;
	};

	const openReply = (node: string, sessionKey: string, about: string, back: BackOverlay) => dispatch({type: 'open', overlay: {kind: 'reply', node, sessionKey, about, text: '', sending: false, back}});

	const sendReply = async () => {
		const o = get().overlay;
		if (o?.kind !== 'reply' || o.sending || !d) return;
		if (!o.text.trim()) return say('error', 'reply: type the message first');
		dispatch({type: 'overlay', update: {kind: 'reply', ev: {type: 'sending', sending: true}}});
		const r = await d.dispatch({message: o.text.trim(), target: {kind: 'node', name: o.node}, sessionKey: o.sessionKey});
		if (!r.ok) {
			dispatch({type: 'overlay', update: {kind: 'reply', ev: {type: 'sending', sending: false}}});
			return say('error', `not sent: ${r.reason}`);
		}
		// the new turn: its output, under the session's earlier turns
		dispatch({type: 'open', overlay: {kind: 'task', id: r.ids[0]!, scroll: 0}});
		dispatch({type: 'log', patch: {selected: r.ids[0], follow: true, scroll: 0}});
		say('ok', `sent in session ${o.sessionKey}`);
	};

	const replyTo = (id: string | undefined, back: BackOverlay | undefined) => {
		const t = id ? d?.state.tasks.get(id) : undefined;
		if (!t?.sessionKey) return;
		openReply(t.node, t.sessionKey, `${shortId(t.id)} on ${t.node}`, back ?? {kind: 'task', id: t.id, scroll: 0});
	};
	const replyReason = (id: string | undefined) => {
		const t = id ? d?.state.tasks.get(id) : undefined;
		return !t ? 'no task selected' : !t.sessionKey ? 'the gateway did not say which session this task ran in' : undefined;
	};
	const openTask = () => {
		const o = get().overlay;
		return o?.kind === 'task' ? o.id : undefined;
	};

	const back = () => {
		const o = get().overlay;
		if ((o?.kind === 'filter' || o?.kind === 'reply') && o.back) dispatch({type: 'open', overlay: o.back});
		else dispatch({type: 'close'});
	};

	const step = (key?: string) => (key === 'pageup' || key === 'pagedown' ? Math.max(1, pageRows() - 2) : 1) * (key === 'up' || key === 'k' || key === 'pageup' ? -1 : 1);

	const actions: Controller<'sessions' | 'chat' | 'reply' | 'devices' | 'gatewayLog'> & Pick<ActionTable, 'detail.sessions' | 'detail.log' | 'detail.devices' | 'task.reply' | 'log.reply' | 'notify' | 'filter.apply' | 'filter.cancel'> = {
		'detail.sessions': act(() => {
			const node = detailNode()!;
			dispatch({type: 'open', overlay: {kind: 'sessions', node, cursor: 0}});
			void loadSessions(node);
		}, noOps),
		'detail.log': act(() => dispatch({type: 'open', overlay: {kind: 'gatewayLog', node: detailNode()!, follow: true, scroll: 0}}), noOps),
		'detail.devices': act(() => {
			const node = detailNode()!;
			dispatch({type: 'open', overlay: {kind: 'devices', node, cursor: 0}});
			void loadDevices(node);
		}, noOps),
		'task.reply': act(
			() => replyTo(openTask(), undefined),
			() => replyReason(openTask()),
		),
		'log.reply': act(
			() => replyTo(get().log.selected, undefined),
			() => replyReason(get().log.selected),
		),
		'reply.send': act(() => void sendReply()),
		'reply.cancel': act(back),
		'sessions.up': act(() => dispatch({type: 'overlay', update: {kind: 'sessions', ev: {type: 'move', delta: -1, visible: visibleSessions().rows.length}}})),
		'sessions.down': act(() => dispatch({type: 'overlay', update: {kind: 'sessions', ev: {type: 'move', delta: 1, visible: visibleSessions().rows.length}}})),
		'sessions.open': act(
			() => {
				const {cur, o} = visibleSessions();
				dispatch({type: 'open', overlay: {kind: 'chat', node: o!.node, key: cur!.key, title: cur!.title, scroll: 0}});
				ops!.chat(o!.node, cur!.key).then(
					turns => dispatch({type: 'overlay', update: {kind: 'chat', ev: {type: 'loaded', turns}}}),
					e => dispatch({type: 'overlay', update: {kind: 'chat', ev: {type: 'failed', error: errorText(e)}}}),
				);
			},
			() => (visibleSessions().cur ? undefined : 'no session selected'),
		),
		'sessions.continue': act(
			() => {
				const {cur, o} = visibleSessions();
				openReply(o!.node, cur!.key, cur!.title, o!);
			},
			() => (visibleSessions().cur ? undefined : 'no session selected'),
		),
		'sessions.filter': act(() => {
			const {o} = visibleSessions();
			if (o) dispatch({type: 'open', overlay: {kind: 'filter', text: o.filter ?? '', back: {...o, cursor: 0}}});
		}),
		'sessions.delete': act(
			() => {
				const {cur, o} = visibleSessions();
				dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Delete session "${cur!.title}" (${cur!.key}) on ${o!.node}? Its transcript is archived by the gateway.`, action: {type: 'deleteSession', node: o!.node, key: cur!.key}}});
			},
			() => {
				const {cur} = visibleSessions();
				return !cur ? 'no session selected' : !cur.own ? 'only sessions this console created (key agent:…:mgw-…) can be deleted here' : undefined;
			},
		),
		'sessions.close': act(() => dispatch({type: 'close'})),
		'chat.scroll': act(({key}) => dispatch({type: 'overlay', update: {kind: 'chat', ev: {type: 'scroll', delta: -step(key)}}})),
		'chat.continue': act(() => {
			const o = get().overlay;
			if (o?.kind === 'chat') openReply(o.node, o.key, o.title, o);
		}),
		'chat.close': act(() => {
			const o = get().overlay;
			if (o?.kind !== 'chat') return;
			dispatch({type: 'open', overlay: {kind: 'sessions', node: o.node, cursor: 0}});
			void loadSessions(o.node);
		}),
		'gatewayLog.scroll': act(({key}) => dispatch({type: 'overlay', update: {kind: 'gatewayLog', ev: {type: 'scroll', delta: -step(key)}}})),
		'gatewayLog.follow': act(() => dispatch({type: 'overlay', update: {kind: 'gatewayLog', ev: {type: 'follow'}}})),
		'gatewayLog.filter': act(() => {
			const o = get().overlay;
			if (o?.kind === 'gatewayLog') dispatch({type: 'open', overlay: {kind: 'filter', text: o.filter ?? '', back: o}});
		}),
		'gatewayLog.close': act(() => dispatch({type: 'close'})),
		// `/` on the task log, the sessions or the gateway log: the same filter line, the same syntax
		'filter.apply': act(() => {
			const o = get().overlay;
			if (o?.kind !== 'filter') return;
			if (o.target === 'nodes') return ctx.run('nodes.filter', {arg: o.text});
			if (!o.back) return applyLogFilter(o.text);
			const f = parseFilter(o.text);
			if (f && 'error' in f) return say('error', `filter: ${f.error}`);
			if (o.back.kind === 'sessions' || o.back.kind === 'gatewayLog') dispatch({type: 'open', overlay: {...o.back, filter: f?.source, ...(o.back.kind === 'gatewayLog' ? {scroll: 0} : {cursor: 0})}});
			else back();
			say('info', f ? `filter ${f.invert ? 'hides' : 'shows'} lines matching /${f.re.source}/i` : 'filter cleared');
		}),
		'filter.cancel': act(back),
		'devices.up': act(() => dispatch({type: 'overlay', update: {kind: 'devices', ev: {type: 'move', delta: -1, visible: (get().overlay as {rows?: unknown[]}).rows?.length ?? 0}}})),
		'devices.down': act(() => dispatch({type: 'overlay', update: {kind: 'devices', ev: {type: 'move', delta: 1, visible: (get().overlay as {rows?: unknown[]}).rows?.length ?? 0}}})),
		'devices.approve': act(
			() => {
				const r = curDevice()!;
				const node = (get().overlay as {node: string}).node;
				if (r.kind === 'pending') dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Approve "${r.name}" (${r.detail}) on ${node}? It gets the scopes it asked for.`, action: {type: 'approveDevice', node, requestId: r.requestId}}});
			},
			() => (curDevice()?.kind === 'pending' ? undefined : 'select a pending request (approve is for requests)'),
		),
		'devices.reject': act(
			() => {
				const r = curDevice()!;
				const node = (get().overlay as {node: string}).node;
				if (r.kind === 'pending') dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Reject the pairing request of "${r.name}" on ${node}?`, action: {type: 'rejectDevice', node, requestId: r.requestId}}});
				else dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Revoke device "${r.name}" (${r.deviceId.slice(0, 12)}…) on ${node}? It must pair again to connect.`, action: {type: 'revokeDevice', node, deviceId: r.deviceId}}});
			},
			() => (curDevice() ? undefined : 'no device selected'),
		),
		'devices.close': act(() => dispatch({type: 'close'})),
		notify: act(
			({arg}) => {
				const cur = services.settings!.notify();
				const next = parseNotify(arg ?? '', cur);
				if (!next) return say('info', `notify: ${describeNotify(cur)} (:notify bell|desktop|tasks|nodes on|off)`);
				if ('error' in next) return say('error', next.error);
				try {
					services.settings!.setNotify(next);
					say('ok', `notify: ${describeNotify(next)}`);
				} catch (e) {
					say('error', errorText(e));
				}
			},
			() => (services.settings ? undefined : 'settings are not available'),
		),
	};

	const after = (what: string, node: string, p: Promise<void>, reload: () => unknown) =>
		p.then(
			async () => {
				await reload();
				say('ok', what);
			},
			e => say('error', `${node}: ${errorText(e)}`),
		);
	const devicesAgain = (node: string) => {
		dispatch({type: 'open', overlay: {kind: 'devices', node, cursor: 0}});
		return loadDevices(node);
	};
	const confirm: Pick<ConfirmHandlers, 'deleteSession' | 'approveDevice' | 'rejectDevice' | 'revokeDevice'> = {
		deleteSession: ({node, key}) =>
			void after(`deleted session ${key}`, node, ops!.deleteSession(node, key), () => {
				dispatch({type: 'open', overlay: {kind: 'sessions', node, cursor: 0}});
				return loadSessions(node);
			}),
		approveDevice: ({node, requestId}) => void after(`approved request ${requestId} on ${node}`, node, ops!.approve(node, requestId), () => devicesAgain(node)),
		rejectDevice: ({node, requestId}) => void after(`rejected request ${requestId} on ${node}`, node, ops!.reject(node, requestId), () => devicesAgain(node)),
		revokeDevice: ({node, deviceId}) => void after(`revoked device ${deviceId.slice(0, 12)}… on ${node}`, node, ops!.revoke(node, deviceId), () => devicesAgain(node)),
	};
	return {actions, confirm};
}
