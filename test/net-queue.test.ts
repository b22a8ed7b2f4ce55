/** Queue, limits, judge and batches on test gateways (the real-gateway versions are in test/real/batch.test.ts). */
import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway, type TestGateway, type TestGatewayOptions} from '../source/net/test-gateway/server.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher, DEFAULT_ROUTING, type NodeInfo} from '../source/net/dispatcher.js';
import {BatchRun, type BatchEvent} from '../source/net/batch.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {TaskHistory} from '../source/store/task-history.js';
import {TaskQueueFile} from '../source/store/task-queue.js';
import {BUSY_WHY} from '../source/core/queue.js';
import type {RoutingSettings} from '../source/core/nodes.js';
import {waitFor} from './helpers/wait.js';
import {tempDir} from './helpers/store.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0).reverse()) await o.stop();
});
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}};
const gateway = async (o: TestGatewayOptions = {}) => {
	const g = await startTestGateway({deltaDelayMs: 5, ...o});
	open.push(g);
	return g;
};

async function setup(gws: TestGateway[], nodes: Partial<NodeInfo>[] = [], routing: RoutingSettings = {...DEFAULT_ROUTING, judge: null}, wait = true) {
	const fleet = new Fleet(memoryCredentials(), fast);
	open.push(fleet);
	const infos: NodeInfo[] = gws.map((_, i) => ({name: `n${i}`, tags: [], ...nodes[i]}));
	fleet.sync(gws.map((g, i) => ({name: infos[i]!.name, host: '127.0.0.1', port: g.port, token: 'test-token'})));
	const d = new Dispatcher(fleet, () => infos, {routing: () => routing});
	if (wait) await waitFor(() => infos.every(n => fleet.statuses()[n.name]?.state === 'online' && fleet.statuses()[n.name]?.system), {what: 'online with load'});
	return {fleet, d, infos};
}
const task = (d: Dispatcher, id: string) => d.state.tasks.get(id)!;
const logText = (d: Dispatcher) => [...d.state.log.reverse()].reverse().map(e => `${e.node} ${e.task} ${e.text}`);

test('per-node limits: the gateway tells its maxConcurrent, the node setting overrides it; never more at once; each task runs once', async () => {
	const a = await gateway({runMs: 120, maxConcurrent: 2});
	const b = await gateway({runMs: 120, maxConcurrent: 5});
	const {d} = await setup([a, b], [{}, {maxConcurrent: 1}]);
	await waitFor(() => d.candidates()[0]!.limit === 2, {what: 'limit learnt from config.get'});
	assert.deepEqual(d.candidates().map(c => c.limit), [2, 1]);
	const res = d.dispatchMany(Array.from({length: 9}, (_, i) => ({message: `t${i}`, target: {kind: 'auto'} as const})));
	assert.ok(res.every(r => r.ok));
	const ids = res.flatMap(r => (r.ok ? r.ids : []));
	assert.equal(ids.filter(id => task(d, id).state === 'queued').length, 6, 'three start, six wait');
	assert.equal(task(d, ids[8]!).queuedWhy, BUSY_WHY);
	await waitFor(() => ids.every(id => task(d, id).state === 'done'), {what: `all done: ${ids.map(id => task(d, id).node + ' ' + task(d, id).state + ' ' + (task(d, id).error ?? '')).join('; ')} ${logText(d).slice(-6).join(' / ')}`, timeoutMs: 15_000});
	assert.ok(a.peakPlaying <= 2 && b.peakPlaying <= 1, `peaks ${a.peakPlaying} ${b.peakPlaying}`);
	assert.deepEqual([...a.completed, ...b.completed].sort(), [...ids].sort(), 'every task ran exactly once');
	assert.equal(logText(d).filter(l => l.includes('⏸ queued')).length, 6, 'one queued line per waiting task, not one per pump');
});

test('a task for an offline fleet waits (queued, with why) and starts when a node comes online', async () => {
	const g = await gateway();
	const port = g.port;
	await g.stop();
	const {d, fleet} = await setup([g], [], undefined, false);
	await waitFor(() => fleet.statuses().n0?.state === 'unreachable', {what: 'unreachable'});
	const r = await d.dispatch({message: 'hello later', target: {kind: 'auto'}});
	assert.ok(r.ok && r.queued);
	const id = r.ids[0]!;
	assert.equal(task(d, id).state, 'queued');
	assert.match(task(d, id).queuedWhy!, /no node is online \(n0: unreachable\)/);
	assert.ok(logText(d).some(l => /⏸ queued: no node is online/.test(l)));
	// refused instead when the caller does not want to wait (headless one-shot)
	const refused = await d.dispatch({message: 'now or never', target: {kind: 'auto'}, queue: false});
	assert.ok(!refused.ok && refused.noEligible);
	await g.start(port);
	await waitFor(() => task(d, id).state === 'done', {what: 'ran once online', timeoutMs: 10_000});
	assert.equal(task(d, id).text, 'done: hello later');
	assert.match(task(d, id).reason!, /^→ n0:/);
});

test('queued tasks: reorder and cancel from the queue; the queue survives a console restart', async () => {
	const g = await gateway({runMs: 400});
	const dir = tempDir();
	const history = new TaskHistory(dir);
	const qf = new TaskQueueFile(dir);
	const first = await setup([g], [{maxConcurrent: 1}]);
	first.d.on('persist', t => history.append(t));
	first.d.on('queue', e => qf.save(e));
	const res = first.d.dispatchMany(['first', 'second', 'third', 'fourth'].map(message => ({message, target: {kind: 'auto'} as const})));
	const ids = res.flatMap(r => (r.ok ? r.ids : []));
	assert.deepEqual(first.d.queue().map(e => e.message), ['second', 'third', 'fourth']);
	assert.equal(first.d.moveQueued(ids[3]!, -1), undefined);
	assert.deepEqual(first.d.queue().map(e => e.message), ['second', 'fourth', 'third']);
	assert.equal(first.d.moveQueued(ids[1]!, -1), 'already first in the queue');
	assert.equal(await first.d.cancel(ids[1]!), undefined);
	assert.equal(task(first.d, ids[1]!).state, 'cancelled');
	assert.deepEqual(qf.load().map(e => e.message), ['fourth', 'third'], 'saved in order');
	void first.fleet.stop(); // the console is gone while 'first' runs
	const second = await setup([g], [{maxConcurrent: 1}]);
	second.d.restore(new TaskHistory(dir).load(), qf.load());
	await waitFor(() => ['fourth', 'third'].every((_, i) => second.d.state.tasks.get(ids[3 - i]!)?.state === 'done'), {what: 'queued ones ran after restart', timeoutMs: 15_000});
	const done = g.completed.map(id => g.runs.get(id)!.message);
	assert.deepEqual(done, ['first', 'fourth', 'third'], 'in the reordered order; the cancelled one never ran');
});

test('judge: the judge node\'s agent classifies (one word), the rule sends heavy work to gpu; a slow judge falls back to the heuristic', async () => {
	const judgeGw = await gateway({reply: m => (m.startsWith('Classify') ? 'heavy' : undefined)});
	const gpu = await gateway();
	const {d} = await setup([judgeGw, gpu], [{name: 'local', local: true}, {name: 'rig', tags: ['gpu']}], {...DEFAULT_ROUTING, judge: 'local'});
	const r = await d.dispatch({message: 'hello', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const t = task(d, r.ids[0]!);
	assert.equal(t.node, 'rig', t.reason);
	assert.match(t.judged!, /^heavy \(short, no heavy words\) — agent on local$/);
	assert.match(t.reason!, /heavy → gpu/);
	assert.match(t.candidates![0]!, /^› rig [\d.]+: heavy → gpu \+50, 0\/16 running, load 0\.3 −12, \d+ ms/);
	assert.match(t.candidates![1]!, /^ {2}local −[\d.]+: 0\/16 running, load 0\.3 −12/);
	const judgeReq = judgeGw.received.find(x => x.method === 'agent')!.params as {message: string; idempotencyKey: string};
	assert.match(judgeReq.message, /exactly one word: light, medium or heavy/);
	assert.ok(!d.state.tasks.has(judgeReq.idempotencyKey), "the judge's own run is not a task");
	await waitFor(() => t.state === 'done', {what: 'done'});
	assert.ok(![...d.state.tasks.values()].some(x => x.external), 'no external run for the judge either');
});

test('judge timeout: chat.abort for the judge run, heuristic used, the note says why', async () => {
	const slow = await gateway({runMs: 3000});
	const {d} = await setup([slow], [{name: 'local', local: true}], {...DEFAULT_ROUTING, judge: 'local', judgeTimeoutMs: 500});
	const r = await d.dispatch({message: 'hello', target: {kind: 'auto'}});
	assert.ok(r.ok);
	assert.match(task(d, r.ids[0]!).judged!, /^light \(short, no heavy words\) — local's agent: agent: TIMEOUT no answer within 500 ms; heuristic used$/);
	await waitFor(() => slow.received.some(x => x.method === 'chat.abort'), {what: 'judge run aborted'});
});

test('kill mid-batch (adversarial): unaccepted tasks move, accepted ones are reported, none lost or run twice', async () => {
	const gws = [await gateway({runMs: 60, maxConcurrent: 3}), await gateway({runMs: 90, maxConcurrent: 2}), await gateway({runMs: 150, maxConcurrent: 2})];
	const {d} = await setup(gws);
	await waitFor(() => d.candidates().every(c => c.limit !== undefined && c.limit <= 3), {what: 'limits'});
	const events: BatchEvent[] = [];
	const tasks = Array.from({length: 40}, (_, i) => ({line: i + 1, message: `job ${i}`}));
	const run = new BatchRun(d, tasks, {stuckMs: 1500});
	run.on('progress', (e: BatchEvent) => events.push(e));
	const ended = new Promise(resolve => run.once('end', resolve));
	run.start();
	await waitFor(() => events.filter(e => e.event === 'final').length >= 8 && [...d.state.tasks.values()].some(t => t.node === 'n1' && t.state === 'running'), {what: `mid-batch, n1 busy: ${JSON.stringify(run.summary())}`, timeoutMs: 10_000});
	await gws[1]!.crash();
	await ended;
	const out = run.outcomes();
	assert.equal(out.length, 40);
	const done = out.filter(o => o.status === 'ok');
	const lost = out.filter(o => o.status === 'lost');
	assert.ok(lost.length >= 1 && lost.every(o => o.node === 'n1' && /n1 accepted it, then went away/.test(o.error!)), JSON.stringify(lost));
	assert.equal(done.length + lost.length, 40, JSON.stringify(out.filter(o => o.status !== 'ok' && o.status !== 'lost')));
	const completed = [...gws[0]!.completed, ...gws[1]!.completed, ...gws[2]!.completed];
	assert.equal(new Set(completed).size, completed.length, 'no task ran twice');
	for (const o of done) assert.equal(completed.filter(id => id === o.id).length, 1, `line ${o.line} ran once`);
	for (const o of lost) assert.ok(!completed.includes(o.id!), 'a lost one did not complete elsewhere');
	assert.ok(done.some(o => o.node !== 'n1') && events.some(e => e.event === 'started' && e.node === 'n0'));
	const after = events.filter(e => e.event === 'started' && e.at > events.find(x => x.event === 'final' && x.status === 'lost')!.at - 1500);
	assert.ok(after.every(e => e.event === 'started' && e.node !== 'n1'), 'nothing is sent to the dead node');
	const s = run.summary();
	assert.equal(s.reduce((a, x) => a + x.tasks, 0), 40);
});

test('a gateway that dies before accepting (adversarial): its in-flight tasks move to another node and run there once', async () => {
	const good = await gateway({runMs: 50, maxConcurrent: 4});
	const slow = await gateway({runMs: 50, maxConcurrent: 4, acceptDelayMs: 3000});
	const {d} = await setup([good, slow]);
	await waitFor(() => d.candidates().every(c => c.limit === 4), {what: 'limits'});
	const res = d.dispatchMany(Array.from({length: 6}, (_, i) => ({message: `m${i}`, target: {kind: 'auto'} as const})));
	const ids = res.flatMap(r => (r.ok ? r.ids : []));
	await waitFor(() => ids.some(id => task(d, id).node === 'n1' && task(d, id).state === 'sending'), {what: 'some sent to n1, not accepted'});
	const onSlow = ids.filter(id => task(d, id).node === 'n1');
	await slow.crash();
	await waitFor(() => ids.every(id => task(d, id).state === 'done'), {what: `all done: ${ids.map(id => task(d, id).node + ' ' + task(d, id).state + ' ' + (task(d, id).error ?? '')).join('; ')} ${logText(d).slice(-6).join(' / ')}`, timeoutMs: 15_000});
	for (const id of onSlow) assert.equal(task(d, id).node, 'n0', 'moved');
	assert.deepEqual([...good.completed].sort(), [...ids].sort(), 'each ran once, on the good node');
	assert.equal(slow.completed.length, 0);
	assert.ok(logText(d).some(l => /failover: n1: .* → n0 \(not accepted by n1\)|⏸ queued: n1: /.test(l)), 'the log says they moved');
});
