/**
 * npm run bench — budgets with pass/fail, medians of several runs, ratios measured side by
 * side in the same run (alternating A and B). Everything on 127.0.0.1. `--json` writes
 * bench/results/latest.json too. `--only NAME[,NAME]` runs some sections.
 */
import fs from 'node:fs';
import os from 'node:os';
import {statusVsCli} from './status-vs-cli.js';
import {fanout} from './fanout.js';
import {firstFrame} from './first-frame.js';
import {flood} from './flood.js';
import {dispatchOverhead} from './dispatch-overhead.js';
import {configScale} from './config-scale.js';
import {batchBench} from './batch.js';
import {measure, type Budget} from './lib.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const want = (n: string) => !only || only.includes(n);

async function million(): Promise<Budget[]> {
	const s = await measure(process.execPath, ['--expose-gc', new URL('./million.js', import.meta.url).pathname], {PATH: process.env.PATH});
	const r = JSON.parse(s.stdout) as {lines: number; rssMiB: number};
	return [{name: 'RSS after 1 000 000 log lines', measured: `${r.rssMiB.toFixed(0)} MiB (peak ${s.rssMiB.toFixed(0)} MiB)`, budget: '≤ 200 MiB', pass: r.rssMiB <= 200, details: {lines: r.lines}}];
}

const sections: [string, () => Promise<Budget[]>][] = [
	['status', statusVsCli],
	['fanout', () => fanout()],
	['first-frame', () => firstFrame()],
	['flood', () => flood()],
	['million', million],
	['dispatch', () => dispatchOverhead()],
	['config', () => configScale()],
	['batch', batchBench],
];

const results: Budget[] = [];
for (const [name, fn] of sections) {
	if (!want(name)) continue;
	process.stderr.write(`bench: ${name}…\n`);
	try {
		results.push(...(await fn()));
	} catch (e) {
		results.push({name, measured: `error: ${(e as Error).message}`, budget: '—', pass: false});
	}
}
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const w = Math.max(...results.map(r => r.name.length));
console.log(`mgw-tui benchmark — ${new Date().toISOString()} — ${machine}\n`);
for (const r of results) console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(w)}  ${r.measured}  (budget ${r.budget})`);
const passed = results.filter(r => r.pass).length;
console.log(`\n${passed} passed, ${results.length - passed} failed`);
if (args.includes('--json')) {
	const out = {date: new Date().toISOString(), machine, results};
	fs.mkdirSync('bench/results', {recursive: true});
	fs.writeFileSync('bench/results/latest.json', JSON.stringify(out, null, 2));
	console.log(JSON.stringify(out));
}
process.exit(passed === results.length ? 0 : 1);
