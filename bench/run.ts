/**
 * npm run bench — budgets with pass/fail, medians of several runs, ratios measured side by
 * side in the same run (alternating A and B). Everything on 127.0.0.1. `--json` writes
 * bench/results/latest.json too. `--only NAME[,NAME]` runs some sections; `--scale` adds the
 * 10/50/200/1 000-node section; `--soak-minutes M` sets the soak's length (default 30).
 *
 * A case is one entry in SECTIONS: a name and a function returning budgets. Add yours there.
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
import {idle} from './idle.js';
import {scale} from './scale.js';
import {soak} from './soak.js';
import {startup} from './startup.js';
import {million} from './million.js';
import {hostile} from './hostile.js';
import type {Budget} from './lib.js';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = opt('--only')?.split(',');
const soakMinutes = Number(opt('--soak-minutes') ?? 30);

type Section = {name: string; run: () => Promise<Budget[]>; /** only with --scale or --only */ optIn?: boolean};

export const SECTIONS: Section[] = [
	{name: 'status', run: () => statusVsCli()},
	{name: 'startup', run: () => startup()},
	{name: 'fanout', run: () => fanout()},
	{name: 'first-frame', run: () => firstFrame()},
	{name: 'idle', run: () => idle()},
	{name: 'flood', run: () => flood()},
	{name: 'million', run: () => million()},
	{name: 'soak', run: () => soak({minutes: soakMinutes})},
	{name: 'dispatch', run: () => dispatchOverhead()},
	{name: 'config', run: () => configScale()},
	{name: 'batch', run: () => batchBench()},
	{name: 'scale', run: () => scale(), optIn: true},
	{name: 'hostile', run: () => hostile()},
];

const want = (s: Section) => (only ? only.includes(s.name) : !s.optIn || (s.name === 'scale' && args.includes('--scale')));

const results: Budget[] = [];
for (const s of SECTIONS) {
	if (!want(s)) continue;
	process.stderr.write(`bench: ${s.name}…\n`);
	try {
		results.push(...(await s.run()));
	} catch (e) {
		results.push({name: s.name, measured: `error: ${(e as Error).message}`, budget: '—', pass: false});
	}
}
const load = os.loadavg().map(l => l.toFixed(2)).join(' ');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}; load average at the end ${load}`;
const w = Math.max(...results.map(r => r.name.length));
console.log(`mgw-tui benchmark — ${new Date().toISOString()} — ${machine}\n`);
for (const r of results) console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(w)}  ${r.measured}  (budget ${r.budget})`);
for (const r of results) if (r.details?.table) console.log(`\n${String(r.details.table)}`);
if (args.includes('--verbose')) for (const r of results) console.log(`\n${r.name}: ${JSON.stringify(r.details)}`);
const passed = results.filter(r => r.pass).length;
console.log(`\n${passed} passed, ${results.length - passed} failed`);
if (args.includes('--json')) {
	const out = {date: new Date().toISOString(), machine, results};
	fs.mkdirSync('bench/results', {recursive: true});
	fs.writeFileSync('bench/results/latest.json', JSON.stringify(out, null, 2));
	console.log(JSON.stringify(out));
}
process.exit(passed === results.length ? 0 : 1);
