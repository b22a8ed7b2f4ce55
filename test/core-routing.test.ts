import {test} from 'node:test';
import assert from 'node:assert/strict';
import {route, taskHints, type Candidate} from '../source/core/routing.js';

const n = (name: string, p: Partial<Candidate> = {}): Candidate => ({name, tags: [], state: 'online', activeRuns: 0, load: 0.1, rttMs: 5, ...p});

test('routing table', () => {
	const cases: {task: string; nodes: Candidate[]; pick?: string; fail?: RegExp; reason?: RegExp}[] = [
		{task: 'train a lora on the photos', nodes: [n('laptop'), n('AI电脑', {tags: ['gpu'], load: 0.3, rttMs: 12})], pick: 'AI电脑', reason: /^→ AI电脑: tag gpu, 0 running, load 0\.3, 12 ms, 1 other eligible$/},
		{task: 'fix the xcode build', nodes: [n('linux', {tags: ['build']}), n('mac', {tags: ['mac']})], pick: 'mac'},
		{task: 'summarise this page', nodes: [n('busy', {activeRuns: 3}), n('idle')], pick: 'idle', reason: /0 running/},
		{task: 'summarise this page', nodes: [n('hot', {load: 1.5}), n('cool', {load: 0.2})], pick: 'cool'},
		{task: 'summarise', nodes: [n('far', {rttMs: 900}), n('near', {rttMs: 3})], pick: 'near'},
		{task: 'summarise', nodes: [n('slow', {state: 'degraded'}), n('fine')], pick: 'fine'},
		{task: 'summarise', nodes: [n('only', {state: 'degraded'})], pick: 'only', reason: /degraded/},
		{task: 'run @gpu job', nodes: [n('a'), n('b', {tags: ['GPU']})], pick: 'b', reason: /@gpu/},
		{task: 'run @gpu @mac job', nodes: [n('a', {tags: ['gpu']}), n('b', {tags: ['mac']})], fail: /no online node has tags @gpu @mac/},
		{task: 'anything', nodes: [n('p', {state: 'pairing-required'}), n('s', {state: 'scope-limited'}), n('x', {state: 'unreachable'})], fail: /no node is online \(p: pairing-required, s: scope-limited, x: unreachable\)/},
		{task: 'anything', nodes: [], fail: /no nodes configured/},
		{task: 'gpu render', nodes: [n('g', {tags: ['gpu'], activeRuns: 1}), n('plain')], pick: 'g'},
		{task: 'crawl the entire site overnight', nodes: [n('a', {load: 0.5}), n('b', {load: 0.2, activeRuns: 0})], pick: 'b'},
		{task: 'same', nodes: [n('first'), n('second')], pick: 'first'},
	];
	for (const c of cases) {
		const r = route(c.task, c.nodes);
		if (c.fail) {
			assert.equal(r.ok, false, c.task);
			if (!r.ok) assert.match(r.reason, c.fail);
		} else {
			assert.ok(r.ok, `${c.task}: ${!r.ok && r.reason}`);
			if (r.ok) {
				assert.equal(r.node, c.pick, `${c.task}: ${r.reason}`);
				if (c.reason) assert.match(r.reason, c.reason);
				assert.equal(r.ranked[0]!.name, c.pick);
			}
		}
	}
});

test('task hints: @tags required, words preferred, long tasks', () => {
	assert.deepEqual(taskHints('do it @gpu @Mac').required, ['gpu', 'mac']);
	assert.deepEqual(taskHints('email me a@b.com').required, [], 'an address is not a tag');
	assert.deepEqual(taskHints('用显卡训练模型').preferred.map(p => p.tag), ['gpu']);
	assert.equal(taskHints('x'.repeat(700)).long, true);
	assert.equal(taskHints('hello').long, false);
});
