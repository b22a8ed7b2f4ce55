import {parseArgs} from 'node:util';
import PQueue from 'p-queue';
import {nextStep, STATE_LOOK, type NodeStatus} from '../core/node-state.js';
import {formatDuration, formatLoad} from '../core/format.js';
import {Registry} from '../store/registry.js';
import {storeDir} from '../store/paths.js';
import {storeCredentials} from '../store/credentials.js';
import {probeNode} from '../net/probe-node.js';
import {printTable} from './nodes.js';
import {displayAddress, routeLabel} from '../core/route.js';
import {EXIT, UsageError, println, type Io} from './io.js';
import {VERSION} from './version.js';

/** Probe every node concurrently: a table, or JSON with one object per node (never a token). */
export async function statusCommand(args: string[], io: Io): Promise<number> {
	const {values, positionals} = parseArgs({args, options: {json: {type: 'boolean'}, timeout: {type: 'string'}}, allowPositionals: true, strict: true});
	if (positionals.length) throw new UsageError(`status takes no arguments (got "${positionals[0]}")`);
	const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
	if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw new UsageError('--timeout must be a whole number of milliseconds, 100–600000');
	const registry = new Registry(storeDir(io.env));
	const nodes = registry.drafts();
	const creds = storeCredentials(registry);
	// at most 128 probes in flight (1 000 nodes at once would time out on our own queue); each
	// node's timeout runs from when its probe starts
	const queue = new PQueue({concurrency: 128});
	const results: NodeStatus[] = await Promise.all(nodes.map(n => queue.add(() => probeNode(n, creds, {timeoutMs, version: VERSION, env: io.env}))));
	creds.flush(); // device tokens handed out on first contact are on disk when the command returns
	const rows = nodes.map((n, i) => {
		const s = results[i]!;
		return {
			name: n.name,
			host: n.host,
			port: n.port,
			state: s.state,
			rttMs: s.rttMs === undefined ? null : Math.round(s.rttMs * 10) / 10,
			version: s.version ?? null,
			code: s.code ?? null,
			nextStep: nextStep(s, n),
			load: s.system?.loadAverage && s.system.cpuCount ? Number(formatLoad(s.system)) : null,
			uptimeMs: s.uptimeMs ?? null,
			requestId: s.requestId ?? null,
			route: routeLabel(n),
			url: displayAddress(n),
			ssh: n.ssh ?? null,
			tls: n.scheme === 'wss' ? {presented: s.presented ?? null, pin: n.tlsFingerprint ?? null} : null,
		};
	});
	if (values.json) println(io.stdout, JSON.stringify(rows, null, 2));
	else if (rows.length === 0) println(io.stdout, 'no nodes; add one with: mgw-tui nodes add NAME HOST[:PORT] (token on stdin)');
	else
		printTable(
			io,
			['STATE', 'NAME', 'HOST', 'RTT', 'VERSION', 'LOAD', 'UPTIME', 'NEXT STEP'],
			rows.map((r, i) => [
				`${STATE_LOOK[r.state].glyph} ${STATE_LOOK[r.state].word}`,
				r.name,
				r.ssh ? `${r.host}:${r.port} (${r.route})` : r.url.startsWith('ws://') ? `${r.host}:${r.port}` : r.url,
				r.rttMs === null ? '—' : `${Math.round(r.rttMs)}ms`,
				r.version ?? '—',
				formatLoad(results[i]!.system),
				formatDuration(r.uptimeMs ?? undefined),
				r.state === 'online' ? '' : r.nextStep + (r.code ? ` [${r.code}]` : ''),
			]),
		);
	return rows.every(r => r.state === 'online') ? EXIT.ok : EXIT.failure;
}
