import {spawn} from 'node:child_process';
import path from 'node:path';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {Registry} from '../source/store/registry.js';
import {tempDir} from '../test/helpers/store.js';
import {median, type Budget} from './lib.js';

/** Time from spawning the console (in a pty at 80×24, via script(1)) to its first full frame (footer drawn). */
function once(home: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		const cmd = `stty cols 80 rows 24; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.resolve('bin/mgw-tui.js'))}`;
		const c = spawn('script', ['-qfec', cmd, '/dev/null'], {env: {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home, TERM: 'xterm-256color'}, stdio: ['pipe', 'pipe', 'ignore']});
		let out = '';
		let done = false;
		const timer = setTimeout(() => {
			c.kill('SIGKILL');
			reject(new Error(`no frame in 10 s: ${out.slice(-300)}`));
		}, 10_000);
		c.stdout.on('data', d => {
			out += d;
			if (!done && out.includes('? help') && out.includes('3 Config')) {
				done = true;
				const ms = performance.now() - t0;
				clearTimeout(timer);
				c.stdin.write('q');
				setTimeout(() => c.kill('SIGKILL'), 2000).unref();
				c.once('close', () => resolve(ms));
			}
		});
	});
}

/** 3. TUI start to first full frame with 10 nodes configured: median ≤ 400 ms. */
export async function firstFrame(runs = 7): Promise<Budget[]> {
	const gw = await startTestGateway();
	try {
		const home = tempDir();
		const reg = new Registry(home);
		reg.markLocalOffered();
		for (let i = 0; i < 10; i++) reg.add({name: `node-${i}`, host: '127.0.0.1', port: gw.port, token: 'test-token', tags: []});
		await once(home); // warm the file cache
		const ms: number[] = [];
		for (let i = 0; i < runs; i++) ms.push(await once(home));
		const m = median(ms);
		return [{name: 'first full frame, 10 nodes', measured: `${m.toFixed(0)} ms median`, budget: '≤ 400 ms', pass: m <= 400, details: {ms: ms.map(Math.round)}}];
	} finally {
		await gw.stop();
	}
}
