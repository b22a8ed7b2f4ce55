import type {Registry} from '../store/registry.js';
import type {NodeInfo} from '../net/dispatcher.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The registry's nodes as the dispatcher needs them: tags, "local" (this computer's gateway), limit. */
export function dispatchNodes(registry: Registry, only?: readonly string[]): NodeInfo[] {
	return registry
		.nodes()
		.filter(n => !only || only.includes(n.name))
		.map(n => ({name: n.name, tags: n.tags, local: (!n.ssh && LOOPBACK.has(n.host)) || n.name === 'local', maxConcurrent: n.maxConcurrent}));
}
