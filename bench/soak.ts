import {floodedConsole} from './fixtures.js';
import {procSample, slope} from './pty.js';
import {sleep, type Budget} from './lib.js';

/**
 * Flat memory for weeks: 10 test gateways × 20 agent events/s each into the console in a real
 * pty (80×24, the log pane in view) for `minutes`; every minute the console's heap after a
 * full GC is read from outside through the inspector. Judged: the least-squares slope of the
 * heap after the warm-up — the first 10 minutes (half of a shorter run), while the 5 000-line
 * log ring and the 500-task table fill (about 1 run a second here: full after ~8 minutes).
 */
export async function soak({minutes = 30, nodes = 10, rate = 20} = {}): Promise<Budget[]> {
	const {gws, con, pid, stop} = await floodedConsole(nodes, {rate, seconds: minutes * 60 + 120, tickMs: 30_000});
	try {
		gws.go();
		const t0 = performance.now();
		const at: number[] = [];
		const heap: number[] = [];
		const rss: number[] = [];
		for (let m = 1; m <= minutes; m++) {
			await sleep(Math.max(0, t0 + m * 60_000 - performance.now()));
			const h = await con.heap!();
			at.push(m);
			heap.push(h.heapUsedMiB);
			rss.push(h.rssMiB);
			process.stderr.write(`  soak minute ${m}: heap ${h.heapUsedMiB.toFixed(1)} MiB, rss ${h.rssMiB.toFixed(0)} MiB\n`);
		}
		const from = Math.min(10, Math.floor(heap.length / 2));
		const s = heap.length > 1 ? slope(at.slice(from), heap.slice(from)) : Number.NaN;
		const peak = procSample(pid).peakMiB;
		return [
			{
				name: `soak: heap after GC, ${nodes} nodes × ${rate} events/s, ${minutes} min`,
				measured: `slope ${s.toFixed(3)} MiB/min over minutes ${from + 1}–${heap.length} (heap ${heap[0]?.toFixed(1)} → ${heap[from]?.toFixed(1)} → ${heap.at(-1)?.toFixed(1)} MiB; peak RSS ${peak.toFixed(0)} MiB)`,
				budget: '≤ 0.05 MiB/min',
				pass: Number.isFinite(s) && s <= 0.05,
				details: {heapMiB: heap.map(h => Number(h.toFixed(2))), rssMiB: rss.map(Math.round), minutes},
			},
		];
	} finally {
		await stop();
	}
}
