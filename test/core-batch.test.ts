import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseBatch} from '../source/core/batch.js';

test('batch file: plain lines and JSONL, comments and blanks skipped, bad lines with their number and why', () => {
	const text = [
		'# a comment',
		'summarise the logs',
		'',
		'{"task": "train the model", "tags": ["gpu"], "agent": "coder"}',
		'{"message": "on the mac", "node": "mac"}',
		'{"task": "x", "tags": ["bad tag"]}',
		'{"task": ""}',
		'{"node": "a"}',
		'{"task": "a", "extra": 1}',
		'{not json',
		'{"task": "b", "agent": "../etc"}',
		'  padded line  \r',
	].join('\n');
	const r = parseBatch(text);
	assert.deepEqual(r.tasks, [
		{line: 2, message: 'summarise the logs'},
		{line: 4, message: 'train the model', node: undefined, tags: ['gpu'], agent: 'coder'},
		{line: 5, message: 'on the mac', node: 'mac', tags: undefined, agent: undefined},
		{line: 12, message: 'padded line'},
	]);
	assert.deepEqual(
		r.problems.map(p => p.line),
		[6, 7, 8, 9, 10, 11],
	);
	assert.match(r.problems[0]!.reason, /^tags\.0: a tag is/);
	assert.match(r.problems[1]!.reason, /task is empty/);
	assert.match(r.problems[2]!.reason, /needs "task"/);
	assert.match(r.problems[3]!.reason, /extra/);
	assert.match(r.problems[4]!.reason, /^not valid JSON/);
	assert.match(r.problems[5]!.reason, /^agent: /);
});

test('batch file: adversarial — huge file is bounded, BOM and CRLF tolerated', () => {
	const r = parseBatch('\uFEFFone\r\ntwo\r\n');
	assert.deepEqual(r.tasks.map(t => t.message), ['one', 'two']);
	const big = parseBatch(Array.from({length: 10_005}, (_, i) => `t${i}`).join('\n'));
	assert.equal(big.tasks.length, 10_000);
	assert.match(big.problems[0]!.reason, /more than 10000 tasks/);
});
