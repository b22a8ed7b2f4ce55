import {startGateways, homeWith} from './fixtures.js';
import {procSample, spawnConsole} from './pty.js';
import {sleep, type Budget} from './lib.js';

/**
 * An idle console: 50 test gateways, nothing happening but their ticks and our polls. After
 * everything is online and a minute passed (RTT medians filled), bytes written to the terminal (a real pty)
 * and the console's CPU (from /proc) over `seconds`.
 */
export async function idle({nodes = Number(process.env.BENCH_IDLE_NODES ?? 50), seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60), settleMs = 60_000} = {}): Promise<Budget[]> {
	const gws = await startGateways(nodes);
	const con = await spawnConsole({home: homeWith(gws.ports)});
	try {
		await con.waitFor(new RegExp(`${nodes} nodes · ${nodes} online`), 60_000);
		const pid = await con.pid();
		await sleep(settleMs);
		const b0 = con.bytes();
		const c0 = procSample(pid).cpuMs;
		const t0 = performance.now();
		con.take();
		await sleep(seconds * 1000);
		const min = (performance.now() - t0) / 60_000;
		const perMin = (con.bytes() - b0) / min;
		const cpu = (procSample(pid).cpuMs - c0) / (min * 60_000) * 100;
		const seen = con.take();
		return [
			{name: `idle: bytes to the terminal, ${nodes} nodes`, measured: `${perMin.toFixed(0)} B/min over ${(min * 60).toFixed(0)} s`, budget: '≤ 200 B/min', pass: perMin <= 200, details: {sample: seen.slice(0, 1500)}},
			{name: `idle: console CPU, ${nodes} nodes`, measured: `${cpu.toFixed(2)} %`, budget: '≤ 0.5 %', pass: cpu <= 0.5},
		];
	} finally {
		await con.stop();
		gws.stop();
	}
}
