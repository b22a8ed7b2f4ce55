import type {Registry} from '../store/registry.js';
import {storeCredentials} from '../store/credentials.js';
import {Fleet} from '../net/fleet.js';
import {Dispatcher} from '../net/dispatcher.js';
import {NodeOps} from '../net/node-ops.js';
import {VERSION} from './version.js';
import {recordHistory} from './history.js';
import {attachNotifier} from './notifier.js';
import {dispatchNodes} from './dispatch-nodes.js';
import {configService} from './config-service.js';
import type {Io} from './io.js';

/**
 * The console's network side — every gateway connection, the dispatcher, remote configs,
 * history and notifications. Loaded (ws, TLS, HTTP, the frame schemas) only after the first
 * frame is on screen: a person sees the console at once, and the nodes come online in it.
 */
export function startNet(registry: Registry, io: Io, opts: {readonly: boolean; profile?: string; tmux: boolean}) {
	const creds = storeCredentials(registry);
	const fleet = new Fleet(creds, {version: VERSION, env: io.env});
	const dispatcher = new Dispatcher(fleet, () => dispatchNodes(registry), {routing: () => registry.settings().routing});
	const flushHistory = recordHistory(dispatcher, registry.dir);
	if (!opts.readonly) attachNotifier(dispatcher, {write: s => io.stdout.write(s), settings: () => registry.settings().notify, tmux: opts.tmux});
	return {
		services: {fleet, dispatcher, config: configService(io.env, opts.profile, fleet), nodeOps: new NodeOps(fleet)},
		/** History on disk, every connection (and ssh tunnel) closed, device tokens written. */
		async stop(): Promise<void> {
			flushHistory();
			await fleet.stop();
			creds.flush();
		},
	};
}
