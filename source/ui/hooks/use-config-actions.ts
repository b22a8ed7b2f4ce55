import {allFixes, type Op} from '../../core/gateway-check.js';
import {applyOps} from '../../core/json5-edit.js';
import {configRows, FIELD_CHOICES} from '../../core/config-rows.js';
import {getPath, type ConfigView} from '../../core/config-target.js';
import {SECRET_FIELDS} from '../../core/gateway-schema.js';
import type {NodeStatus} from '../../core/node-state.js';
import type {ConfigPort} from '../services.js';
import type {AppAction, AppState} from '../state/app-state.js';

type Dispatch = (a: AppAction) => void;

/** Config pane actions: edit a field, preview a fix as a diff, write, reload, share, switch target. */
export function makeConfigActions(port: ConfigPort | undefined, get: () => AppState, dispatch: Dispatch, view: () => ConfigView | undefined, statuses: () => Record<string, NodeStatus>) {
	const say = (kind: 'info' | 'error' | 'ok', text: string) => dispatch({type: 'message', message: {kind, text}});
	const reload = () => dispatch({type: 'config', patch: {version: get().config.version + 1}});

	const preview = (title: string, ops: Op[], preset: {token?: string; password?: string} = {}) => {
		const v = view();
		if (!port || !v?.parsed) return say('error', 'no config loaded');
		if (ops.length === 0) return say('info', 'nothing to change');
		const secrets: {token?: string; password?: string} = {...preset};
		for (const op of ops) if (op.secret) secrets[op.secret] ??= port.generateSecret();
		try {
			const next = applyOps(v.text, ops, secrets);
			if (next === v.text) return say('info', 'that is already the value');
			dispatch({type: 'open', overlay: {kind: 'preview', title, ops, next, secrets, scroll: 0}});
		} catch (e) {
			say('error', (e as Error).message);
		}
	};

	const selected = () => {
		const {rows} = configRows(view(), false);
		return rows[Math.min(get().config.row, rows.length - 1)];
	};

	const write = async () => {
		const o = get().overlay;
		const v = view();
		if (o?.kind !== 'preview' || !port || !v) return;
		dispatch({type: 'close'});
		try {
			const r = await port.write(get().config.target, v, o.ops, o.next, o.secrets);
			reload();
			const restart = r.restartNeeded ? ' A running gateway restarts by itself for port/bind/auth mode/tailscale changes.' : '';
			say('ok', `written${r.note ? ` (${r.note})` : ''}.${restart}${r.backup ? ` Backup: ${r.backup}` : ''}`);
			if (r.restartNeeded && !v.remote && port.canRestart()) {
				dispatch({type: 'open', overlay: {kind: 'confirm', prompt: 'openclaw is on PATH. Run "openclaw gateway restart" now (a running gateway would also restart by itself)?', action: {type: 'restartGateway'}}});
			}
		} catch (e) {
			say('error', `${(e as Error).message}${/changed on disk/.test((e as Error).message) ? ' — press r to reload' : ''}`);
		}
	};

	return (id: string, arg?: string): boolean => {
		const st = get();
		const o = st.overlay;
		switch (id) {
			case 'config.up':
			case 'config.down': {
				const n = configRows(view(), false).rows.length;
				dispatch({type: 'config', patch: {row: Math.max(0, Math.min(n - 1, st.config.row + (id === 'config.up' ? -1 : 1)))}});
				return true;
			}
			case 'config.edit': {
				const r = selected();
				if (!r) return say('error', 'no config loaded'), true;
				if (r.kind === 'finding') return preview(`Fix: ${r.finding.fix?.explain ?? ''}`, r.finding.fix?.ops ?? []), true;
				const cur = getPath(view()?.parsed, ['gateway', ...r.field.split('.')]);
				const choices = FIELD_CHOICES[r.field] ? [...FIELD_CHOICES[r.field]!] : undefined;
				const text = cur === undefined ? (choices?.[0] ?? '') : typeof cur === 'string' || typeof cur === 'number' ? String(cur) : '';
				dispatch({type: 'open', overlay: {kind: 'configEdit', field: r.field, text: choices && !choices.includes(text) ? choices[0]! : text, choices}});
				return true;
			}
			case 'configEdit.choose':
				if (o?.kind === 'configEdit' && o.choices) {
					const i = o.choices.indexOf(o.text);
					dispatch({type: 'patchOverlay', patch: {text: o.choices[(i + (arg === 'left' ? -1 : 1) + o.choices.length) % o.choices.length]}});
				}
				return true;
			case 'configEdit.generate':
				if (o?.kind === 'configEdit' && SECRET_FIELDS.includes(o.field) && port) dispatch({type: 'patchOverlay', patch: {text: port.generateSecret()}});
				else say('info', 'C-g generates secrets for auth.token and auth.password');
				return true;
			case 'configEdit.cancel':
				dispatch({type: 'close'});
				return true;
			case 'configEdit.save': {
				if (o?.kind !== 'configEdit') return true;
				const path = ['gateway', ...o.field.split('.')];
				const t = o.text.trim();
				let op: Op;
				if (!t) op = {path, remove: true};
				else if (o.field === 'port') {
					if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 65535) return say('error', `port: "${t}" is not a whole number 1–65535`), true;
					op = {path, value: Number(t)};
				} else if (SECRET_FIELDS.includes(o.field)) {
					const kind = o.field === 'auth.token' ? 'token' : 'password';
					dispatch({type: 'close'});
					preview(`Change gateway.${o.field}`, [{path, secret: kind}], {[kind]: t});
					return true;
				} else op = {path, value: t};
				dispatch({type: 'close'});
				preview(`Change gateway.${o.field}`, [op]);
				return true;
			}
			case 'config.fix': {
				const r = selected();
				const f = r?.kind === 'finding' ? r.finding : r?.finding;
				if (!f?.fix) return say('info', f ? `no automatic fix: ${f.message}` : 'nothing to fix on this row'), true;
				preview(`Fix: ${f.fix.explain}`, [...f.fix.ops]);
				return true;
			}
			case 'config.fixAll':
				preview('Fix everything that has a deterministic fix', allFixes(configRows(view(), false).findings));
				return true;
			case 'preview.apply':
				void write();
				return true;
			case 'preview.cancel':
				dispatch({type: 'close'});
				say('info', 'nothing written');
				return true;
			case 'preview.scroll':
				if (o?.kind === 'preview') dispatch({type: 'patchOverlay', patch: {scroll: Math.max(0, o.scroll + (arg === 'up' || arg === 'k' ? -1 : 1))}});
				return true;
			case 'config.reload':
				reload();
				say('info', 'reloaded');
				return true;
			case 'config.reveal':
				dispatch({type: 'config', patch: {reveal: !st.config.reveal}});
				return true;
			case 'config.share':
				// read this computer's addresses once, when the overlay opens (not on every render)
				if (port) dispatch({type: 'open', overlay: {kind: 'share', reveal: false, info: port.share()}});
				return true;
			case 'share.reveal':
				if (o?.kind === 'share') dispatch({type: 'patchOverlay', patch: {reveal: !o.reveal}});
				return true;
			case 'share.close':
				dispatch({type: 'close'});
				return true;
			case 'config.target': {
				const s = statuses();
				const targets = ['local', ...st.nodes.map(n => n.name).filter(n => s[n]?.state === 'online' && s[n]?.scopes?.includes('operator.admin'))];
				const next = targets[(targets.indexOf(st.config.target) + 1) % targets.length]!;
				dispatch({type: 'config', patch: {target: next, row: 0}});
				say('info', `config of ${next === 'local' ? 'this computer' : `node ${next} (over RPC)`}`);
				return true;
			}
			case 'command.config':
				if (arg) dispatch({type: 'config', patch: {target: arg === 'local' ? 'local' : (st.nodes.find(n => n.name.toLowerCase() === arg.toLowerCase())?.name ?? arg), row: 0}});
				dispatch({type: 'focus', pane: 'config'});
				return true;
			case 'confirm.restartGateway':
				if (port) void port.restart().then(out => say(/failed/.test(out) ? 'error' : 'ok', out));
				return true;
		}
		return false;
	};
}
