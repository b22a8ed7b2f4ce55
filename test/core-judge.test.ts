import {test} from 'node:test';
import assert from 'node:assert/strict';
import {describeJudgement, judgePrompt, judgeTask, parseJudgeAnswer} from '../source/core/judge.js';

test('complexity heuristic table: level and the terms that made it', () => {
	const cases: [string, string, string[]][] = [
		['hello', 'light', []],
		['what is the weather', 'light', []],
		['summarise the meeting notes', 'medium', ['summarise +2']],
		['train a lora on the photos', 'heavy', ['train +3']],
		['render the intro, then render the outro', 'heavy', ['render +3']],
		['compile the kernel', 'heavy', ['compile +3']],
		['用显卡训练模型', 'heavy', ['训练 +3']],
		['分析这个日志', 'medium', ['分析 +2']],
		['分析日志并渲染图表', 'heavy', ['渲染 +3', '分析 +2']],
		['x'.repeat(250), 'light', ['length 250 chars +1']],
		['x'.repeat(700), 'medium', ['length 700 chars +2']],
		['y'.repeat(2100), 'heavy', ['length 2100 chars +3']],
		['look at\n```\ncode\n```\nand\n```\nmore\n```', 'medium', ['2 code blocks +2']],
		['check data.csv and https://example.com/x', 'medium', ['attachments data.csv, https://example.com/x +2']],
		['read notes.md', 'light', []],
	];
	for (const [text, level, terms] of cases) {
		const j = judgeTask(text);
		assert.equal(j.level, level, `${text.slice(0, 40)}: ${j.terms.join(', ')}`);
		assert.deepEqual(j.terms, terms, text.slice(0, 40));
		assert.equal(j.by, 'heuristic');
	}
	assert.equal(describeJudgement(judgeTask('hello')), 'light (short, no heavy words)');
	assert.equal(describeJudgement(judgeTask('train it')), 'heavy (train +3)');
});

test('judge answers are read defensively (adversarial: echo, sentences, JSON, junk)', () => {
	const ok: [unknown, string][] = [
		['heavy', 'heavy'],
		[' Light.\n', 'light'],
		['**MEDIUM**', 'medium'],
		['`heavy`', 'heavy'],
		['{"level":"heavy"}', 'heavy'],
	];
	for (const [a, l] of ok) assert.equal(parseJudgeAnswer(a), l, String(a));
	const bad: unknown[] = [
		`done: ${judgePrompt('train it')}`, // the fake model's echo names all three words
		'light or heavy',
		'I think this is heavy',
		'heavy\nbecause training',
		'{"level": 3}',
		'{"level": "enormous"}',
		'{broken',
		'',
		'heavy'.repeat(50),
		undefined,
		42,
	];
	for (const a of bad) assert.equal(parseJudgeAnswer(a), undefined, String(a).slice(0, 40));
	assert.ok(judgePrompt('z'.repeat(5000)).length < 2300, 'the prompt is bounded');
});
