import fs from 'node:fs';
import path from 'node:path';
import type {LogEntry} from '../core/log-ring.js';
import {sanitize, sanitizeLine} from '../core/sanitize.js';

const KINDS = new Set<LogEntry['kind']>(['route', 'info', 'text', 'tool', 'done', 'error', 'warn']);
const MAX_TEXT = 4000;
export type StoredLine = Omit<LogEntry, 'seq'>;

/**
 * The task log's lines, beside the task history: append-only NDJSON (log.ndjson), sanitised
 * again before writing, rotated past `maxBytes` (the previous file kept as log.1.ndjson, so
 * at most 2 × maxBytes on disk), the newest `keep` lines reloaded on start. A line that does
 * not parse is skipped and counted, never fatal.
 */
export class LogHistory {
	readonly file: string;
	readonly previous: string;
	skipped = 0;

	constructor(
		dir: string,
		readonly maxBytes = 2 * 1024 * 1024,
		readonly keep = 5000,
	) {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		this.file = path.join(dir, 'log.ndjson');
		this.previous = path.join(dir, 'log.1.ndjson');
	}

	append(lines: readonly StoredLine[]): void {
		if (!lines.length) return;
		const text = lines
			.map(l => JSON.stringify({ts: l.ts, node: sanitizeLine(l.node).slice(0, 200), task: sanitizeLine(l.task).slice(0, 40), kind: l.kind, text: sanitize(l.text).slice(-MAX_TEXT)}))
			.join('\n');
		fs.appendFileSync(this.file, text + '\n', {mode: 0o600});
		try {
			if (fs.statSync(this.file).size > this.maxBytes) fs.renameSync(this.file, this.previous);
		} catch {
			// rotation is best effort; the append already happened
		}
	}

	/** The newest `keep` lines, oldest first (by time; lines of one moment keep their order). */
	load(): StoredLine[] {
		const out: StoredLine[] = [];
		for (const f of [this.previous, this.file]) {
			let text: string;
			try {
				text = fs.readFileSync(f, 'utf8');
			} catch {
				continue;
			}
			for (const line of text.split('\n')) {
				if (!line.trim()) continue;
				try {
					const l = JSON.parse(line) as StoredLine;
					if (typeof l.ts !== 'number' || typeof l.text !== 'string' || typeof l.node !== 'string' || typeof l.task !== 'string' || !KINDS.has(l.kind)) throw new Error('shape');
					out.push({ts: l.ts, node: sanitizeLine(l.node), task: sanitizeLine(l.task), kind: l.kind, text: sanitize(l.text).slice(-MAX_TEXT)});
				} catch {
					this.skipped++;
				}
			}
		}
		return out
			.map((l, i) => [l, i] as const)
			.sort((a, b) => a[0].ts - b[0].ts || a[1] - b[1])
			.slice(-this.keep)
			.map(([l]) => l);
	}
}
