import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {TaskHistory} from '../source/store/task-history.js';
import {LogHistory} from '../source/store/log-history.js';
import type {Task} from '../source/core/tasks.js';
import {tempDir} from './helpers/store.js';

const task = (i: number, state: Task['state'] = 'done'): Task => ({id: `mgw-${i}`, node: 'A', message: `task ${i}`, state, external: false, text: 'x'.repeat(500), items: [], tools: [], createdAt: i, lastSeq: 0});

test('task history: last record per task wins, bad lines are skipped, the file is bounded and rotated', () => {
	const dir = tempDir();
	const h = new TaskHistory(dir, 64 * 1024, 50);
	h.append(task(1, 'running'));
	h.append(task(1, 'done'));
	fs.appendFileSync(h.file, 'not json\n{"id": 5}\n');
	const loaded = new TaskHistory(dir).load();
	assert.deepEqual(loaded.map(t => [t.id, t.state]), [['mgw-1', 'done']]);
	for (let i = 2; i < 400; i++) h.append(task(i));
	assert.ok(fs.statSync(h.file).size <= 64 * 1024 + 2000, `${fs.statSync(h.file).size} bytes`);
	assert.ok(fs.existsSync(path.join(dir, 'tasks.1.ndjson')), 'previous file kept');
	const after = new TaskHistory(dir, 64 * 1024, 50).load();
	assert.ok(after.length <= 50 && after.at(-1)!.id === 'mgw-399');
	assert.equal(fs.statSync(h.file).mode & 0o777, 0o600);
	const h2 = new TaskHistory(dir);
	h2.load();
	assert.equal(new TaskHistory(dir).load().length > 0, true);
});

test('log history: lines sanitised before writing, hostile and broken lines skipped, bounded and rotated, newest reloaded in order', () => {
	const dir = tempDir();
	const h = new LogHistory(dir, 32 * 1024, 100);
	h.append([{ts: 2, node: 'A\u001b[2J', task: '#abc', kind: 'done', text: 'ok\u001b]52;c;ZXZpbA==\u0007 done\u0007'}]);
	h.append([{ts: 1, node: 'A', task: '#abc', kind: 'info', text: 'sent: hello'}]);
	fs.appendFileSync(h.file, 'not json\n{"ts":3,"node":"A","task":"#x","kind":"rm -rf","text":"x"}\n');
	assert.ok(!fs.readFileSync(h.file, 'utf8').includes('\u001b'), 'nothing hostile on disk');
	const back = new LogHistory(dir);
	assert.deepEqual(back.load().map(l => [l.ts, l.node, l.text]), [[1, 'A', 'sent: hello'], [2, 'A', 'ok done']]);
	assert.equal(back.skipped, 2);
	for (let i = 0; i < 2000; i++) h.append([{ts: 10 + i, node: 'A', task: '#t', kind: 'text', text: `line ${i} ` + 'y'.repeat(100)}]);
	assert.ok(fs.statSync(h.file).size <= 32 * 1024 + 500);
	assert.ok(fs.statSync(h.previous).size <= 32 * 1024 + 500, 'at most two files');
	const last = new LogHistory(dir, 32 * 1024, 100).load();
	assert.equal(last.length, 100);
	assert.match(last.at(-1)!.text, /^line 1999 /);
	assert.equal(fs.statSync(h.file).mode & 0o777, 0o600);
});
