import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {TaskHistory} from '../source/store/task-history.js';
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
