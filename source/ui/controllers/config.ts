import type {Op} from '../../core/gateway-check.js';
import {planFixes} from '../../core/config-plan.js';
import {configRows, FIELD_CHOICES} from '../../core/config-rows.js';
import {getPath, type ConfigView} from '../../core/config-target.js';
import {SECRET_FIELDS} from '../../core/gateway-schema.js';
import type {NodeStatus} from '../../core/node-state.js';
import type {ConfigPort} from '../services.js';
import {importRows, shareAbout, shareAccess} from '../../core/config-share.js';
import {act, close, type ActionTable, type ConfirmHandlers, type Controller, type Ctx} from './types.js';

/** Config pane actions: edit a field, preview a fix as a diff, write, reload, share, switch target. */
export function configController(port: ConfigPort | undefined, ctx: Ctx, view: () => ConfigView | undefined, statuses: () => Record<string, NodeStatus>) {
	const {get, dispatch, say} = ctx;
	const reload = () => dispatch({type: 'config', patch: {version: get().config.version + 1}});
	const noConfig = () => (port && view()?.parsed ? undefined : 'no config loaded');

	const preview = (title: string, ops: Op[], preset: {token?: string; password?: string} = {}) => {
		const v = view();
		if (!port || !v?.parsed) return say('error', 'no config loaded');
		if (ops.length === 0) return say('info', 'nothing to change');
		const secrets: {token?: string; password?: string} = {...preset};
		for (const op of ops) if (op.secret) secrets[op.secret] ??= port.generateSecret();
		if (v.refuse) return say('error', v.refuse);
		try {
			const plan = port.preview(get().config.target, v, ops, secrets);
			if (plan.next === plan.before) return say('info', 'that is already the value');
			dispatch({type: 'open', overlay: {kind: 'preview', title, ops, plan, secrets, scroll: 0}});
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
			const r = await port.write(get().config.target, v, o.ops, o.plan, o.secrets);
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

	const saveEdit = () => {
		const o = get().overlay;
		if (o?.kind !== 'configEdit') return;
		const path = ['gateway', ...o.field.split('.')];
		const t = o.text.trim();
		let op: Op;
		if (!t) op = {path, remove: true};
		else if (o.field === 'port') {
			if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 65535) return say('error', `port: "${t}" is not a whole number 1–65535`);
			op = {path, value: Number(t)};
		} else if (SECRET_FIELDS.includes(o.field)) {
			const kind = o.field === 'auth.token' ? 'token' : 'password';
			dispatch({type: 'close'});
			return preview(`Change gateway.${o.field}`, [{path, secret: kind}], {[kind]: t});
		} else op = {path, value: t};
		dispatch({type: 'close'});
		preview(`Change gateway.${o.field}`, [op]);
	};

	const move = (delta: number) => {
		const n = configRows(view(), false).rows.length;
		dispatch({type: 'config', patch: {row: Math.max(0, Math.min(n - 1, get().config.row + delta))}});
	};

	const actions: Controller<'config' | 'configEdit' | 'preview' | 'share'> & Pick<ActionTable, 'focus.config'> = {
		// `3` focuses the pane; `:config NODE|local` also switches whose config it shows.
		'focus.config': act(({arg}) => {
			const st = get();
			if (arg) dispatch({type: 'config', patch: {target: arg === 'local' ? 'local' : (st.nodes.find(n => n.name.toLowerCase() === arg.toLowerCase())?.name ?? arg), row: 0}});
			dispatch({type: 'focus', pane: 'config'});
		}),
		'config.up': act(() => move(-1)),
		'config.down': act(() => move(1)),
		'config.edit': act(() => {
			const r = selected()!;
			if (r.kind === 'finding') return preview(`Fix: ${r.finding.fix?.explain ?? ''}`, r.finding.fix?.ops ?? []);
			const cur = getPath(view()?.parsed, ['gateway', ...r.field.split('.')]);
			const choices = FIELD_CHOICES[r.field] ? [...FIELD_CHOICES[r.field]!] : undefined;
			const text = cur === undefined ? (choices?.[0] ?? '') : typeof cur === 'string' || typeof cur === 'number' ? String(cur) : '';
			dispatch({type: 'open', overlay: {kind: 'configEdit', field: r.field, text: choices && !choices.includes(text) ? choices[0]! : text, choices}});
		}, () => noConfig() ?? (selected() ? undefined : 'no field selected')),
		'config.fix': act(() => {
			const r = selected();
			const f = r?.kind === 'finding' ? r.finding : r?.finding;
			if (!f?.fix) return say('info', f ? `no automatic fix: ${f.message}` : 'nothing to fix on this row');
			preview(`Fix: ${f.fix.explain}`, [...f.fix.ops]);
		}, noConfig),
		'config.fixAll': act(() => preview('Fix everything: one plan for the whole section', planFixes(view()?.effective ?? view()?.parsed, {redacted: view()?.remote}).ops), noConfig),
		'config.reload': act(() => {
			reload();
			say('info', 'reloaded');
		}),
		'config.reveal': act(() => dispatch({type: 'config', patch: {reveal: !get().config.reveal}})),
		// read this computer's addresses once, when the overlay opens (not on every render)
		'config.share': act(
			() => dispatch({type: 'open', overlay: {kind: 'share', reveal: false, info: port!.share()}}),
			() => (port ? undefined : 'config editor not available'),
		),
		'config.target': act(() => {
			const st = get();
			const s = statuses();
			const targets = ['local', ...st.nodes.map(n => n.name).filter(n => s[n]?.state === 'online' && s[n]?.scopes?.includes('operator.admin'))];
			const next = targets[(targets.indexOf(st.config.target) + 1) % targets.length]!;
			dispatch({type: 'config', patch: {target: next, row: 0}});
			say('info', `config of ${next === 'local' ? 'this computer' : `node ${next} (over RPC)`}`);
		}),
		'configEdit.choose': act(({key}) => dispatch({type: 'overlay', update: {kind: 'configEdit', ev: {type: 'choose', delta: key === 'left' ? -1 : 1}}})),
		'configEdit.generate': act(
			() => dispatch({type: 'overlay', update: {kind: 'configEdit', ev: {type: 'set', text: port!.generateSecret()}}}),
			() => {
				const o = get().overlay;
				return o?.kind === 'configEdit' && SECRET_FIELDS.includes(o.field) && port ? undefined : 'C-g generates secrets for auth.token and auth.password';
			},
		),
		'configEdit.save': act(saveEdit),
		'configEdit.cancel': close(ctx),
		'preview.apply': act(() => void write()),
		'preview.cancel': act(() => {
			dispatch({type: 'close'});
			say('info', 'nothing written');
		}),
		'preview.scroll': act(({key}) => dispatch({type: 'overlay', update: {kind: 'preview', ev: {type: 'scroll', delta: key === 'up' || key === 'k' ? -1 : 1}}})),
		'share.close': close(ctx),
		'share.reveal': act(() => dispatch({type: 'overlay', update: {kind: 'share', ev: {type: 'reveal'}}})),
		// The row is only useful with the token in clear: copying it asks first.
		'share.copy': act(() => {
			const o = get().overlay;
			if (o?.kind !== 'share') return;
			const v = view();
			const {port: gwPort, token} = shareAccess(v?.effective ?? v?.parsed);
			const about = shareAbout(get().config.target, get().nodes, n => statuses()[n]?.state === 'online', o.info);
			const rows = importRows(about, gwPort, token ?? '<token>').join('\n');
			if (!token) return ctx.copy(rows, 'the import row');
			dispatch({type: 'open', overlay: {kind: 'confirm', prompt: 'Copy the import row WITH the gateway token in clear to the clipboard? (clipboard managers and terminal logs may keep it)', action: {type: 'copySecret', text: rows, what: 'the import row with the token'}}});
		}),
	};

	const confirm: Pick<ConfirmHandlers, 'restartGateway'> = {
		restartGateway: () => {
			if (!port) return;
			port
				.restart()
				.then(out => say(/failed/.test(out) ? 'error' : 'ok', out))
				.catch((e: unknown) => say('error', String(e)));
		},
	};
	return {actions, confirm};
}
