/**
 * Judge, queue and batches against REAL OpenClaw 2026.9.6 gateways (two on loopback; the fake
 * model echoes "done: <prompt>"). Never skipped.
 */
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {startRealGateway, type RealGateway} from './gateway.js';
import {waitFor} from '../helpers/wait.js';
import {tempDir} from '../helpers/store.js';
import {runCli} from '../helpers/cli.js';
import {Registry} from '../../source/store/registry.js';
import {Fleet} from '../../source/net/fleet.js';
import {Dispatcher, DEFAULT_ROUTING} from '../../source/net/dispatcher.js';
import {memoryCredentials} from '../../source/net/credentials.js';

let a: RealGateway;
let b: RealGateway;
const cleanup: (() => unknown)[] = [];
before(async () => {
	// b declares its own limit (agents.defaults.maxConcurrent) in openclaw.json
	[a, b] = await Promise.all([
		startRealGateway(),
		startRealGateway({
			beforeStart: p => {
				const c = JSON.parse(fs.readFileSync(p, 'utf8'));
				c.agents.defaults.maxConcurrent = 2;
				fs.writeFileSync(p, JSON.stringify(c, null, 2));
				return undefined;
			},
		}),
	]);
});
after(async () => {
	for (const c of cleanup.reverse()) await c();
	await Promise.all([a?.stop(), b?.stop()]);
});
const fast = {version: '0.1.0', pollMs: 1000, probeTimeoutMs: 3000, backoff: {baseMs: 200, maxMs: 1000}};

async function setup(judgeTimeoutMs = 60_000) {
	const fleet = new Fleet(memoryCredentials(), fast);
	cleanup.push(() => fleet.stop());
	fleet.sync([
		{name: 'local', host: '127.0.0.1', port: a.port, token: a.token},
		{name: 'b', host: '127.0.0.1', port: b.port, token: b.token},
	]);
	const nodes = [
		{name: 'local', tags: [], local: true},
		{name: 'b', tags: ['gpu']},
	];
	const d = new Dispatcher(fleet, () => nodes, {routing: () => ({...DEFAULT_ROUTING, judge: 'local', judgeTimeoutMs})});
	await waitFor(() => ['local', 'b'].every(n => fleet.statuses()[n]?.state === 'online' && fleet.statuses()[n]?.system), {what: 'both online', timeoutMs: 30_000});
	return {fleet, d};
}

test('real gateways: limits — b says agents.defaults.maxConcurrent 2 (config.get); local gets the CPU default max(8, 4 × CPUs)', async () => {
	const {d, fleet} = await setup();
	await d.limitsKnown();
	const [local, rb] = d.candidates();
	assert.equal(rb!.limit, 2);
	assert.equal(local!.limit, Math.max(8, fleet.statuses().local!.system!.cpuCount! * 4));
});

test('real gateway judge: the echoing model is not a one-word answer → heuristic used, said so; the task still runs', async () => {
	const {d} = await setup();
	const r = await d.dispatch({message: 'train the model', target: {kind: 'auto'}});
	assert.ok(r.ok, !r.ok ? r.reason : '');
	const t = d.state.tasks.get(r.ids[0]!)!;
	assert.match(t.judged!, /^heavy \(train \+3\) — local's agent answered "done: Classify how much comput…", not one word; heuristic used$/);
	assert.equal(t.node, 'b', 'heavy → gpu');
	assert.equal(t.candidates!.length, 2, 'both candidates listed');
	assert.match(t.candidates![0]!, /^› b −?[\d.]+: heavy → gpu \+50, tag gpu \+40, 0\/2 running/);
	await waitFor(() => t.state === 'done', {what: 'done', timeoutMs: 60_000});
	assert.equal(t.text, 'done: train the model');
	assert.ok(![...d.state.tasks.values()].some(x => x.external), "the judge's run is not shown as a task");
});

test('real gateway judge: timeout → heuristic, and the judge run is aborted', async () => {
	const {d} = await setup(50);
	const r = await d.dispatch({message: 'hello', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const t = d.state.tasks.get(r.ids[0]!)!;
	assert.match(t.judged!, /^light \(short, no heavy words\) — local's agent: agent: TIMEOUT no answer within 50 ms; heuristic used$/);
	assert.equal(t.node, 'local', 'light → local');
	await waitFor(() => t.state === 'done', {what: 'done', timeoutMs: 60_000});
});

test('real gateways: dispatch --batch over both, every result collected, exit 0', async () => {
	const dir = tempDir();
	const reg = new Registry(dir);
	reg.add({name: 'local', host: '127.0.0.1', port: a.port, token: a.token, tags: []});
	reg.add({name: 'b', host: '127.0.0.1', port: b.port, token: b.token, tags: ['gpu']});
	reg.settingsFile.save({...reg.settings(), routing: {...reg.settings().routing, judge: null}});
	const tasks = ['one', 'two', 'three', 'four', '{"task": "render five", "tags": ["gpu"]}', '{"task": "six", "node": "local"}'];
	const r = await runCli(['dispatch', '--batch', '-', '--json', '--wait', '30000'], {env: {MGW_TUI_HOME: dir}, stdin: tasks.join('\n')});
	assert.equal(r.code, 0, r.stderr + r.stdout);
	const ev = r.stdout.trim().split('\n').map(l => JSON.parse(l));
	const finals = ev.filter(e => e.event === 'final');
	assert.equal(finals.length, 6);
	const want = ['one', 'two', 'three', 'four', 'render five', 'six'];
	for (const f of finals) assert.equal(f.text, `done: ${want[f.line - 1]}`, JSON.stringify(f));
	assert.equal(finals.find(f => f.line === 5).node, 'b');
	assert.equal(finals.find(f => f.line === 6).node, 'local');
	assert.deepEqual(new Set(finals.map(f => f.node)), new Set(['local', 'b']), 'both gateways worked');
	assert.equal(ev.at(-1).event, 'summary');
	assert.ok(!r.stdout.includes(a.token) && !r.stdout.includes(b.token));
});
