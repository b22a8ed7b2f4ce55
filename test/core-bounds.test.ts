import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import {applyTaskEvent, emptyTasks, MAX_ITEMS, MAX_TASKS, MAX_TASK_TEXT, MAX_TOOLS, type TaskEvent} from '../source/core/tasks.js';
import {AgentEventShape} from '../source/net/frames.js';
import {startTestGateway, type TestGateway} from '../source/net/test-gateway/server.js';
import {GatewayClient, MAX_PENDING, RequestError} from '../source/net/gateway-client.js';
import {createIdentity} from '../source/net/device-identity.js';
import {NodeConnection, MAX_TRACKED_RUNS} from '../source/net/node-connection.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {waitFor} from './helpers/wait.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMiB = () => {
	gc();
	gc();
	return process.memoryUsage().heapUsed / 2 ** 20;
};

const stops: (() => unknown)[] = [];
after(async () => {
	for (const s of stops.reverse()) await s();
});

const ag = (runId: string, seq: number, stream: string, data: Record<string, unknown>): TaskEvent => ({type: 'agent', node: 'A', payload: AgentEventShape.parse({runId, seq, stream, data}), at: seq});

test('flood: assistant events with ever-new item ids — linear work per event, items and text capped', () => {
	const s = emptyTasks(1000);
	applyTaskEvent(s, {type: 'created', id: 'r1', node: 'A', message: 'm', at: 0});
	const N = 60_000;
	const t0 = performance.now();
	for (let i = 1; i <= N; i++) applyTaskEvent(s, ag('r1', i, 'assistant', {itemId: `item-${i}`, delta: `word ${i} `.repeat(3)}));
	const ms = performance.now() - t0;
	const t = s.tasks.get('r1')!;
	assert.equal(t.items.length, MAX_ITEMS);
	assert.ok(t.text.length <= MAX_TASK_TEXT);
	assert.ok([...s.log.reverse()].every(e => e.text.length <= 4000));
	// the per-event re-join of every item took minutes for this; linear work takes well under a second
	assert.ok(ms < 5000, `${N} events took ${ms.toFixed(0)} ms`);
	// a delta to the last item of a long text does not rebuild it: the same flood on one item
	const s2 = emptyTasks(100);
	applyTaskEvent(s2, {type: 'created', id: 'r2', node: 'A', message: 'm', at: 0});
	const t1 = performance.now();
	for (let i = 1; i <= N; i++) applyTaskEvent(s2, ag('r2', i, 'assistant', {itemId: 'one', delta: 'abcdefghij'}));
	assert.ok(performance.now() - t1 < 5000);
	assert.equal(s2.tasks.get('r2')!.text.length, MAX_TASK_TEXT);
});

test('flood: new run ids, tool steps and log lines stay within their caps; heap stays flat', () => {
	const s = emptyTasks(5000);
	const flood = (from: number, n: number) => {
		for (let i = from; i < from + n; i++) {
			applyTaskEvent(s, ag(`ext-${i}`, 1, 'lifecycle', {phase: 'start'}));
			applyTaskEvent(s, ag(`ext-${i}`, 2, 'tool', {phase: 'start', name: 'exec', toolCallId: `c${i}`, args: {i}}));
		}
	};
	flood(0, 20_000);
	const h1 = heapMiB();
	flood(20_000, 40_000);
	const h2 = heapMiB();
	assert.ok(s.tasks.size <= MAX_TASKS && s.order.length <= MAX_TASKS, `${s.tasks.size} tasks`);
	assert.ok(s.log.size <= 5000);
	assert.ok(h2 - h1 < 20, `heap grew ${(h2 - h1).toFixed(1)} MiB after twice the flood`);
	const one = emptyTasks(100);
	applyTaskEvent(one, {type: 'created', id: 'r1', node: 'A', message: 'm', at: 0});
	for (let i = 1; i <= MAX_TOOLS * 3; i++) applyTaskEvent(one, ag('r1', i, 'tool', {phase: 'start', name: 'x', toolCallId: `t${i}`}));
	assert.equal(one.tasks.get('r1')!.tools.length, MAX_TOOLS);
});

test('flood: lifecycle start with ever-new run ids — the tracked run set is capped, memory flat', async () => {
	const gw: TestGateway = await startTestGateway({tickIntervalMs: 1000});
	stops.push(() => gw.stop());
	const conn = new NodeConnection({name: 'n0', host: '127.0.0.1', port: gw.port, token: 'test-token'}, memoryCredentials(), {version: 'test', pollMs: 60_000}).start();
	stops.push(() => conn.stop());
	await waitFor(() => conn.status.state === 'online', {what: 'online'});
	let last = 0;
	conn.on('event', (e: {event: string; payload?: {seq?: number}}) => e.event === 'agent' && (last = e.payload?.seq ?? 0));
	const burst = async (from: number, n: number) => {
		for (let i = from; i < from + n; i++) gw.broadcast('agent', {runId: `run-${i}-${'x'.repeat(100)}`, seq: i + 1, stream: 'lifecycle', data: {phase: 'start'}});
		await waitFor(() => last === from + n, {what: `burst to ${from + n}`, timeoutMs: 30_000});
	};
	await burst(0, MAX_TRACKED_RUNS * 2);
	const h1 = heapMiB();
	await burst(MAX_TRACKED_RUNS * 2, MAX_TRACKED_RUNS * 8);
	const h2 = heapMiB();
	assert.equal(conn.status.activeRuns, MAX_TRACKED_RUNS);
	assert.ok(h2 - h1 < 10, `heap grew ${(h2 - h1).toFixed(1)} MiB`);
});

test('flood: pending requests are capped; past the cap a request is refused at once', async () => {
	const gw = await startTestGateway({methods: {'never.answers': () => new Promise(() => undefined)}});
	stops.push(() => gw.stop());
	const c = new GatewayClient({url: gw.url, token: 'test-token', identity: createIdentity(), version: 'test'});
	await c.connect();
	stops.push(() => c.close());
	const waiting = Array.from({length: MAX_PENDING + 50}, () => c.request('never.answers', {}, {timeoutMs: 0}).catch((e: Error) => e));
	assert.equal(c.pendingCount, MAX_PENDING);
	const refused = (await Promise.race([Promise.all(waiting.slice(MAX_PENDING)), new Promise(r => setTimeout(r, 2000))])) as unknown[];
	assert.ok(refused.every(e => e instanceof RequestError && e.error.code === 'TOO_MANY_PENDING'));
	c.close();
	await Promise.all(waiting);
	assert.equal(c.pendingCount, 0, 'closing settles every pending request');
});

test('a 200 000-character line without a newline opens in the task view fast, and again at once (wrapped once)', async () => {
	const {taskLines} = await import('../source/ui/overlays/TaskView.js');
	for (const unit of ['abcdefghij', '训练进行中…😀é']) {
		const s = emptyTasks(10);
		applyTaskEvent(s, {type: 'created', id: 'r1', node: 'A', message: 'm', at: 0});
		applyTaskEvent(s, ag('r1', 1, 'assistant', {text: unit.repeat(Math.ceil(200_000 / unit.length))}));
		const t = s.tasks.get('r1')!;
		const t0 = performance.now();
		const lines = taskLines(t, 76);
		const first = performance.now() - t0;
		const t1 = performance.now();
		taskLines(t, 76);
		const again = performance.now() - t1;
		assert.ok(lines.length > 2000);
		// segmenting the whole line per render took 57 s (ASCII) and minutes (CJK) for this
		assert.ok(first < 10_000, `${unit}: first ${first.toFixed(0)} ms`);
		assert.ok(again < 50, `${unit}: again ${again.toFixed(0)} ms`);
	}
});
