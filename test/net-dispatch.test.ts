import {test, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {startTestGateway, type TestGateway} from '../source/net/test-gateway/server.js';
import {Fleet} from '../source/net/fleet.js';
import {Dispatcher, type NodeInfo} from '../source/net/dispatcher.js';
import {memoryCredentials} from '../source/net/credentials.js';
import {TaskHistory} from '../source/store/task-history.js';
import {LogHistory} from '../source/store/log-history.js';
import {waitFor} from './helpers/wait.js';
import {tempDir} from './helpers/store.js';

const open: {stop(): unknown}[] = [];
afterEach(async () => {
	for (const o of open.splice(0).reverse()) await o.stop();
});
const fast = {version: 'test', pollMs: 200, probeTimeoutMs: 1000, backoff: {baseMs: 50, maxMs: 200}};

async function setup(gws: TestGateway[], tags: string[][] = [], creds = memoryCredentials()) {
	const fleet = new Fleet(creds, fast);
	open.push(fleet);
	const nodes: NodeInfo[] = gws.map((g, i) => ({name: `n${i}`, tags: tags[i] ?? []}));
	fleet.sync(gws.map((g, i) => ({name: `n${i}`, host: '127.0.0.1', port: g.port, token: 'test-token'})));
	const d = new Dispatcher(fleet, () => nodes);
	// online, and the first system.info poll in (routing reasons quote the load)
	await waitFor(() => gws.every((_, i) => fleet.statuses()[`n${i}`]?.state === 'online' && fleet.statuses()[`n${i}`]?.system), {what: 'online with load'});
	return {fleet, d};
}
const gateway = async (o = {}) => {
	const g = await startTestGateway({deltaDelayMs: 10, ...o});
	open.push(g);
	return g;
};
const task = (d: Dispatcher, id: string) => d.state.tasks.get(id)!;
const logText = (d: Dispatcher) => [...d.state.log.reverse()].reverse().map(e => `${e.node} ${e.task} ${e.text}`);

test('dispatch streams the answer: routing reason, accepted, deltas, final; agent params exact', async () => {
	const g = await gateway();
	const {d} = await setup([g], [['gpu']]);
	const r = await d.dispatch({message: 'hello', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	assert.match(r.reason!, /^→ n0: 0 running, load 0\.3, \d+ ms$/);
	const texts: string[] = [];
	d.on('change', () => texts.push(task(d, id).text));
	await waitFor(() => task(d, id).state === 'done', {what: 'done'});
	assert.equal(task(d, id).text, 'done: hello');
	assert.ok(texts.includes('done: '), 'streamed in pieces');
	const sent = g.received.find(x => x.method === 'agent')!.params as Record<string, unknown>;
	assert.deepEqual(Object.keys(sent).sort(), ['deliver', 'idempotencyKey', 'label', 'message', 'sessionKey']);
	assert.equal(sent.idempotencyKey, id);
	assert.equal(sent.deliver, false);
	assert.match(String(sent.sessionKey), /^agent:main:mgw-[0-9a-f-]+$/);
	const log = logText(d);
	assert.ok(log.some(l => /n0 #\S+ → n0:/.test(l)));
	assert.ok(log.some(l => l.endsWith('accepted')));
	assert.ok(log.some(l => /✔ done \(\d+\.\d s\)/.test(l)));
});

test('main session, named agent, tool steps', async () => {
	const g = await gateway();
	const {d} = await setup([g]);
	const r = await d.dispatch({message: 'tool:ls {}', target: {kind: 'node', name: 'n0'}, agentId: 'coder', session: 'main'});
	assert.ok(r.ok);
	await waitFor(() => task(d, r.ids[0]!).state === 'done', {what: 'done'});
	const t = task(d, r.ids[0]!);
	assert.deepEqual(t.tools.map(x => [x.name, x.phase]), [['ls', 'result']]);
	assert.equal(t.text, 'done: tool ls returned file-a file-b');
	assert.equal((g.received.find(x => x.method === 'agent')!.params as {sessionKey: string}).sessionKey, 'agent:coder:main');
});

test('cancel sends chat.abort with sessionKey and runId; the task ends cancelled', async () => {
	const g = await gateway({deltaDelayMs: 150});
	const {d} = await setup([g]);
	const r = await d.dispatch({message: 'a b c d e f g h i j k l m n o p', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => task(d, id).text.length > 0, {what: 'first delta'});
	assert.equal(await d.cancel(id), undefined);
	await waitFor(() => task(d, id).state === 'cancelled', {what: 'cancelled'});
	const abort = g.received.find(x => x.method === 'chat.abort')!.params as Record<string, unknown>;
	assert.deepEqual(abort, {sessionKey: task(d, id).sessionKey, runId: id});
	assert.equal(await d.cancel(id), 'task is already cancelled');
});

test('drop mid-run: reconnecting, then agent.wait completes it with the real final text', async () => {
	const g = await gateway({deltaDelayMs: 60});
	const {d} = await setup([g]);
	const r = await d.dispatch({message: 'one two three four five six', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => task(d, id).state === 'running' && task(d, id).text, {what: 'running'});
	g.dropAll();
	await waitFor(() => task(d, id).state === 'reconnecting', {what: 'reconnecting'});
	await waitFor(() => task(d, id).state === 'done', {what: 'done after reattach', timeoutMs: 8000});
	assert.equal(task(d, id).text, 'done: one two three four five six');
	assert.ok(g.received.some(x => x.method === 'agent.wait'));
	assert.ok(logText(d).some(l => /re-attached/.test(l)));
});

test('console restart: unfinished tasks from the history file are re-attached and completed', async () => {
	const g = await gateway({deltaDelayMs: 80});
	const dir = tempDir();
	const history = new TaskHistory(dir);
	const first = await setup([g]);
	first.d.on('persist', t => history.append(t));
	const r = await first.d.dispatch({message: 'alpha beta gamma delta epsilon', target: {kind: 'auto'}});
	assert.ok(r.ok);
	const id = r.ids[0]!;
	await waitFor(() => task(first.d, id).state === 'running', {what: 'running'});
	void first.fleet.stop(); // the SSH link dropped: the console is gone
	const loaded = new TaskHistory(dir).load();
	assert.equal(loaded.find(t => t.id === id)?.state, 'running');
	const second = await setup([g]);
	second.d.restore(loaded);
	await waitFor(() => task(second.d, id)?.state === 'done', {what: 'completed after restart', timeoutMs: 8000});
	assert.equal(task(second.d, id).text, 'done: alpha beta gamma delta epsilon');
});

test('hostile escape sequences from the gateway are neutralised', async () => {
	const g = await gateway();
	const {d} = await setup([g]);
	const evil = 'x\u001b[2J\u001b]0;owned\u0007\u001b]52;c;Y2xpcA==\u0007\u009b6n\u0007y';
	const r = await d.dispatch({message: evil, target: {kind: 'auto'}});
	assert.ok(r.ok);
	await waitFor(() => task(d, r.ids[0]!).state === 'done', {what: 'done'});
	const all = [task(d, r.ids[0]!).text, ...logText(d)].join('\n');
	assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(all), JSON.stringify(all));
	assert.match(task(d, r.ids[0]!).text, /^done: xy$/);
});

test('duplicate and out-of-order events still give the right text once', async () => {
	const g = await gateway({duplicateEvents: true, reorderEvents: true});
	const {d} = await setup([g]);
	const r = await d.dispatch({message: 'the quick brown fox', target: {kind: 'auto'}});
	assert.ok(r.ok);
	await waitFor(() => task(d, r.ids[0]!).state === 'done', {what: 'done'});
	assert.equal(task(d, r.ids[0]!).text, 'done: the quick brown fox');
	assert.equal(logText(d).filter(l => l.includes('done: the quick brown fox')).length, 1);
});

test('runs started by someone else show up as external', async () => {
	const g = await gateway();
	const {d} = await setup([g]);
	g.startRun('from the phone', 'agent:main:telegram');
	const ext = await waitFor(() => [...d.state.tasks.values()].find(t => t.external && t.state === 'done'), {what: 'external done'});
	assert.equal(ext.text, 'done: from the phone');
	assert.equal(ext.sessionKey, 'agent:main:telegram');
});

test('failover only before acceptance, and the log says so; no eligible node is an error', async () => {
	const bad = await gateway({methods: {agent: () => Promise.reject({code: 'UNAVAILABLE', message: 'queue full'})}});
	const good = await gateway();
	const {d} = await setup([bad, good], [['gpu'], []]);
	const r = await d.dispatch({message: 'gpu job', target: {kind: 'auto'}});
	assert.ok(r.ok);
	assert.match(r.reason!, /^→ n0: tag gpu/);
	await waitFor(() => task(d, r.ids[0]!).state === 'done', {what: 'done on n1'});
	assert.equal(task(d, r.ids[0]!).node, 'n1');
	assert.ok(logText(d).some(l => /failover: n0: agent: UNAVAILABLE queue full → n1/.test(l)));
	// a named target never fails over
	const named = await d.dispatch({message: 'x', target: {kind: 'node', name: 'n0'}});
	assert.ok(named.ok);
	await waitFor(() => task(d, named.ids[0]!).state === 'failed', {what: 'failed'});
	assert.equal(task(d, named.ids[0]!).node, 'n0');
	const none = await d.dispatch({message: 'x @mac', target: {kind: 'auto'}});
	assert.deepEqual(none, {ok: false, reason: 'no node has tag @mac', noEligible: true});
	const all = await d.dispatch({message: 'hi all', target: {kind: 'all'}});
	assert.ok(all.ok && all.ids.length === 2);
});

test('log lines are recorded once each (streaming text when its task ends) and come back after a restart, searchable with the filter', async () => {
	const g = await gateway();
	const dir = tempDir();
	const {d} = await setup([g]);
	const {recordHistory} = await import('../source/cli/history.js');
	const flush = recordHistory(d, dir);
	const r = await d.dispatch({message: 'remember the backup run', target: {kind: 'auto'}});
	assert.ok(r.ok);
	await waitFor(() => task(d, r.ids[0]!).state === 'done', {what: 'done'});
	flush();
	const stored = new LogHistory(dir).load();
	const live = [...d.state.log.reverse()].reverse().map(e => e.text);
	assert.deepEqual(stored.map(l => l.text), live, 'every line once, the streamed text in its final form');
	// a new console in the same directory: tasks and lines are back, and / finds the old line
	const second = await setup([g]);
	recordHistory(second.d, dir);
	const {parseFilter, matches} = await import('../source/core/log-ring.js');
	const f = parseFilter('backup run') as never;
	assert.ok([...second.d.state.log.reverse()].some(e => matches(f, e) && e.text.startsWith('sent:')));
	assert.equal(second.d.state.tasks.get(r.ids[0]!)?.state, 'done');
});

test('node state changes are timestamped log lines; a task ending and a node going down / coming back notify (bell, OSC 9, OSC 777), each switchable', async () => {
	const g = await gateway();
	const {d} = await setup([g]);
	const {attachNotifier} = await import('../source/cli/notifier.js');
	const written: string[] = [];
	const settings = {bell: true, desktop: true, tasks: true, nodes: true};
	attachNotifier(d as never, {write: s => written.push(s), settings: () => settings, tmux: false});
	const r = await d.dispatch({message: 'long training run', target: {kind: 'auto'}});
	assert.ok(r.ok);
	await waitFor(() => written.some(w => w.includes('✔ done: long training run')), {what: 'task notice'});
	assert.ok(written.at(-1)!.includes('\u001b]9;') && written.at(-1)!.includes('\u001b]777;notify;') && written.at(-1)!.endsWith('\u0007'));
	await g.stop();
	await waitFor(() => logText(d).some(l => /^n0 node ✖ unreachable/.test(l)), {what: 'down line', timeoutMs: 10_000});
	await waitFor(() => written.some(w => w.includes('n0 went down')), {what: 'down notice'});
	settings.desktop = false;
	await g.restart();
	await waitFor(() => logText(d).filter(l => /^n0 node ● online/.test(l)).length === 2, {what: 'back line', timeoutMs: 10_000});
	await waitFor(() => written.at(-1) === '\u0007', {what: 'bell only once desktop is off'});
	settings.nodes = false;
	settings.tasks = false;
	const n = written.length;
	const r2 = await d.dispatch({message: 'quiet', target: {kind: 'auto'}});
	assert.ok(r2.ok);
	await waitFor(() => task(d, r2.ids[0]!).state === 'done', {what: 'done'});
	assert.equal(written.length, n, 'switched off: nothing written');
	// the log has one line per change, not one per reconnect attempt
	assert.ok(logText(d).filter(l => / node /.test(l)).length <= 4, logText(d).join('\n'));
});
