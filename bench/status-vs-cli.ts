import path from 'node:path';
import {startRealGateway} from '../test/real/gateway.js';
import {NODE24, OPENCLAW} from '../test/real/install.js';
import {Registry} from '../source/store/registry.js';
import {tempDir} from '../test/helpers/store.js';
import {measure, median, type Budget} from './lib.js';

const BIN = path.resolve('bin/mgw-tui.js');

/** 1. `mgw-tui status --json` vs `openclaw gateway call health --json` on the same real gateway, alternating. */
export async function statusVsCli(runs = 5): Promise<Budget[]> {
	const gw = await startRealGateway();
	try {
		const home = tempDir();
		new Registry(home).add({name: 'real', host: '127.0.0.1', port: gw.port, token: gw.token, tags: []});
		const envA = {PATH: process.env.PATH, HOME: home, MGW_TUI_HOME: home};
		const a = () => measure(process.execPath, [BIN, 'status', '--json', '--timeout', '10000'], envA);
		const b = () => measure(NODE24, [OPENCLAW, 'gateway', 'call', 'health', '--json', '--url', gw.url, '--token', gw.token], {...gw.env, NODE_OPTIONS: gw.env.NODE_OPTIONS});
		await a();
		await b(); // warm both (identity, file caches)
		const A: {wallMs: number; rssMiB: number}[] = [];
		const B: {wallMs: number; rssMiB: number}[] = [];
		for (let i = 0; i < runs; i++) {
			const x = await a();
			if (x.code !== 0 || JSON.parse(x.stdout)[0].state !== 'online') throw new Error(`mgw-tui status failed: ${x.stdout}`);
			A.push(x);
			const y = await b();
			if (y.code !== 0) throw new Error(`openclaw gateway call failed (${y.code}): ${y.stdout.slice(0, 300)}`);
			B.push(y);
		}
		const wa = median(A.map(s => s.wallMs));
		const wb = median(B.map(s => s.wallMs));
		const ra = median(A.map(s => s.rssMiB));
		const rb = median(B.map(s => s.rssMiB));
		return [
			{name: 'status wall vs openclaw CLI', measured: `${wa.toFixed(0)} ms vs ${wb.toFixed(0)} ms = ${(wa / wb).toFixed(2)}×`, budget: '≤ 0.35×', pass: wa / wb <= 0.35, details: {mgwMs: A.map(s => Math.round(s.wallMs)), openclawMs: B.map(s => Math.round(s.wallMs))}},
			{name: 'status peak RSS vs openclaw CLI', measured: `${ra.toFixed(0)} MiB vs ${rb.toFixed(0)} MiB = ${(ra / rb).toFixed(2)}×`, budget: '≤ 0.4×', pass: ra / rb <= 0.4, details: {mgwMiB: A.map(s => Math.round(s.rssMiB)), openclawMiB: B.map(s => Math.round(s.rssMiB))}},
		];
	} finally {
		await gw.stop();
	}
}
