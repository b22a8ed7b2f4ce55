import {spawn} from 'node:child_process';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {BIN} from './pty.js';
import {homeWith} from './fixtures.js';
import {median, type Budget} from './lib.js';

/** Time from spawning `argv` in a pty at 80×24 (script(1)) until its output matches `done`; then `quit` is typed. */
function inPty(argv: string[], home: string, done: (out: string) => boolean, quit = ''): Promise<number> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		const cmd = `stty cols 80 rows 24; exec ${argv.map(a => JSON.stringify(a)).join(' ')}`;
		const c = spawn('script', ['-qfec', cmd, '/dev/null'], {env: {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home, TERM: 'xterm-256color'}, stdio: ['pipe', 'pipe', 'ignore']});
		let out = '';
		let seen = false;
		const timer = setTimeout(() => {
			c.kill('SIGKILL');
			reject(new Error(`nothing in 10 s: ${out.slice(-300)}`));
		}, 10_000);
		c.stdout.on('data', d => {
			out += d;
			if (!seen && done(out)) {
				seen = true;
				const ms = performance.now() - t0;
				clearTimeout(timer);
				if (quit) c.stdin.write(quit);
				setTimeout(() => c.kill('SIGKILL'), 2000).unref();
				c.once('close', () => resolve(ms));
			}
		});
	});
}

/**
 * TUI start to first full frame (footer drawn) with 10 nodes configured, against Node's own
 * start-up (`node -e` printing one line) in the same kind of pty, runs alternating: the
 * ratio of medians is judged, so a loaded machine slows both.
 */
export async function firstFrame(runs = 21): Promise<Budget[]> {
	const gw = await startTestGateway();
	try {
		const home = homeWith(Array.from({length: 10}, () => gw.port));
		const ours = () => inPty([process.execPath, BIN], home, out => out.includes('? help') && out.includes('3 Config'), 'q');
		const bare = () => inPty([process.execPath, '-e', 'process.stdout.write("ready\\n")'], home, out => out.includes('ready'));
		await ours(); // warm the file cache
		await bare();
		const A: number[] = [];
		const B: number[] = [];
		for (let i = 0; i < runs; i++) {
			A.push(await ours());
			B.push(await bare());
		}
		const a = median(A);
		const b = median(B);
		return [{name: 'first full frame, 10 nodes, vs node start in the same pty', measured: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms = ${(a / b).toFixed(1)}×`, budget: '≤ 4×', pass: a / b <= 4, details: {oursMs: A.map(Math.round), nodeMs: B.map(Math.round)}}];
	} finally {
		await gw.stop();
	}
}
