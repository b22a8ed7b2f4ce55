import {test} from 'node:test';
import assert from 'node:assert/strict';
import {candidateLine, parseRuleTarget, route, taskHints, type Candidate} from '../source/core/routing.js';
import {judgeTask} from '../source/core/judge.js';

const n = (name: string, p: Partial<Candidate> = {}): Candidate => ({name, tags: [], state: 'online', activeRuns: 0, load: 0.1, rttMs: 5, ...p});

test('routing table', () => {
	const cases: {task: string; nodes: Candidate[]; pick?: string; fail?: RegExp; wait?: string; reason?: RegExp}[] = [
		{task: 'train a lora on the photos', nodes: [n('laptop'), n('AI电脑', {tags: ['gpu'], load: 0.3, rttMs: 12})], pick: 'AI电脑', reason: /^→ AI电脑: heavy → gpu, tag gpu, 0 running, load 0\.3, 12 ms, 1 other eligible$/},
		{task: 'fix the xcode build', nodes: [n('linux', {tags: ['build']}), n('mac', {tags: ['mac']})], pick: 'mac'},
		{task: 'summarise this page', nodes: [n('busy', {activeRuns: 3}), n('idle')], pick: 'idle', reason: /0 running/},
		{task: 'summarise this page', nodes: [n('hot', {load: 1.5}), n('cool', {load: 0.2})], pick: 'cool'},
		{task: 'summarise', nodes: [n('far', {rttMs: 900}), n('near', {rttMs: 3})], pick: 'near'},
		{task: 'summarise', nodes: [n('slow', {state: 'degraded'}), n('fine')], pick: 'fine'},
		{task: 'summarise', nodes: [n('only', {state: 'degraded'})], pick: 'only', reason: /degraded/},
		{task: 'run @gpu job', nodes: [n('a'), n('b', {tags: ['GPU']})], pick: 'b', reason: /@gpu/},
		{task: 'run @gpu @mac job', nodes: [n('a', {tags: ['gpu']}), n('b', {tags: ['mac']})], fail: /no node has tags @gpu @mac/, wait: 'never'},
		{task: 'run @gpu job', nodes: [n('a'), n('g', {tags: ['gpu'], state: 'unreachable'})], fail: /no online node has tag @gpu \(g: unreachable\)/, wait: 'offline'},
		{task: 'anything', nodes: [n('p', {state: 'pairing-required'}), n('s', {state: 'scope-limited'}), n('x', {state: 'unreachable'})], fail: /no node is online \(p: pairing-required, s: scope-limited, x: unreachable\)/, wait: 'offline'},
		{task: 'anything', nodes: [], fail: /no nodes configured/, wait: 'never'},
		{task: 'gpu render', nodes: [n('g', {tags: ['gpu'], activeRuns: 1}), n('plain')], pick: 'g'},
		{task: 'crawl the entire site overnight', nodes: [n('a', {load: 0.5}), n('b', {load: 0.2, activeRuns: 0})], pick: 'b'},
		{task: 'same', nodes: [n('first'), n('second')], pick: 'first'},
		// the rules: light stays local, heavy goes to gpu, even against load
		{task: 'what time is it', nodes: [n('remote', {load: 0}), n('local', {local: true, load: 0.9})], pick: 'local', reason: /^→ local: light → local,/},
		{task: 'render the scene', nodes: [n('local', {local: true}), n('rig', {tags: ['gpu'], load: 1})], pick: 'rig', reason: /heavy → gpu/},
		// limits: a full node is skipped; all full → wait busy
		{task: 'x', nodes: [n('a', {limit: 2, activeRuns: 2}), n('b', {limit: 1, activeRuns: 0, load: 1.9})], pick: 'b'},
		{task: 'x', nodes: [n('a', {limit: 2, activeRuns: 2}), n('b', {limit: 1, activeRuns: 1}), n('c', {state: 'unreachable'})], fail: /all 2 eligible nodes are at the limit \(b 1\/1 running, a 2\/2 running\)/, wait: 'busy'},
	];
	for (const c of cases) {
		const r = route(c.task, c.nodes);
		if (c.fail) {
			assert.equal(r.ok, false, c.task);
			if (!r.ok) {
				assert.match(r.reason, c.fail);
				if (c.wait) assert.equal(r.wait, c.wait, c.task);
			}
		} else {
			assert.ok(r.ok, `${c.task}: ${!r.ok && r.reason}`);
			if (r.ok) {
				assert.equal(r.node, c.pick, `${c.task}: ${r.reason}`);
				if (c.reason) assert.match(r.reason, c.reason);
				assert.equal(r.ranked[0]!.name, c.pick);
				assert.equal(r.ranked.length, c.nodes.length, 'every candidate is listed');
			}
		}
	}
});

test('every candidate is listed with its score and terms, the left-out ones with why', () => {
	const r = route('train the model @gpu', [n('laptop', {local: true}), n('rig', {tags: ['gpu'], load: 0.5, rttMs: 100, activeRuns: 1, limit: 4}), n('rig2', {tags: ['gpu'], state: 'pairing-required'})]);
	assert.ok(r.ok);
	assert.deepEqual(
		r.ranked.map((x, i) => candidateLine(x, i === 0)),
		['› rig 13: @gpu, heavy → gpu +50, 1/4 running −15, load 0.5 −20, 100 ms −2', '  laptop —: missing @gpu', '  rig2 —: pairing-required'],
	);
	assert.equal(r.judgement.level, 'heavy');
});

test('a named node: only that one, offline → wait, unknown → never', () => {
	const nodes = [n('a'), n('b', {state: 'unreachable'})];
	const r = route('x', nodes, {only: 'b'});
	assert.ok(!r.ok && r.wait === 'offline' && /b is unreachable, not online/.test(r.reason));
	const u = route('x', nodes, {only: 'zz'});
	assert.ok(!u.ok && u.wait === 'never' && /no node named "zz"/.test(u.reason));
	const t = route('x', [n('a', {tags: ['cpu']})], {tags: ['gpu']});
	assert.ok(!t.ok && /no node has tag @gpu/.test(t.reason), 'tags from a batch line are required');
	const rules = route('hi', [n('r'), n('l', {local: true})], {rules: {light: 'remote', medium: 'any', heavy: 'tag:gpu'}});
	assert.ok(rules.ok && rules.node === 'r' && /light → remote/.test(rules.reason), 'rules are settable');
	const judged = route('hi', [n('l', {local: true}), n('g', {tags: ['gpu']})], {judgement: {...judgeTask('hi'), level: 'heavy', by: 'agent on l'}});
	assert.ok(judged.ok && judged.node === 'g', "the judge's level drives the rule");
});

test('rule targets parse', () => {
	assert.equal(parseRuleTarget('local'), 'local');
	assert.equal(parseRuleTarget('GPU'), 'tag:gpu');
	assert.equal(parseRuleTarget('tag:mac'), 'tag:mac');
	assert.equal(parseRuleTarget('two words'), undefined);
});

test('task hints: @tags required, words preferred', () => {
	assert.deepEqual(taskHints('do it @gpu @Mac').required, ['gpu', 'mac']);
	assert.deepEqual(taskHints('email me a@b.com').required, [], 'an address is not a tag');
	assert.deepEqual(taskHints('用显卡训练模型').preferred.map(p => p.tag), ['gpu']);
});

test('scheduler: a slow node leaves the last tasks to faster ones; ideal makespan', async () => {
	const {betterElsewhere, idealMakespan} = await import('../source/core/queue.js');
	const fast = {name: 'fast', estMs: 100, freeAt: [1050]};
	const slow = {name: 'slow', estMs: 1000, freeAt: [1000]};
	assert.equal(betterElsewhere(slow, [fast], 1000, 3), true, 'fast finishes 3 before slow finishes 1');
	assert.equal(betterElsewhere(slow, [fast], 1000, 20), false, 'a long queue needs the slow node too');
	assert.equal(betterElsewhere({...slow, estMs: undefined}, [fast], 1000, 1), false, 'no measurement, no holding back');
	assert.equal(idealMakespan(10, [{ms: 100, slots: 1}]), 1000);
	assert.equal(idealMakespan(3, [{ms: 100, slots: 1}, {ms: 1000, slots: 1}]), 300);
	assert.equal(idealMakespan(12, [{ms: 100, slots: 1}, {ms: 1000, slots: 1}]), 1100);
	assert.equal(idealMakespan(200, [{ms: 400, slots: 4}, {ms: 700, slots: 3}, {ms: 1000, slots: 2}]), 12_600);
});
