import net from 'node:net';
import path from 'node:path';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {tempDir} from '../test/helpers/store.js';
import {measure, median, type Budget} from './lib.js';

/** 2. `status` of 50 test-gateway nodes of which 10 never answer: total ≤ 1.2 × the probe timeout. */
export async function fanout(timeoutMs = 3000, runs = 3): Promise<Budget[]> {
	const gw = await startTestGateway();
	const sockets: net.Socket[] = [];
	const holes: net.Server[] = [];
	try {
		const home = tempDir();
		const reg = new Registry(home);
		for (let i = 0; i < 40; i++) reg.add({name: `ok-${i}`, host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
		for (let i = 0; i < 10; i++) {
			const srv = net.createServer(s => sockets.push(s)).listen(0, '127.0.0.1');
			await new Promise(r => srv.once('listening', r));
			holes.push(srv);
			reg.add({name: `hung-${i}`, host: '127.0.0.1', port: (srv.address() as net.AddressInfo).port, token: 'test-token', tags: []});
		}
		const env = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home};
		const walls: number[] = [];
		for (let i = 0; i < runs; i++) {
			const s = await measure(process.execPath, [path.resolve('bin/mgw-tui.js'), 'status', '--json', '--timeout', String(timeoutMs)], env);
			const rows = JSON.parse(s.stdout) as {state: string}[];
			if (rows.filter(r => r.state === 'online').length !== 40) throw new Error('fan-out: not 40 online');
			walls.push(s.wallMs);
		}
		const w = median(walls);
		return [{name: 'status fan-out, 50 nodes, 10 hung', measured: `${w.toFixed(0)} ms = ${(w / timeoutMs).toFixed(2)}× the ${timeoutMs} ms timeout`, budget: '≤ 1.2× timeout', pass: w <= 1.2 * timeoutMs, details: {wallMs: walls.map(Math.round)}}];
	} finally {
		for (const s of sockets) s.destroy();
		for (const h of holes) h.close();
		await gw.stop();
	}
}
