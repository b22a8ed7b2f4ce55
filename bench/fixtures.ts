import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Registry} from '../source/store/registry.js';
import {tempDir} from '../test/helpers/store.js';
import {lineReader} from './lib.js';
import {spawnConsole, type PtyConsole} from './pty.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export type Gateways = {ports: number[]; child: ChildProcess; go: () => void; done: () => Promise<{sent: number}>; stop: () => void};

/** N test gateways in one child process (flood-gateways.js); `go()` starts `rate` events/s per gateway for `seconds`. */
export async function startGateways(n: number, {rate = 0, seconds = 0, tickMs = 30_000, mode = 'mixed'} = {}): Promise<Gateways> {
	const child = spawn(process.execPath, [path.join(HERE, 'flood-gateways.js'), String(n), String(rate), String(seconds), String(tickMs), mode], {stdio: ['pipe', 'pipe', 'inherit']});
	const next = lineReader(child.stdout!);
	const ports = JSON.parse(await next()) as number[];
	return {
		ports,
		child,
		go: () => void child.stdin!.write('go\n'),
		done: async () => JSON.parse(await next()) as {sent: number},
		stop: () => void child.kill(),
	};
}

/** A store with one node per port (one write for all of them), the local-gateway offer already answered. */
export function homeWith(ports: number[], token = 'test-token'): string {
	const home = tempDir();
	const reg = new Registry(home);
	reg.markLocalOffered();
	reg.import({rows: ports.map((port, i) => ({line: i + 1, node: {name: `node-${i}`, host: '127.0.0.1', port, tags: i % 2 ? ['odd'] : ['even']}, token})), problems: [], warnings: [], tables: 1});
	return home;
}

/** N flood gateways and the console on them in a real pty, all online, the Task log focused; `gws.go()` starts the flood. */
export async function floodedConsole(nodes: number, gateways: Parameters<typeof startGateways>[1]): Promise<{gws: Gateways; con: PtyConsole; pid: number; stop: () => Promise<void>}> {
	const gws = await startGateways(nodes, gateways);
	const con = await spawnConsole({home: homeWith(gws.ports), inspect: true});
	const stop = async () => {
		await con.stop();
		gws.stop();
	};
	try {
		await con.waitFor(new RegExp(`${nodes} nodes · ${nodes} online`), 60_000);
		const pid = await con.pid();
		con.type('2');
		return {gws, con, pid, stop};
	} catch (e) {
		await stop();
		throw e;
	}
}
