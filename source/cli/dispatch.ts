import {parseArgs} from 'node:util';
import {FINISHED, type Task} from '../core/tasks.js';
import {Registry} from '../store/registry.js';
import {storeDir} from '../store/paths.js';
import {storeCredentials} from '../store/credentials.js';
import {Fleet} from '../net/fleet.js';
import {Dispatcher, type Target} from '../net/dispatcher.js';
import {EXIT, UsageError, println, readAll, type Io} from './io.js';
import {VERSION} from './version.js';
import {recordHistory} from './history.js';
import {dispatchNodes} from './dispatch-nodes.js';
import {readBatch, runBatch} from './batch.js';

/** Headless dispatch: the same routing and task code as the console. */
export async function dispatchCommand(args: string[], io: Io): Promise<number> {
	const {values, positionals} = parseArgs({
		args,
		options: {node: {type: 'string'}, auto: {type: 'boolean'}, all: {type: 'boolean'}, agent: {type: 'string'}, session: {type: 'string'}, json: {type: 'boolean'}, wait: {type: 'string'}, 'accept-timeout': {type: 'string'}, 'lost-after': {type: 'string'}, batch: {type: 'string'}, 'give-up': {type: 'string'}},
		allowPositionals: true,
		strict: true,
	});
	if ([values.node !== undefined, values.auto, values.all].filter(Boolean).length > 1) throw new UsageError('choose one of --node NAME, --auto, --all');
	if (values.session && values.session !== 'new' && values.session !== 'main') throw new UsageError('--session is new or main');
	const waitMs = values.wait === undefined ? 10_000 : Number(values.wait);
	if (!Number.isInteger(waitMs) || waitMs < 100) throw new UsageError('--wait must be a whole number of milliseconds ≥ 100');
	const ms = (name: 'accept-timeout' | 'lost-after', dflt: number) => {
		const v = values[name] === undefined ? dflt : Number(values[name]);
		if (!Number.isInteger(v) || v < 100) throw new UsageError(`--${name} must be a whole number of milliseconds ≥ 100`);
		return v;
	};
	const acceptTimeoutMs = ms('accept-timeout', 15_000);
	const lostAfterMs = ms('lost-after', 120_000);
	const giveUpMs = values['give-up'] === undefined ? 30_000 : Number(values['give-up']);
	if (!Number.isInteger(giveUpMs) || giveUpMs < 100) throw new UsageError('--give-up must be a whole number of milliseconds ≥ 100');
	if (values.batch !== undefined && (positionals.length || values.node !== undefined || values.all || values.session)) throw new UsageError('--batch takes no MESSAGE, --node, --all or --session (put node/tags/agent on the lines)');
	const batch = values.batch !== undefined ? await readBatch(values.batch, io) : undefined;
	let message = positionals.join(' ');
	if (message === '-') message = (await readAll(io.stdin)).trim();
	if (!batch && !message.trim()) throw new UsageError('give the task as MESSAGE (or - to read it from stdin)');
	const json = Boolean(values.json);
	const emit = (o: Record<string, unknown>) => println(io.stdout, JSON.stringify(o));
	const fail = (code: number, msg: string) => {
		if (json) emit({event: 'error', message: msg});
		else println(io.stderr, `mgw-tui: ${msg}`);
		return code;
	};

	const registry = new Registry(storeDir(io.env));
	const all = registry.drafts();
	const wanted = values.node !== undefined ? all.filter(n => n.name === values.node) : all;
	for (const t of batch ?? []) if (t.node !== undefined && !all.some(n => n.name === t.node)) throw new UsageError(`${values.batch === '-' ? '(stdin)' : values.batch}:${t.line}: no node named "${t.node}"`);
	if (values.node !== undefined && wanted.length === 0) return fail(EXIT.noNode, `no node named "${values.node}"`);
	if (wanted.length === 0) return fail(EXIT.noNode, 'no nodes configured (mgw-tui nodes add …)');
	const creds = storeCredentials(registry);
	const fleet = new Fleet(creds, {version: VERSION, probeTimeoutMs: Math.min(5000, waitMs), env: io.env});
	let flushHistory: (() => void) | undefined;
	try {
		fleet.sync(wanted);
		const settled = () => wanted.every(n => !['unknown', 'connecting'].includes(fleet.statuses()[n.name]?.state ?? 'unknown'));
		const deadline = Date.now() + waitMs;
		while (!settled() && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
		const infos = dispatchNodes(registry, wanted.map(n => n.name));
		const d = new Dispatcher(fleet, () => infos, {routing: () => registry.settings().routing, acceptTimeoutMs});
		flushHistory = recordHistory(d, registry.dir, {restore: false}); // headless runs are in the console's history too
		await Promise.race([d.limitsKnown(), new Promise(r => setTimeout(r, Math.min(5000, waitMs)).unref())]);
		if (batch) return await runBatch(d, batch, io, {json, agentId: values.agent, stuckMs: giveUpMs});
		const target: Target = values.all ? {kind: 'all'} : values.node !== undefined ? {kind: 'node', name: values.node} : {kind: 'auto'};
		const res = await d.dispatch({message, target, agentId: values.agent, session: values.session as 'new' | 'main' | undefined, queue: false});
		if (!res.ok) return fail(EXIT.noNode, res.reason);
		if (!json && res.reason && res.ids.length === 1) println(io.stderr, res.reason);
		const ids = res.ids;
		const printed = new Map<string, {text: string; tools: number; accepted: boolean}>(ids.map(id => [id, {text: '', tools: 0, accepted: false}]));
		const single = ids.length === 1;
		const report = (t: Task) => {
			const p = printed.get(t.id)!;
			if (!p.accepted && t.state !== 'sending' && t.state !== 'queued') {
				p.accepted = true;
				if (json) emit({event: 'accepted', task: t.id, node: t.node, sessionKey: t.sessionKey, reason: t.reason});
			}
			for (const step of t.tools.slice(p.tools)) if (json) emit({event: 'tool', task: t.id, node: t.node, name: step.name, phase: step.phase});
			p.tools = t.tools.length;
			if (t.text !== p.text) {
				const delta = t.text.startsWith(p.text) ? t.text.slice(p.text.length) : '\n' + t.text;
				if (json) emit({event: 'delta', task: t.id, node: t.node, text: delta});
				else if (single) io.stdout.write(delta);
				p.text = t.text;
			}
		};
		let watchdog: NodeJS.Timeout | undefined;
		const done = new Promise<void>(resolve => {
			const check = () => {
				for (const id of ids) {
					const t = d.state.tasks.get(id);
					if (t) report(t);
				}
				if (ids.every(id => FINISHED.includes(d.state.tasks.get(id)?.state ?? 'sending'))) {
					d.off('change', onChange);
					clearTimeout(queued);
					clearInterval(watchdog);
					resolve();
				}
			};
			// coalesced: a flood of events costs one report per 20 ms, not one per event (each
			// report compares the whole text so far)
			let queued: NodeJS.Timeout | undefined;
			const onChange = () => {
				queued ??= setTimeout(() => {
					queued = undefined;
					check();
				}, 20);
			};
			d.on('change', onChange);
			check();
			// a node that never comes back: the command still ends
			const away = new Map<string, number>();
			watchdog = setInterval(() => {
				for (const id of ids) {
					const t = d.state.tasks.get(id);
					if (t?.state !== 'reconnecting') away.delete(id);
					else if (!away.has(id)) away.set(id, Date.now());
					else if (Date.now() - away.get(id)! > lostAfterMs) d.giveUp(id, `${t.node} unreachable for ${Math.round(lostAfterMs / 1000)} s; the run may still go on there`);
				}
			}, Math.min(1000, lostAfterMs / 4));
		});
		await done;
		let ok = true;
		for (const id of ids) {
			const t = d.state.tasks.get(id)!;
			ok &&= t.state === 'done';
			const p = printed.get(id)!;
			if (json) emit({event: 'final', task: id, node: t.node, status: t.state === 'done' ? 'ok' : t.state, text: t.text, error: t.error});
			else if (single) {
				if (t.text.startsWith(p.text)) io.stdout.write(t.text.slice(p.text.length));
				else io.stdout.write((p.text ? '\n' : '') + t.text);
				io.stdout.write('\n');
				if (t.state !== 'done') println(io.stderr, `mgw-tui: ${t.state}${t.error ? `: ${t.error}` : ''}`);
			} else println(io.stdout, `[${t.node}] ${t.state === 'done' ? t.text : `${t.state}: ${t.error ?? ''}`}`);
		}
		return ok ? EXIT.ok : EXIT.failure;
	} finally {
		flushHistory?.();
		await fleet.stop();
		creds.flush();
	}
}
