import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startTestGateway} from '../source/net/test-gateway/server.js';
import {BIN} from './pty.js';
import {homeWith} from './fixtures.js';
import {measure, median, type Budget, type Sample} from './lib.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Run A and B alternately `runs` times (after one warm-up each); medians of wall time. */
async function paired(a: () => Promise<Sample>, b: () => Promise<Sample>, runs: number) {
	await a();
	await b();
	const A: number[] = [];
	const B: number[] = [];
	for (let i = 0; i < runs; i++) {
		A.push((await a()).wallMs);
		B.push((await b()).wallMs);
	}
	return {a: median(A), b: median(B), A: A.map(Math.round), B: B.map(Math.round)};
}

/**
 * Headless start-up, side by side: `mgw-tui --version` vs `node -e 0`; `mgw-tui status --json`
 * (one node) vs the plainest ws client doing the same probe (bench/min-probe.ts: /healthz,
 * handshake, system.info).
 */
export async function startup(runs = 21): Promise<Budget[]> {
	const gw = await startTestGateway();
	try {
		const home = homeWith([gw.port]);
		const env = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home};
		const v = await paired(
			() => measure(process.execPath, [BIN, '--version'], env),
			() => measure(process.execPath, ['-e', '0'], env),
			runs,
		);
		const s = await paired(
			async () => {
				const x = await measure(process.execPath, [BIN, 'status', '--json'], env);
				if (JSON.parse(x.stdout)[0].state !== 'online') throw new Error(`status: ${x.stdout}`);
				return x;
			},
			() => measure(process.execPath, [path.join(HERE, 'min-probe.js'), '127.0.0.1', String(gw.port), 'test-token'], env),
			runs,
		);
		return [
			{name: '--version vs node -e 0', measured: `${v.a.toFixed(0)} ms vs ${v.b.toFixed(0)} ms = ${(v.a / v.b).toFixed(2)}×`, budget: '≤ 1.3×', pass: v.a / v.b <= 1.3, details: {ours: v.A, node: v.B}},
			{name: 'status (1 node) vs a minimal ws client doing the same probe', measured: `${s.a.toFixed(0)} ms vs ${s.b.toFixed(0)} ms = ${(s.a / s.b).toFixed(2)}×`, budget: '≤ 2×', pass: s.a / s.b <= 2, details: {ours: s.A, minimal: s.B}},
		];
	} finally {
		await gw.stop();
	}
}
