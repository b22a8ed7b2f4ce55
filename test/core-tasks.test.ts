import {test} from 'node:test';
import assert from 'node:assert/strict';
import {applyTaskEvent, emptyTasks, MAX_TOOL_STEPS, type TaskEvent} from '../source/core/tasks.js';
import {LogRing, parseFilter, matches} from '../source/core/log-ring.js';
import {sanitize} from '../source/core/sanitize.js';
import {AgentEventShape, AgentResultShape} from '../source/net/frames.js';

// agent payloads go through the net/ boundary schema, as they do in the console
const ag = (runId: string, seq: number, stream: string, data: Record<string, unknown>, node = 'A'): TaskEvent => ({type: 'agent', node, payload: AgentEventShape.parse({runId, seq, stream, data}), at: 1000 + seq});
const created: TaskEvent = {type: 'created', id: 'r1', node: 'A', message: 'hello', reason: '→ A: 0 running', at: 1000};

function run(events: object[]) {
	const s = emptyTasks(100);
	const changed = (events as TaskEvent[]).map(e => applyTaskEvent(s, e));
	return {s, t: s.tasks.get('r1') ?? [...s.tasks.values()][0]!, changed};
}

test('task reducer: every state transition', () => {
	const table: [string, object[], string, Partial<Record<'text' | 'error' | 'node', string>>?][] = [
		['created → sending', [created], 'sending'],
		['accepted → running', [created, {type: 'accepted', id: 'r1', at: 1100}], 'running'],
		['first event also means running', [created, ag('r1', 1, 'lifecycle', {phase: 'start'})], 'running'],
		['final ok → done (final text wins)', [created, {type: 'accepted', id: 'r1', at: 1100}, ag('r1', 1, 'assistant', {text: 'done:', delta: 'done:'}), {type: 'final', id: 'r1', status: 'ok', text: 'done: hello', at: 2000}], 'done', {text: 'done: hello'}],
		['final error → failed', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'final', id: 'r1', status: 'error', summary: 'model exploded', at: 2000}], 'failed', {error: 'model exploded'}],
		['send failure → failed', [created, {type: 'failed', id: 'r1', error: 'A: not connected', at: 1001}], 'failed', {error: 'A: not connected'}],
		['retarget before acceptance moves the task', [created, {type: 'retarget', id: 'r1', node: 'B', why: 'A down', at: 1001}], 'sending', {node: 'B'}],
		['no retarget after acceptance', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'retarget', id: 'r1', node: 'B', why: 'x', at: 1101}], 'running', {node: 'A'}],
		['disconnect → reconnecting', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'disconnected', node: 'A', at: 1200}], 'reconnecting'],
		['reattached → running', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'disconnected', node: 'A', at: 1200}, {type: 'reattached', id: 'r1', at: 1300}], 'running'],
		['reconnecting + final from agent.wait → done', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'disconnected', node: 'A', at: 1200}, {type: 'final', id: 'r1', status: 'ok', text: 'done: hello', at: 1400}], 'done', {text: 'done: hello'}],
		['cancel requested → cancelling → cancelled', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'cancelRequested', id: 'r1', at: 1200}, {type: 'final', id: 'r1', status: 'ok', summary: 'aborted', at: 1300}], 'cancelled'],
		['a cancel that came too late: the run completed → done', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'cancelRequested', id: 'r1', at: 1200}, {type: 'final', id: 'r1', status: 'ok', summary: 'completed', text: 'x', at: 1300}], 'done'],
		['finished tasks ignore late events', [created, {type: 'final', id: 'r1', status: 'ok', text: 'x', at: 1300}, ag('r1', 9, 'assistant', {text: 'late'}), {type: 'failed', id: 'r1', error: 'late', at: 1400}], 'done', {text: 'x'}],
		['disconnect of another node does not touch the task', [created, {type: 'accepted', id: 'r1', at: 1100}, {type: 'disconnected', node: 'B', at: 1200}], 'running'],
	];
	for (const [name, events, state, extra] of table) {
		const {t} = run(events);
		assert.equal(t.state, state, name);
		for (const [k, v] of Object.entries(extra ?? {})) assert.equal(t[k as 'text'], v, `${name}: ${k}`);
	}
});

test('duplicate and out-of-order agent events do not garble the text', () => {
	const deltas = [ag('r1', 3, 'assistant', {text: 'done:', delta: 'done:', itemId: 'i1'}), ag('r1', 4, 'assistant', {text: 'done: hello', delta: ' hello', itemId: 'i1'})];
	const inOrder = run([created, ...deltas]);
	const dup = run([created, deltas[0]!, deltas[0]!, deltas[1]!, deltas[1]!]);
	const swapped = run([created, deltas[1]!, deltas[0]!]);
	for (const r of [inOrder, dup, swapped]) assert.equal(r.t.text, 'done: hello');
	assert.deepEqual(dup.changed, [true, true, false, true, false], 'duplicates are no-ops');
	// delta-only events (no cumulative text) append
	assert.equal(run([created, ag('r1', 1, 'assistant', {delta: 'a'}), ag('r1', 2, 'assistant', {delta: 'b'})]).t.text, 'ab');
	// replace
	assert.equal(run([created, ag('r1', 1, 'assistant', {text: 'draft'}), ag('r1', 2, 'assistant', {text: 'final', replace: true})]).t.text, 'final');
	// two items (before and after a tool call) are joined
	assert.equal(run([created, ag('r1', 1, 'assistant', {text: 'let me look', itemId: 'a'}), ag('r1', 5, 'assistant', {text: 'done: tool ls returned x', itemId: 'b'})]).t.text, 'let me look\ndone: tool ls returned x');
});

test('tool steps and external runs', () => {
	const {t, s} = run([created, ag('r1', 2, 'tool', {phase: 'start', name: 'ls', toolCallId: 'c1', args: {}}), ag('r1', 3, 'tool', {phase: 'result', name: 'ls', toolCallId: 'c1'}), ag('r1', 3, 'tool', {phase: 'result', name: 'ls', toolCallId: 'c1'})]);
	assert.deepEqual(t.tools.map(x => [x.name, x.phase]), [['ls', 'result']]);
	const lines = [...s.log.reverse()].map(e => e.text).reverse();
	assert.deepEqual(lines.filter(l => l.startsWith('⚙')), ['⚙ ls start {}', '⚙ ls result']);
	const ext = run([ag('x9', 1, 'lifecycle', {phase: 'start'}, 'B'), ag('x9', 2, 'assistant', {text: 'hi'}, 'B'), ag('x9', 3, 'lifecycle', {phase: 'end'}, 'B')]);
	assert.equal(ext.t.external, true);
	assert.equal(ext.t.state, 'done');
	assert.equal(ext.t.node, 'B');
});

test('hostile text is neutralised before it is stored or logged', () => {
	const evil = 'ok\u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u0090qDCS\u001b\\\u009b31m\u0007\u0008X\u001b_apc\u001b\\\u202eevil';
	const final = AgentResultShape.parse({status: 'ok', result: {payloads: [{text: evil}]}});
	const {t, s} = run([created, ag('r1', 1, 'assistant', {text: evil}), {type: 'final', id: 'r1', status: final.status, text: final.result?.payloads[0]?.text, at: 2000}]);
	for (const text of [t.text, ...[...s.log.reverse()].map(e => e.text)]) {
		assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), JSON.stringify(text));
	}
	assert.equal(t.text, 'okXevil');
	assert.equal(sanitize('a\tb\r\nc'), 'a    b\nc');
	assert.equal(sanitize('\u001b[31mred\u001b[0m'), 'red');
	assert.equal(sanitize('x\u001b'), 'x');
});

test('log ring: bounded, in-place updates, filters', () => {
	const r = new LogRing(3);
	for (let i = 0; i < 5; i++) r.push({ts: i, node: 'A', task: '#1', kind: 'info', text: `line ${i}`});
	assert.equal(r.size, 3);
	assert.deepEqual([...r.reverse()].map(e => e.text), ['line 4', 'line 3', 'line 2']);
	assert.equal(r.update(0, 'gone'), false);
	assert.equal(r.update(4, 'changed'), true);
	assert.equal(r.get(4)!.text, 'changed');
	const f = parseFilter('!line [23]');
	assert.ok(f && !('error' in f));
	assert.deepEqual([...r.reverse()].filter(e => matches(f as never, e)).map(e => e.text), ['changed']);
	assert.match((parseFilter('(') as {error: string}).error, /bad regex/);
	assert.equal(parseFilter('  '), undefined);
});

/** Every order of the permutations of `xs`. */
function permutations<T>(xs: T[]): T[][] {
	if (xs.length <= 1) return [xs];
	return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map(p => [x, ...p]));
}
const terminalLines = (s: ReturnType<typeof emptyTasks>) => [...s.log.reverse()].filter(e => /^[✔✖]/.test(e.text));

test('task reducer: one terminal state and one terminal line per run, whatever order final, error, lifecycle and cancel arrive in', () => {
	type Ev = {name: string; ev: (seq: number) => TaskEvent; outcome?: string};
	const cancel: Ev = {name: 'cancel', ev: () => ({type: 'cancelRequested', id: 'r1', at: 1500})};
	const lifeErr: Ev = {name: 'lifecycle error aborted', ev: seq => ag('r1', seq, 'lifecycle', {phase: 'error', error: 'aborted'})};
	const lifeEnd: Ev = {name: 'lifecycle end', ev: seq => ag('r1', seq, 'lifecycle', {phase: 'end'})};
	const finals: Ev[] = [
		{name: 'final ok', ev: () => ({type: 'final', id: 'r1', status: 'ok', summary: 'completed', text: 'done: hello', at: 1600} as TaskEvent), outcome: 'done'},
		{name: 'final aborted', ev: () => ({type: 'final', id: 'r1', status: 'ok', summary: 'aborted', at: 1600} as TaskEvent), outcome: 'cancelled'},
		{name: 'final error', ev: () => ({type: 'final', id: 'r1', status: 'error', summary: 'model exploded', at: 1600} as TaskEvent), outcome: 'failed'},
		{name: 'send failure', ev: () => ({type: 'failed', id: 'r1', error: 'A: connection closed', at: 1600}), outcome: 'failed'},
		{name: 'gone', ev: () => ({type: 'gone', id: 'r1', why: 'the gateway no longer knows this run', at: 1600})},
	];
	let cases = 0;
	for (const fin of finals)
		for (const order of permutations([cancel, lifeErr, lifeEnd, fin, {...fin, name: fin.name + ' again'}])) {
			const {s, t} = run([created, {type: 'accepted', id: 'r1', at: 1100}, ...order.map((e, i) => e.ev(10 + i))]);
			const name = order.map(e => e.name).join(' → ');
			assert.equal(terminalLines(s).length, 1, `${name}: ${terminalLines(s).map(e => e.text).join(' | ')}`);
			// the first final decides; a gone run counts as cancelled once a cancel was asked for
			const cancelledFirst = order.indexOf(cancel) < order.findIndex(e => e.name.startsWith(fin.name));
			const want = fin.outcome ?? (cancelledFirst ? 'cancelled' : 'lost');
			assert.equal(t.state, want, name);
			assert.ok(!s.log.get(0) || ![...s.log.reverse()].some(e => e.text.startsWith('error:')), `${name}: no separate error line`);
			cases++;
		}
	assert.equal(cases, 5 * 120);
});

test('an external run ends once, with the state its lifecycle says, whatever order (the cancel that printed done, error and failed)', () => {
	const start = ag('x1', 1, 'lifecycle', {phase: 'start'}, 'A');
	const cancel: TaskEvent = {type: 'cancelRequested', id: 'x1', at: 1500};
	const evs: [string, (seq: number) => TaskEvent][] = [
		['end aborted', seq => ag('x1', seq, 'lifecycle', {phase: 'end', aborted: true})],
		['error aborted', seq => ag('x1', seq, 'lifecycle', {phase: 'error', error: 'aborted'})],
		['end', seq => ag('x1', seq, 'lifecycle', {phase: 'end'})],
	];
	for (const order of permutations(evs)) {
		const {s, t} = run([start, cancel, ...order.map(([, e], i) => e(5 + i))]);
		const name = order.map(([n]) => n).join(' → ');
		assert.equal(terminalLines(s).length, 1, name);
		assert.equal(t.state, order[0]![0] === 'end' ? 'done' : 'cancelled', name);
	}
	const {s, t} = run([start, cancel, ag('x1', 2, 'lifecycle', {phase: 'end', aborted: true}), ag('x1', 3, 'lifecycle', {phase: 'error', error: 'aborted'})]);
	assert.equal(t.state, 'cancelled');
	assert.deepEqual(terminalLines(s).map(e => e.text), ['✖ cancelled (0.0 s) (external)']);
	// a restored external run that its gateway forgot is closed, not left running
	const gone = run([start, {type: 'disconnected', node: 'A', at: 1600}, {type: 'gone', id: 'x1', why: 'the gateway no longer knows this run', at: 1700}]);
	assert.equal(gone.t.state, 'lost');
	assert.match(gone.t.error!, /no longer knows/);
	// its prompt, when the gateway provides it
	const asked = run([start, {type: 'prompt', id: 'x1', message: 'summarise\u001b[2J the logs', at: 1002}]);
	assert.equal(asked.t.message, 'summarise the logs');
});

test('queue: created queued (logged once with why), started, cancelled off the queue; past 500 tasks a queued one is never evicted (adversarial: big batch)', () => {
	const s = emptyTasks(100);
	applyTaskEvent(s, {type: 'created', id: 'q1', node: '—', message: 'later', queued: 'no node is online', at: 1});
	assert.equal(s.tasks.get('q1')!.state, 'queued');
	assert.equal(applyTaskEvent(s, {type: 'queued', id: 'q1', why: 'no node is online', at: 2}), false, 'same why: no new line');
	assert.equal(applyTaskEvent(s, {type: 'started', id: 'q1', node: 'A', reason: '→ A: 0 running', at: 3}), true);
	assert.equal(s.tasks.get('q1')!.state, 'sending');
	assert.equal(s.tasks.get('q1')!.node, 'A');
	applyTaskEvent(s, {type: 'created', id: 'q2', node: '—', message: 'x', queued: 'busy', at: 4});
	applyTaskEvent(s, {type: 'cancelRequested', id: 'q2', at: 5});
	assert.equal(s.tasks.get('q2')!.state, 'cancelled');
	const big = emptyTasks(100);
	applyTaskEvent(big, {type: 'created', id: 'waits', node: '—', message: 'x', queued: 'busy', at: 0});
	for (let i = 0; i < 600; i++) {
		applyTaskEvent(big, {type: 'created', id: `t${i}`, node: 'A', message: 'x', at: i});
		applyTaskEvent(big, {type: 'failed', id: `t${i}`, error: 'e', at: i});
	}
	assert.equal(big.tasks.get('waits')?.state, 'queued');
	assert.equal(big.order.length, 500);
	assert.ok(!big.tasks.has('t0') && big.tasks.has('t599'), 'the oldest finished went');
});

test('a run that calls tools without end keeps the newest 200 steps (memory and per-event work bounded), every call still logged', () => {
	const s = emptyTasks(50);
	for (let i = 1; i <= 5000; i++) applyTaskEvent(s, {type: 'agent', node: 'n', payload: AgentEventShape.parse({runId: 'forever', seq: i, stream: 'tool', data: {phase: 'start', name: 'exec', toolCallId: `t${i}`, args: {command: `step ${i}`}}}), at: i});
	const t = s.tasks.get('forever')!;
	assert.equal(t.tools.length, MAX_TOOL_STEPS);
	assert.equal(t.tools.at(-1)!.id, 't5000');
	assert.equal(t.tools[0]!.id, `t${5000 - MAX_TOOL_STEPS + 1}`);
	assert.equal(s.log.nextSeq >= 5000, true);
});
