import fs from 'node:fs';
import path from 'node:path';
import type {Task} from '../core/tasks.js';

const MAX_TEXT = 20_000;

/**
 * Tasks and their results, append-only NDJSON (tasks.ndjson in the store directory). One
 * line per change of a task; the last line for an id wins. Bounded: past `maxBytes` the
 * file is compacted to the newest `keep` tasks and the previous file kept as tasks.1.ndjson.
 * No tokens are ever written (tasks carry none). A line that does not parse is skipped and
 * counted, never fatal.
 */
export class TaskHistory {
	readonly file: string;
	skipped = 0;

	constructor(
		dir: string,
		readonly maxBytes = 2 * 1024 * 1024,
		readonly keep = 300,
	) {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		this.file = path.join(dir, 'tasks.ndjson');
	}

	load(): Task[] {
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch {
			return [];
		}
		const byId = new Map<string, Task>();
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			try {
				const t = JSON.parse(line) as Task;
				if (typeof t.id !== 'string' || typeof t.node !== 'string' || typeof t.state !== 'string') throw new Error('shape');
				byId.delete(t.id);
				byId.set(t.id, {...t, items: [], tools: Array.isArray(t.tools) ? t.tools : [], lastSeq: 0});
			} catch {
				this.skipped++;
			}
		}
		return [...byId.values()].slice(-this.keep);
	}

	append(t: Task): void {
		const rec = {id: t.id, node: t.node, message: t.message.slice(0, 4000), agentId: t.agentId, sessionKey: t.sessionKey, state: t.state, external: t.external, reason: t.reason, queuedWhy: t.queuedWhy, judged: t.judged, candidates: t.candidates?.slice(0, 20), text: t.text.slice(-MAX_TEXT), tools: t.tools.slice(-50), error: t.error, createdAt: t.createdAt, acceptedAt: t.acceptedAt, endedAt: t.endedAt};
		fs.appendFileSync(this.file, JSON.stringify(rec) + '\n', {mode: 0o600});
		try {
			if (fs.statSync(this.file).size > this.maxBytes) this.#rotate();
		} catch {
			// rotation is best effort; the append already happened
		}
	}

	#rotate(): void {
		const tasks = this.load();
		const tmp = this.file + '.tmp';
		fs.writeFileSync(tmp, tasks.map(t => JSON.stringify({...t, items: undefined, lastSeq: undefined})).join('\n') + '\n', {mode: 0o600});
		fs.renameSync(this.file, path.join(path.dirname(this.file), 'tasks.1.ndjson'));
		fs.renameSync(tmp, this.file);
	}
}
