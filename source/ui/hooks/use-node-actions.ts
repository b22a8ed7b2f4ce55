import {useCallback} from 'react';
import {validateNode, type NodeDraft} from '../../core/nodes.js';
import type {Services} from '../services.js';
import {emptyForm, formFromNode, FORM_FIELDS, type AppAction, type AppState} from '../state/app-state.js';

type Dispatch = (a: AppAction) => void;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Node registry actions: each one talks to Services, then reloads the node list. */
export function useNodeActions(services: Services, get: () => AppState, dispatch: Dispatch) {
	const reload = useCallback(
		(select?: string) => {
			try {
				dispatch({type: 'nodes', nodes: services.loadNodes(), select});
			} catch (e) {
				dispatch({type: 'message', message: {kind: 'error', text: errorText(e)}});
			}
		},
		[services, dispatch],
	);

	const openAdd = () => dispatch({type: 'open', overlay: {kind: 'form', mode: 'add', values: emptyForm(), errors: {}, field: 0}});

	const openEdit = (name?: string) => {
		const state = get();
		const node = name ? state.nodes.find(n => n.name.toLowerCase() === name.toLowerCase()) : state.nodes[state.selected];
		if (!node) return dispatch({type: 'message', message: {kind: 'error', text: name ? `no node named "${name}"` : 'no node selected'}});
		dispatch({type: 'open', overlay: {kind: 'form', mode: 'edit', original: node.name, values: formFromNode(node), errors: {}, field: 0}});
	};

	const askRemove = (name?: string) => {
		const state = get();
		const node = name ? state.nodes.find(n => n.name.toLowerCase() === name.toLowerCase()) : state.nodes[state.selected];
		if (!node) return dispatch({type: 'message', message: {kind: 'error', text: name ? `no node named "${name}"` : 'no node selected'}});
		dispatch({type: 'open', overlay: {kind: 'confirm', prompt: `Remove node "${node.name}" (${node.host}:${node.port}) and its token?`, action: {type: 'remove', name: node.name}}});
	};

	const submitForm = () => {
		const state = get();
		const o = state.overlay;
		if (o?.kind !== 'form') return;
		const others = state.nodes.map(n => n.name).filter(n => n !== o.original);
		const res = validateNode(o.values, others, {keepToken: o.mode === 'edit'});
		if (!res.ok) {
			const first = FORM_FIELDS.findIndex(f => res.errors[f]);
			dispatch({type: 'patchOverlay', patch: {errors: res.errors, field: first}});
			dispatch({type: 'message', message: {kind: 'error', text: `fix ${Object.keys(res.errors).join(', ')}; nothing was saved`}});
			return;
		}
		try {
			if (o.mode === 'add') services.addNode(res.value);
			else services.updateNode(o.original!, res.value);
		} catch (e) {
			dispatch({type: 'message', message: {kind: 'error', text: errorText(e)}});
			return;
		}
		dispatch({type: 'close'});
		reload(res.value.name);
		dispatch({type: 'message', message: {kind: 'ok', text: `${o.mode === 'add' ? 'added' : 'saved'} node ${res.value.name}`}});
	};

	const remove = (name: string) => {
		try {
			services.removeNode(name);
			reload();
			dispatch({type: 'message', message: {kind: 'ok', text: `removed node ${name}`}});
		} catch (e) {
			dispatch({type: 'message', message: {kind: 'error', text: errorText(e)}});
		}
	};

	const importFile = (file: string) => {
		try {
			const r = services.importFile(file);
			reload();
			const parts = [`${r.added.length} added`, `${r.updated.length} updated`, `${r.unchanged.length} unchanged`];
			const issues = [...r.problems.map(p => `line ${p.line}: ${p.reason}`), ...r.warnings.map(p => `line ${p.line}: ${p.reason}`)];
			dispatch({
				type: 'message',
				message: {kind: r.problems.length ? 'error' : 'ok', text: `import ${file}: ${parts.join(', ')}${issues.length ? ` — ${issues.join('; ')}` : ''}`},
			});
		} catch (e) {
			dispatch({type: 'message', message: {kind: 'error', text: errorText(e)}});
		}
	};

	const addLocal = () => {
		const state = get();
		const l = services.localOffer;
		if (!l) return;
		const draft: NodeDraft = {name: 'local', host: l.host, port: l.port, token: l.token, tags: ['local']};
		try {
			if (!state.nodes.some(n => n.name === 'local')) services.addNode(draft);
			services.localAnswered();
			reload('local');
			dispatch({type: 'message', message: {kind: 'ok', text: `added this computer's gateway as node "local" (${l.host}:${l.port})`}});
		} catch (e) {
			dispatch({type: 'message', message: {kind: 'error', text: errorText(e)}});
		}
	};

	return {reload, openAdd, openEdit, askRemove, submitForm, remove, importFile, addLocal};
}
