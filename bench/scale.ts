import path from 'node:path';
import {startGateways, homeWith} from './fixtures.js';
import {fitQuadratic, procSample, spawnConsole, type PtyConsole} from './pty.js';
import {measure, median, percentile, sleep, type Budget, type Sample} from './lib.js';

const BIN = path.resolve('bin/mgw-tui.js');

/** Key → next write to the terminal, `n` presses. */
export async function keyLatencies(con: PtyConsole, keys: string[], n: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const next = con.nextWrite(2000);
		con.type(keys[i % keys.length]!);
		out.push((await next) ?? 2000);
		await sleep(30);
	}
	return out;
}

type Row = {n: number; statusCpuMs: number; statusWallMs: number; statusNotOnline: number; allOnlineMs: number; falseStates: string[]; consoleCpuMs: number; consoleRssMiB: number; keyP95?: number; filterP95?: number};

/**
 * --scale: N = 10, 50, 200, 1 000 test gateways (one child process serves the largest N; a
 * size uses the first N). `status --json` per N, CPU and wall, `runs` rounds with the sizes
 * interleaved (a slow minute of the machine lands on every size, not on one), how many it did
 * not see online; the console in a pty: time until the header says all N online, any
 * `degraded`/`unreachable` in the header meanwhile or in the 10 s after (there is none: every
 * gateway is healthy), its CPU and RSS. At the largest N, ↓ in the Nodes pane and `/`
 * filtering, key → frame. Fitted over every sample: status CPU = a + b·N + c·N², with the
 * standard error of c.
 */
export async function scale({sizes = [10, 50, 200, 1000], runs = 8} = {}): Promise<Budget[]> {
	const rows: Row[] = [];
	const gws = await startGateways(Math.max(...sizes));
	const fitN: number[] = [];
	const fitCpu: number[] = [];
	try {
		const homes = new Map(sizes.map(n => [n, homeWith(gws.ports.slice(0, n))]));
		const envOf = (n: number) => ({PATH: process.env.PATH, HOME: homes.get(n), MGW_TUI_HOME: homes.get(n)});
		const status = (n: number) => measure(process.execPath, [BIN, 'status', '--json', '--timeout', '10000'], envOf(n));
		for (const n of sizes) await status(n); // first contact: device tokens issued and stored
		const samples = new Map<number, Sample[]>(sizes.map(n => [n, []]));
		const notOnline = new Map<number, number>(sizes.map(n => [n, 0]));
		for (let i = 0; i < runs; i++) {
			for (const n of i % 2 ? [...sizes].reverse() : sizes) {
				const s = await status(n);
				notOnline.set(n, Math.max(notOnline.get(n)!, (JSON.parse(s.stdout) as {state: string}[]).filter(r => r.state !== 'online').length));
				samples.get(n)!.push(s);
				fitN.push(n);
				fitCpu.push(s.cpuMs);
			}
		}
		for (const n of sizes) {
			const con = await spawnConsole({home: homes.get(n)!});
			try {
				const pid = await con.pid();
				const allOnlineMs = await con.waitFor(new RegExp(`${n} nodes · ${n} online`), 60_000);
				await sleep(10_000);
				const screen = con.take();
				const falseStates = [...new Set(screen.match(/\d+ (?:degraded|unreachable)/g) ?? [])];
				const p = procSample(pid);
				const ss = samples.get(n)!;
				const row: Row = {n, statusCpuMs: median(ss.map(s => s.cpuMs)), statusWallMs: median(ss.map(s => s.wallMs)), statusNotOnline: notOnline.get(n)!, allOnlineMs, falseStates, consoleCpuMs: p.cpuMs, consoleRssMiB: p.peakMiB};
				if (n === Math.max(...sizes)) {
					row.keyP95 = percentile(await keyLatencies(con, ['\u001b[B', '\u001b[B', '\u001b[B', '\u001b[A'], 40), 95);
					// `/` filter: open, type a tag, apply, reopen, clear, apply — every key → its frame
					const filterKeys = ['/', 'o', 'd', 'd', '\r', '/', '\u007f', '\u007f', '\u007f', '\r'];
					const f: number[] = [];
					for (let i = 0; i < 3; i++) f.push(...(await keyLatencies(con, filterKeys, filterKeys.length)));
					row.filterP95 = percentile(f, 95);
				}
				rows.push(row);
			} finally {
				await con.stop();
			}
		}
	} finally {
		gws.stop();
	}
	const fit = fitQuadratic(fitN, fitCpu);
	const big = rows.at(-1)!;
	const quadAtMax = fit.c * big.n ** 2;
	const quadSe = fit.se.c * big.n ** 2;
	const perNode = rows.map(r => `${r.n}: ${(r.statusCpuMs / r.n).toFixed(2)}`).join(', ');
	const table = [
		'nodes  status CPU  status wall  not online  console: all online  false states  console CPU  console peak RSS',
		...rows.map(r => `${String(r.n).padStart(5)}  ${r.statusCpuMs.toFixed(0).padStart(7)} ms  ${r.statusWallMs.toFixed(0).padStart(8)} ms  ${String(r.statusNotOnline).padStart(10)}  ${r.allOnlineMs.toFixed(0).padStart(16)} ms  ${(r.falseStates.join(' ') || 'none').padStart(12)}  ${r.consoleCpuMs.toFixed(0).padStart(8)} ms  ${r.consoleRssMiB.toFixed(0).padStart(12)} MiB`),
		`status CPU fitted: ${fit.a.toFixed(0)} ms + ${fit.b.toFixed(3)} ms·N + ${(fit.c * 1000).toFixed(4)} µs·N²  (${fitN.length} samples, residual sd ${fit.sd.toFixed(0)} ms; N² term at ${big.n}: ${quadAtMax.toFixed(0)} ± ${quadSe.toFixed(0)} ms)`,
	].join('\n');
	return [
		{
			name: `scale: status CPU per node flat 10→${big.n}`,
			measured: `ms/node ${perNode}; N² term at ${big.n} = ${quadAtMax.toFixed(0)} ± ${quadSe.toFixed(0)} ms (standard error)`,
			budget: 'N² term ≤ max(2 standard errors, 10 % of total)',
			// a negative N² term (growth below linear: fixed costs shared) passes
			pass: quadAtMax <= Math.max(2 * quadSe, 0.1 * big.statusCpuMs) && rows.every(r => r.statusNotOnline === 0),
			details: {table, fit, rows},
		},
		{name: `scale: console with ${big.n} nodes, all online`, measured: `${big.allOnlineMs.toFixed(0)} ms; false degraded/unreachable: ${rows.flatMap(r => r.falseStates).join(', ') || 'none'}`, budget: '≤ 3000 ms, none', pass: big.allOnlineMs <= 3000 && rows.every(r => r.falseStates.length === 0)},
		{name: `scale: Nodes pane ↓/↑ at ${big.n} nodes, key → frame p95`, measured: `${big.keyP95?.toFixed(0)} ms`, budget: '≤ 50 ms', pass: (big.keyP95 ?? Infinity) <= 50},
		{name: `scale: Nodes pane / filter (tag, then cleared) at ${big.n} nodes, key → frame p95`, measured: `${big.filterP95?.toFixed(0)} ms`, budget: '≤ 50 ms', pass: (big.filterP95 ?? Infinity) <= 50},
	];
}
