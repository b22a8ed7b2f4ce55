import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseNodeTable} from '../source/core/markdown-table.js';

const rowsOf = (text: string) => parseNodeTable(text).rows.map(r => [r.line, r.node.name, r.node.host, r.node.port, r.token]);

test('import: every markdown table form a person writes', () => {
	const want = [[3, 'studio', '10.0.0.5', 18789, 'tok-studio-123456']];
	// the guide's form
	assert.deepEqual(rowsOf('| 名称 | IP | 端口 | Token |\n|---|---|---|---|\n| studio | 10.0.0.5 | 18789 | tok-studio-123456 |'), want);
	// short separators, alignment colons
	assert.deepEqual(rowsOf('| 名称 | IP | 端口 | Token |\n|-|:-:|-:|:-|\n| studio | 10.0.0.5 | 18789 | tok-studio-123456 |'), want);
	// no outer pipes (header, separator and rows)
	assert.deepEqual(rowsOf('名称 | IP | 端口 | Token\n--- | --- | --- | ---\nstudio | 10.0.0.5 | 18789 | tok-studio-123456'), want);
	// mixed: outer pipes on some lines only
	assert.deepEqual(rowsOf('| name | host | port | token\n-|-|-|-\nstudio | 10.0.0.5 | 18789 | tok-studio-123456 |'), want);
	// full-width pipes (a Chinese IME), full-width dashes in the separator
	assert.deepEqual(rowsOf('｜名称｜IP｜端口｜Token｜\n｜－－｜－－｜－－｜－－｜\n｜studio｜10.0.0.5｜18789｜tok-studio-123456｜'), want);
	// an escaped pipe inside a token stays in the token
	assert.deepEqual(rowsOf('| name | host | port | token |\n|---|---|---|---|\n| studio | 10.0.0.5 | 18789 | tok\\|studio-123456 |'), [[3, 'studio', '10.0.0.5', 18789, 'tok|studio-123456']]);
	// bold headers, CRLF line ends
	assert.deepEqual(rowsOf('| **名称** | **IP** | **端口** | **Token** |\r\n|---|---|---|---|\r\n| studio | 10.0.0.5 | 18789 | tok-studio-123456 |\r\n'), want);
});

test('import: what is not a table is said, with the line', () => {
	const noSep = parseNodeTable('| 名称 | IP | 端口 | Token |\n| studio | 10.0.0.5 | 18789 | tok-studio-123456 |');
	assert.equal(noSep.tables, 0);
	assert.deepEqual(noSep.problems, [{line: 2, reason: 'no separator row (|---|---|) under the header on line 1, so this is not a table'}]);
	const noToken = parseNodeTable('intro\n| name | host | port |\n|---|---|---|\n| a | 10.0.0.1 | 1 |');
	assert.equal(noToken.tables, 0);
	assert.equal(noToken.problems[0]!.line, 2);
	assert.match(noToken.problems[0]!.reason, /missing: Token/);
	const extra = parseNodeTable('| name | host | port | token |\n|---|---|---|---|\n| a | 10.0.0.1 | 1 | tok|en-123456789 |');
	assert.deepEqual(extra.problems.map(p => p.line), [3]);
	assert.match(extra.problems[0]!.reason, /5 cells but the header has 4 \(a \| inside a value is written \\\|\)/);
	// prose with a pipe and an unrelated table are still ignored silently
	const quiet = parseNodeTable('a | b\n\n| x | y |\n|---|---|\n| 1 | 2 |');
	assert.deepEqual([quiet.tables, quiet.problems.length], [0, 0]);
});
