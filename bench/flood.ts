import {startGateways, homeWith} from './fixtures.js';
import {procSample, spawnConsole} from './pty.js';
import {percentile, sleep, type Budget} from './lib.js';

/**
 * 10 test gateways × 500 agent events/s for 20 s into the console in a real pty at 80×24,
 * keys typed by this process (not the console's event loop): `?` opens help and `q` closes
 * it every 400 ms; latency = key → the output showing its effect (help's status line / the
 * footer back). Every byte the console writes to the terminal is counted.
 */
export async function flood({nodes = 10, rate = 500, seconds = 20} = {}): Promise<Budget[]> {
	const gws = await startGateways(nodes, {rate, seconds, tickMs: 5000});
	const con = await spawnConsole({home: homeWith(gws.ports)});
	try {
		await con.waitFor(new RegExp(`${nodes} nodes · ${nodes} online`), 60_000);
		const pid = await con.pid();
		con.type('2'); // watch the log
		await sleep(500);
		const bytes0 = con.bytes();
		const t0 = performance.now();
		gws.go();
		const latencies: number[] = [];
		let open = false;
		while (performance.now() - t0 < seconds * 1000) {
			await sleep(400);
			const seen = con.waitFor(open ? /\? help/ : /Esc close/, 2000, true).catch(() => 2000);
			con.type(open ? 'q' : '?');
			open = !open;
			latencies.push(await seen);
		}
		if (open) con.type('q');
		const elapsed = (performance.now() - t0) / 1000;
		const bytesPerSec = (con.bytes() - bytes0) / elapsed;
		const {sent} = await gws.done();
		const p = procSample(pid);
		const p95 = percentile(latencies, 95);
		return [
			{name: 'log flood: keypress → its frame p95 (pty, keys from outside)', measured: `${p95.toFixed(0)} ms (p50 ${percentile(latencies, 50).toFixed(0)} ms, ${latencies.length} keys)`, budget: '≤ 100 ms', pass: p95 <= 100, details: {eventsSent: sent}},
			{name: 'log flood: bytes written to the terminal', measured: `${(bytesPerSec / 1024).toFixed(1)} KB/s`, budget: '≤ 30 KB/s', pass: bytesPerSec <= 30 * 1024, details: {peakRssMiB: Math.round(p.peakMiB)}},
		];
	} finally {
		await con.stop();
		gws.stop();
	}
}
