import {floodedConsole} from './fixtures.js';
import {procSample} from './pty.js';
import {sleep, type Budget} from './lib.js';

/**
 * 1 000 000 log lines over WebSocket: 10 test gateways stream tool calls (one log line each)
 * into the console in a real pty at 80×24. Judged: the peak RSS of the console process
 * (VmHWM from /proc, from outside) — and its heap after a GC at the end, through the inspector.
 */
export async function million({lines = 1_000_000, nodes = 10, seconds = 60} = {}): Promise<Budget[]> {
	const rate = Math.ceil(lines / nodes / seconds);
	const {gws, con, pid, stop} = await floodedConsole(nodes, {rate, seconds, tickMs: 30_000, mode: 'tools'});
	try {
		gws.go();
		const {sent} = await gws.done();
		// caught up: the console's CPU goes quiet
		for (let prev = procSample(pid).cpuMs; ; ) {
			await sleep(2000);
			const now = procSample(pid).cpuMs;
			if (now - prev < 200) break;
			prev = now;
		}
		const h = await con.heap!();
		const peak = procSample(pid).peakMiB;
		return [
			{name: `${(sent / 1e6).toFixed(1)} M log lines over WebSocket: console peak RSS`, measured: `${peak.toFixed(0)} MiB (after GC: RSS ${h.rssMiB.toFixed(0)} MiB, heap ${h.heapUsedMiB.toFixed(0)} MiB)`, budget: '≤ 200 MiB', pass: peak <= 200, details: {sent}},
		];
	} finally {
		await stop();
	}
}
