import {validateNode, type NodeDraft} from '../../core/nodes.js';
import type {NodeStatus} from '../../core/node-state.js';
import {approveCommand} from '../../core/clipboard.js';
import {stepVisible, visibleNodes} from '../../core/node-filter.js';
import type {Services} from '../services.js';
import {emptyForm, formFromNode} from '../state/app-state.js';
import {CHECK_FINGERPRINT} from '../../core/node-state.js';
import {act, close, type ConfirmHandlers, type Controller, type Ctx} from './types.js';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Node registry actions (Nodes pane, node form, node detail): each talks to Services, then reloads the node list. */
export function nodesController(services: Services, ctx: Ctx, statuses: () => Readonly<Record<string, NodeStatus | undefined>>) {
	const {get, dispatch, say} = ctx;
	const visible = () => visibleNodes(get().nodes, statuses(), get().nodeFilter);
	const move = (delta: number) => {
		const s = get();
		if (!s.nodeFilter) return dispatch({type: 'select', delta});
		const to = stepVisible(visible(), s.selected, delta);
		if (to !== undefined && to !== s.selected) dispatch({type: 'select', delta: to - s.selected});
	};
	const applyFilter = (text: string) => {
		const filter = text.trim();
		dispatch({type: 'close'});
		const shown = visibleNodes(get().nodes, statuses(), filter);
		dispatch({type: 'nodeFilter', filter, select: shown.includes(get().selected) ? undefined : shown[0]});
		say('info', filter ? `${shown.length} of ${get().nodes.length} nodes match "${filter}"` : 'node filter cleared');
	};

	const reload = (select?: string) => {
		try {
			dispatch({type: 'nodes', nodes: services.loadNodes(), select});
		} catch (e) {
			say('error', errorText(e));
		}
	};

	/** The named node (from a `:` argument) or the selected one. */
	const target = (name?: string) => {
		const s = get();
		if (name) return s.nodes.find(n => n.name.toLowerCase() === name.toLowerCase());
		// a node hidden by the `/` filter (its state changed) is never acted on unseen
		return !s.nodeFilter || visible().includes(s.selected) ? s.nodes[s.selected] : undefined;
	};
	const needNode = ({arg}: {arg?: string}) => (target(arg || undefined) ? undefined : arg ? `no node named "${arg}"` : 'no node selected');
	const selected = () => target();
	const detailNode = () => {
		const o = get().overlay;
		return o?.kind === 'detail' ? o.node : undefined;
	};
	/** Copy the approve command a node waits for; the reason when there is none. */
	const copyApprove = (name: () => string | undefined) =>
		act(
			() => ctx.copy(approveCommand(statuses()[name()!])!, 'the pairing command'),
			() => {
				const n = name();
				return !n ? 'no node selected' : approveCommand(statuses()[n]) ? undefined : `nothing to copy: ${n} is not waiting for approval`;
			},
		);

	const submitForm = () => {
		const state = get();
		const o = state.overlay;
		if (o?.kind !== 'form') return;
		const others = state.nodes.map(n => n.name).filter(n => n !== o.original);
		const res = validateNode(o.values, others, {keepToken: o.mode === 'edit'});
		if (!res.ok) {
			dispatch({type: 'overlay', update: {kind: 'form', ev: {type: 'invalid', errors: res.errors}}});
			return say('error', `fix ${Object.keys(res.errors).join(', ')}; nothing was saved`);
		}
		try {
			if (o.mode === 'add') services.addNode(res.value);
			else services.updateNode(o.original!, res.value);
		} catch (e) {
			return say('error', errorText(e));
		}
		dispatch({type: 'close'});
		reload(res.value.name);
		say('ok', `${o.mode === 'add' ? 'added' : 'saved'} node ${res.value.name}`);
	};

	const importFile = (file: string) => {
		try {
			const r = services.importFile(file);
			reload();
			const parts = [`${r.added.length} added`, `${r.updated.length} updated`, `${r.unchanged.length} unchanged`];
			const issues = [...r.problems.map(p => `line ${p.line}: ${p.reason}`), ...r.warnings.map(p => `line ${p.line}: ${p.reason}`)];
			say(r.problems.length ? 'error' : 'ok', `import ${file}: ${parts.join(', ')}${issues.length ? ` — ${issues.join('; ')}` : ''}`);
		} catch (e) {
			say('error', errorText(e));
		}
	};

	/** The certificate the selected node presented and was refused for, if any. */
	const presented = () => {
		const n = selected();
		const st = n && services.fleet?.statuses()[n.name];
		return n?.scheme === 'wss' && st && (st.state === 'tls-untrusted' || st.state === 'tls-mismatch') ? st.presented : undefined;
	};

	const confirm: Pick<ConfirmHandlers, 'remove' | 'addLocal' | 'trust'> = {
		trust: ({name, fingerprint}) => {
			try {
				services.trustNode(name, fingerprint);
				reload(name);
				say('ok', `pinned ${name} to certificate SHA-256 ${fingerprint}`);
			} catch (e) {
				say('error', errorText(e));
			}
		},
		remove: ({name}) => {
			try {
				services.removeNode(name);
				reload();
				say('ok', `removed node ${name}`);
			} catch (e) {
				say('error', errorText(e));
			}
		},
		addLocal: () => {
			const l = services.localOffer;
			if (!l) return;
			const draft: NodeDraft = {name: 'local', host: l.host, port: l.port, token: l.token, tags: ['local']};
			try {
				if (!get().nodes.some(n => n.name === 'local')) services.addNode(draft);
				services.localAnswered();
				reload('local');
				say('ok', `added this computer's gateway as node "local" (${l.host}:${l.port})`);
			} catch (e) {
				say('error', errorText(e));
			}
		},
	};

	const actions: Omit<Controller<'nodes' | 'detail' | 'form'>, 'detail.sessions' | 'detail.log' | 'detail.devices'> = {
		'cursor.up': act(() => move(-1)),
		'cursor.down': act(() => move(1)),
		// `/` opens the filter line for the Nodes pane; with an argument (the line's Enter) applies it.
		'nodes.filter': act(({arg}) => (arg !== undefined ? applyFilter(arg) : dispatch({type: 'open', overlay: {kind: 'filter', target: 'nodes', text: get().nodeFilter ?? ''}}))),
		'node.detail': act(() => dispatch({type: 'open', overlay: {kind: 'detail', node: selected()!.name}}), () => (selected() ? undefined : 'no node selected')),
		'node.add': act(() => dispatch({type: 'open', overlay: {kind: 'form', mode: 'add', values: emptyForm(), errors: {}, field: 0}})),
		'node.edit': act(({arg}) => {
			const node = target(arg || undefined)!;
			dispatch({type: 'open', overlay: {kind: 'form', mode: 'edit', original: node.name, values: formFromNode(node), errors: {}, field: 0}});
		}, needNode),
		'node.remove': act(({arg}) => {
			const node = target(arg || undefined)!;
			dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Remove node "${node.name}" (${node.host}:${node.port}) and its token?`, action: {type: 'remove', name: node.name}}});
		}, needNode),
		'node.reconnect': act(
			() => {
				const sel = selected()!;
				services.fleet!.reconnect(sel.name);
				say('info', `reconnecting ${sel.name}…`);
			},
			() => (!selected() ? 'no node selected' : !services.fleet ? 'no live connections in this console' : undefined),
		),
		'node.trust': act(
			() => {
				const n = selected()!;
				const fp = presented()!;
				const prompt = `Trust ${n.name}'s certificate SHA-256 ${fp}? Compare it first on ${n.name}: ${CHECK_FINGERPRINT}`;
				dispatch({type: 'open', overlay: {kind: 'confirm', prompt, action: {type: 'trust', name: n.name, fingerprint: fp}}});
			},
			() => (!selected() ? 'no node selected' : selected()!.scheme !== 'wss' ? 'a certificate pin applies to wss:// and https:// nodes only' : presented() ? undefined : 'no untrusted certificate to trust on this node (wait for its state)'),
		),
		'node.import': act(({arg}) => importFile(arg ?? ''), ({arg}) => (arg ? undefined : ':import needs FILE')),
		'token.reveal': act(() => dispatch({type: 'reveal'})),
		'node.copy': copyApprove(() => selected()?.name),
		'detail.copy': copyApprove(detailNode),
		'detail.close': close(ctx),
		'form.next': act(() => dispatch({type: 'overlay', update: {kind: 'form', ev: {type: 'step', delta: 1}}})),
		'form.prev': act(() => dispatch({type: 'overlay', update: {kind: 'form', ev: {type: 'step', delta: -1}}})),
		'form.submit': act(submitForm),
		'form.cancel': close(ctx),
	};

	return {actions, confirm, decline: {addLocal: () => services.localAnswered()}, reload};
}
