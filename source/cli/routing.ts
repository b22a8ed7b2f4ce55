import {Registry} from '../store/registry.js';
import {storeDir} from '../store/paths.js';
import {describeRouting, parseRoutingChange} from '../core/routing.js';
import {EXIT, UsageError, println, type Io} from './io.js';

export const ROUTING_USAGE = `usage: mgw-tui routing [--json]                 the rules, the judge and each node's limit
       mgw-tui routing set LEVEL TARGET         LEVEL light|medium|heavy; TARGET local, remote, any or a tag (gpu)
       mgw-tui routing set judge NODE|off       whose agent judges each task (off: the heuristic only)
       mgw-tui routing set limit NODE N|auto    runs NODE takes at once (auto: what its gateway says)`;

/** Show or change the routing settings (the same as :route in the console). */
export async function routingCommand(args: string[], io: Io): Promise<number> {
	const registry = new Registry(storeDir(io.env));
	if (args[0] === 'set') {
		const change = parseRoutingChange(args.slice(1));
		if ('error' in change) throw new UsageError(change.error);
		registry.setRouting(change);
	} else if (args.length && !(args.length === 1 && args[0] === '--json')) throw new UsageError(`unknown arguments: ${args.join(' ')}`);
	const s = registry.settings();
	if (args.includes('--json')) println(io.stdout, JSON.stringify({...s.routing, limits: Object.fromEntries(s.nodes.map(n => [n.name, n.maxConcurrent ?? 'gateway']))}));
	else {
		println(io.stdout, describeRouting(s.routing.rules, s.routing.judge));
		for (const n of s.nodes) println(io.stdout, `limit ${n.name}: ${n.maxConcurrent ?? "the gateway's (agents.defaults.maxConcurrent or max(8, 4 × CPUs))"}`);
	}
	return EXIT.ok;
}
